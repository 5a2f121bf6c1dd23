import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newPhone, signIn } from '../support/browser';
import { freePort, startServerProcess } from '../support/server-process';

const KiB = 1024;
export const FIRST_LOAD_TARGETS = { signInKiB: 100, homeKiB: 150 };
/** Each role's demo user (password demo1234). */
export const HOME_USERS = ['duty1', 'super1', 'staff1', 'head1', 'leader1', 'dept1'] as const;

/**
 * Records, in the page, when each test id first appears in the DOM (a MutationObserver runs
 * right after React's commit, before effects started by the render can fetch anything).
 * A string, not a function: tsx would wrap named functions in a helper the page does not have.
 */
export const OBSERVE_SCREENS = `
  const seen = {};
  globalThis.__wdSeen = seen;
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-testid]')) {
      const id = el.getAttribute('data-testid');
      if (!(id in seen)) seen[id] = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
`;

export type Seen = Record<string, number>;
/** The sign-in screen is usable once its submit button is in the DOM. */
const signInUsable = (seen: Seen) => seen['login-submit'];
/** A home is usable once the nav and its list (rows or "no records") are in the DOM. */
export function homeUsable(seen: Seen): number | undefined {
  const list = Math.min(
    seen['no-records'] ?? Infinity,
    seen['violation-row'] ?? Infinity,
    seen['my-records'] ?? Infinity,
  );
  if (seen['nav-home'] === undefined || list === Infinity) return undefined;
  return Math.max(seen['nav-home'], list);
}

interface Loaded {
  /** JS and CSS fetched (request started) before the screen was usable, compressed bytes on the wire. */
  jsBytes: number;
  cssBytes: number;
  totalKiB: number;
  files: number;
  usableAtMs: number;
  /** Everything the page fetched until the network went quiet (what loads right after the screen). */
  settledKiB: number;
  settledFiles: number;
  contentEncodings: string[];
}

export async function waitUsable(
  page: Page,
  usable: (seen: Seen) => number | undefined,
  what: string,
): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const seen: Seen = await page.evaluate(() => ({ ...(globalThis as any).__wdSeen }));
    const at = usable(seen);
    if (at !== undefined) return at;
    if (Date.now() > deadline)
      throw new Error(`bench: ${what} never became usable (seen: ${Object.keys(seen).join(', ')})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sums the page's JS and CSS from Resource Timing: encodedBodySize is the body as sent (compressed). */
async function loaded(page: Page, usableAtMs: number, encodings: Map<string, string>): Promise<Loaded> {
  await page.waitForLoadState('networkidle');
  const entries = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
      name: e.name,
      start: e.startTime,
      bytes: e.encodedBodySize,
    })),
  );
  const assets = entries.filter((e) => /\.(?:js|css)(?:\?|$)/.test(new URL(e.name).pathname));
  const before = assets.filter((e) => e.start <= usableAtMs);
  const sum = (list: typeof assets, ext: string) =>
    list.filter((e) => new URL(e.name).pathname.endsWith(ext)).reduce((s, e) => s + e.bytes, 0);
  const jsBytes = sum(before, '.js');
  const cssBytes = sum(before, '.css');
  return {
    jsBytes,
    cssBytes,
    totalKiB: Number(((jsBytes + cssBytes) / KiB).toFixed(1)),
    files: before.length,
    usableAtMs: Math.round(usableAtMs),
    settledKiB: Number(((sum(assets, '.js') + sum(assets, '.css')) / KiB).toFixed(1)),
    settledFiles: assets.length,
    contentEncodings: [...new Set(before.map((e) => encodings.get(e.name) ?? 'identity'))],
  };
}

async function phone(context: BrowserContext, observe = true): Promise<{ page: Page; encodings: Map<string, string> }> {
  if (observe) await context.addInitScript({ content: OBSERVE_SCREENS });
  const page = await context.newPage();
  const encodings = new Map<string, string>();
  page.on('response', (response) => {
    void response
      .allHeaders()
      .then((h) => encodings.set(response.url(), h['content-encoding'] ?? 'identity'))
      .catch(() => undefined);
  });
  return { page, encodings };
}

/**
 * Issue 14 §1, measured as a user waits: in Chromium against the real server (built PWA, cold
 * HTTP cache, no service worker yet), the JS and CSS fetched before the first usable screen —
 * the sign-in screen, and each role's home — in compressed bytes on the wire. Each home twice:
 * after signing in on a fresh phone (everything since opening the app), and a signed-in phone
 * reopened with an empty HTTP cache and no service worker (a cold start).
 */
export async function measureFirstLoadInBrowser() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-first-load-'));
  const server = await startServerProcess({ port: await freePort(), dataDir });
  const browser = await launchChromium();
  try {
    const fresh = await newPhone(browser);
    const { page, encodings } = await phone(fresh);
    await page.goto(`${server.url}/`);
    const signInScreen = await loaded(page, await waitUsable(page, signInUsable, 'the sign-in screen'), encodings);
    await fresh.close();

    const homes: Record<string, { afterSignIn: Loaded; coldStart: Loaded }> = {};
    for (const user of HOME_USERS) {
      const context = await newPhone(browser);
      const first = await phone(context);
      await first.page.goto(`${server.url}/`);
      await waitUsable(first.page, signInUsable, 'the sign-in screen');
      await signIn(first.page, user);
      const afterSignIn = await loaded(
        first.page,
        await waitUsable(first.page, homeUsable, `${user}'s home`),
        first.encodings,
      );
      // Cold start: the same phone (profile in IndexedDB, session cookie), nothing cached.
      await first.page.evaluate(async () => {
        for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
        for (const key of await caches.keys()) await caches.delete(key);
      });
      const cdp = await context.newCDPSession(first.page);
      await cdp.send('Network.clearBrowserCache');
      await first.page.close();
      const again = await phone(context, false);
      await again.page.goto(`${server.url}/`);
      const coldStart = await loaded(
        again.page,
        await waitUsable(again.page, homeUsable, `${user}'s home (cold start)`),
        again.encodings,
      );
      homes[user] = { afterSignIn, coldStart };
      await context.close();
    }
    const worstHome = Math.max(...Object.values(homes).flatMap((h) => [h.afterSignIn.totalKiB, h.coldStart.totalKiB]));
    return {
      signIn: signInScreen,
      homes,
      worstHomeKiB: worstHome,
      targets: FIRST_LOAD_TARGETS,
      met: {
        signIn: signInScreen.totalKiB <= FIRST_LOAD_TARGETS.signInKiB,
        homes: worstHome <= FIRST_LOAD_TARGETS.homeKiB,
      },
      measure:
        'Chromium Resource Timing encodedBodySize (compressed bytes on the wire) of JS and CSS requested before the screen was usable (sign-in: submit button in the DOM; home: nav and the record list in the DOM); settled = everything until network idle',
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
