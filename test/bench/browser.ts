import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { freePort, startServerProcess } from '../support/server-process';

const TAPS = 200;
const QUEUED = 10_000;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)]!.toFixed(2));
}

async function pendingCount(page: Page): Promise<string | null> {
  return page.getByTestId('sync-pending-count').getAttribute('data-count');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The phone-side figures in real Chromium against the real server (built PWA, embedded database):
 * tap-to-persisted for recording a violation through the form (User Timing from the save tap to
 * the committed Dexie transaction), pushing 10,000 queued mutations until all are acknowledged,
 * and pulling them back into an emptied IndexedDB.
 */
export async function measureInBrowser() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-'));
  const server = await startServerProcess({ port: await freePort(), dataDir });
  const browser = await launchChromium();
  try {
    const phone = await newPhone(browser);
    const page = await phone.newPage();
    await page.goto(`${server.url}/?bench=1`);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await page.getByTestId('record-violation').click();
    await waitFor(async () => (await page.getByTestId('window-select').locator('option').count()) > 5, 30_000, 'reference data');
    await page.getByTestId('cancel-violation').click();

    // Tap-to-persisted, offline as in the hall: nothing else competes for the database.
    await phone.setOffline(true);
    for (let i = 0; i < TAPS; i++) {
      await page.getByTestId('record-violation').click();
      const select = page.getByTestId('window-select');
      const value = await select.locator('option').nth(1 + (i % 10)).getAttribute('value');
      await select.selectOption(value!);
      await page.getByTestId('save-violation').click();
      await page.getByTestId('record-violation').waitFor();
    }
    const taps = await page.evaluate(() => performance.getEntriesByName('wd:tap-to-persisted').map((e) => e.duration));
    if (taps.length !== TAPS) throw new Error(`bench: expected ${TAPS} tap measures, got ${taps.length}`);
    taps.sort((a, b) => a - b);

    await phone.setOffline(false);
    await waitFor(async () => (await pendingCount(page)) === '0', 60_000, 'the tapped records to sync');

    const push = await page.evaluate(async (queued) => {
      const { db, engine } = (globalThis as any).__windowDuty;
      const profile = (await db.meta.get('profile')).value;
      const windows = await db.windows.toArray();
      const now = new Date().toISOString();
      const rows: unknown[] = [];
      const entries: unknown[] = [];
      // A month's backlog: observed over the last 30 days (a whole hall's month is ~10,000 records).
      for (let i = 0; i < queued; i++) {
        const observedAt = new Date(Date.now() - (i % 30) * 86_400_000 - (i % 480) * 60_000).toISOString();
        const args = {
          id: crypto.randomUUID(), windowId: windows[i % windows.length].id, staffId: null, itemCode: 'NO_BADGE',
          count: 1, observedAt, note: `queued ${i}`, deviceRecordedAt: now,
        };
        rows.push({ ...args, recordedBy: profile.id, syncState: 'pending' });
        entries.push({ id: crypto.randomUUID(), name: 'violation.record', userId: profile.id, createdAt: now, args, state: 'pending', attempts: 0, rowKey: `violations:${args.id}` });
      }
      await db.transaction('rw', db.violations, db.outbox, async () => {
        await db.violations.bulkAdd(rows);
        await db.outbox.bulkAdd(entries);
      });
      // Acknowledged = the outbox is empty; the same sync then pulls the 10,000 rows back (the
      // server's receive times), which is reported separately as the whole round trip.
      const start = performance.now();
      const syncing = engine.sync('manual');
      let ackMs = 0;
      for (;;) {
        if ((await db.outbox.count()) === 0) {
          ackMs = performance.now() - start;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      const result = await syncing;
      if (result.status !== 'ok') throw new Error(`sync: ${JSON.stringify(result)}`);
      return { ms: ackMs, roundTripMs: performance.now() - start, left: await db.outbox.count() };
    }, QUEUED);
    if (push.left !== 0) throw new Error(`bench: ${push.left} mutations left after push`);

    const pull = await page.evaluate(async () => {
      const { db, engine } = (globalThis as any).__windowDuty;
      await db.transaction('rw', db.violations, db.meta, async () => {
        await db.violations.clear();
        await db.meta.put({ key: 'cursor', value: 0 });
      });
      const start = performance.now();
      const result = await engine.sync('manual');
      const ms = performance.now() - start;
      if (result.status !== 'ok') throw new Error(`sync: ${JSON.stringify(result)}`);
      return { ms, pulled: result.pulled, violations: await db.violations.count() };
    });
    if (pull.violations < QUEUED) throw new Error(`bench: only ${pull.violations} violations pulled`);
    await phone.close();

    return {
      tapToPersistedMs: { samples: TAPS, median: percentile(taps, 50), p95: percentile(taps, 95) },
      push10k: { mutations: QUEUED, ms: Math.round(push.ms), withPullBackMs: Math.round(push.roundTripMs) },
      pull10k: { rows: pull.pulled, violationsInIndexedDb: pull.violations, ms: Math.round(pull.ms) },
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
