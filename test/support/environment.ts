import { existsSync } from 'node:fs';

/**
 * Parts of the test suite that need something outside node_modules (real Chromium, a real
 * PostgreSQL). Without it a developer's `npm test` skips that part with a loud notice; under
 * CI (CI=true or CI=1, see isCi) a missing part is a failure, never a silent skip.
 */

/**
 * Whether the tests run in CI, the one definition every helper uses: CI set to anything but
 * empty, "0" or "false" (CI services set CI=true, some CI=1; both mean the same here).
 */
export function isCi(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

export const IN_CI = isCi(process.env.CI);

function loudSkip(what: string, how: string): false {
  const line = '!'.repeat(78);
  console.warn(`\n${line}\n!! SKIPPED: ${what}\n!! ${how}\n${line}\n`);
  return false;
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when Chromium is there; false (and a loud notice) when not; throws under CI. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (IN_CI) throw new Error(`CI is set but no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  return loudSkip('end-to-end tests in real Chromium', `no browser at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}

/** The PostgreSQL URL for tests, or null (and a loud notice); throws under CI. */
export function postgresUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return url;
  if (IN_CI)
    throw new Error('CI is set but TEST_DATABASE_URL is not set: the PostgreSQL suite cannot be skipped in CI');
  loudSkip('the PostgreSQL suite', 'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it');
  return null;
}

/** Chromium flags for this machine: no sandbox as root, no background traffic to the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
