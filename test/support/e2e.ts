import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { freePort, startServerProcess, type ServerProcess } from './server-process';

export interface E2eContext {
  dataDir: string;
  port: number;
  server: ServerProcess;
  browser: Browser;
}

/**
 * For an end-to-end suite: the real server as its own process on a fresh data dir (embedded
 * database, demo center) and real Chromium, started before the suite and torn down after it.
 * The server and every phone (newPhone, onTestClock) run on the test clock (test-clock.ts).
 * A test may stop ctx.server and start another on ctx.port / ctx.dataDir (a server restart;
 * pass testClock: true to startServerProcess).
 */
export function withServerAndBrowser(prefix: string, options: { serveArgs?: string[] } = {}): E2eContext {
  const ctx = {} as E2eContext;
  beforeAll(async () => {
    ctx.dataDir = mkdtempSync(join(tmpdir(), `wd-e2e-${prefix}-`));
    ctx.port = await freePort();
    ctx.server = await startServerProcess({
      port: ctx.port,
      dataDir: ctx.dataDir,
      testClock: true,
      serveArgs: options.serveArgs,
    });
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}
