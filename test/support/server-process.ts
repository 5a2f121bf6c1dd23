import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLOCK_OFFSET_ENV, TEST_CLOCK_OFFSET_MS } from './test-clock';

const root = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  /** Everything the process printed, for diagnosing a failed test. */
  output: () => string;
  /** SIGTERM (graceful shutdown) and wait for the exit code. */
  stop: () => Promise<number | null>;
}

/**
 * The command that runs the server as `npm run serve` does: node itself with tsx as a loader
 * (`node --import tsx src/server/cli.ts serve`). Not the `tsx` binary: that runs the server as a
 * child and relays SIGTERM to it, then SIGKILLs a child that has not exited within ~30 ms, so a
 * graceful shutdown (finish in-flight requests, close the database) never got to finish (exit 143).
 */
export function serverCommand(options: { testClock?: boolean } = {}): {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
} {
  // On the test clock (test/support/test-clock.ts) a preload shifts the server's Date like the test's.
  const clock = options.testClock ? ['--import', './test/support/fixed-clock-preload.ts'] : [];
  return {
    command: process.execPath,
    args: ['--import', 'tsx', ...clock, 'src/server/cli.ts', 'serve'],
    env: options.testClock ? { [CLOCK_OFFSET_ENV]: String(TEST_CLOCK_OFFSET_MS) } : {},
  };
}

export const SERVER_ROOT = root;

/** Starts the real server (`node --import tsx src/server/cli.ts serve`) as its own process, as a user would. */
export async function startServerProcess(options: {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  timeoutMs?: number;
  /** Run on the test clock (the end-to-end tests): the server's "today" is testNow()'s, not the real one. */
  testClock?: boolean;
  /** More arguments for `serve` (e.g. --demo-month: last month seeded through publication). */
  serveArgs?: string[];
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const { command, args, env: clockEnv } = serverCommand({ testClock: options.testClock ?? false });
  const child: ChildProcess = spawn(command, [...args, ...(options.serveArgs ?? [])], {
    cwd: root,
    env: { ...env, ...clockEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  // Generous: a fresh PGlite data dir (initdb, migrations, demo seed) took over 60 s on a
  // 2-core CI machine under load (load average 18); the e2e hook timeout is 300 s.
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port: options.port,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
