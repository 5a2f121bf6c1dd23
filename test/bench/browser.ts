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
 * and pulling them into a fresh phone (an empty IndexedDB, its first sync).
 */
export async function measureInBrowser() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-'));
  const server = await startServerProcess({ port: await freePort(), dataDir });
  const browser = await launchChromium();
  try {
    const phone = await newPhone(browser, { testClock: false }); // the bench's server and data are on the real clock
    const page = await phone.newPage();
    await page.goto(`${server.url}/?bench=1`);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await page.getByTestId('record-violation').click();
    // The taps below pick options 1–10: wait until the first sync has brought that many windows
    // (waiting for "more than 5" let a slower first sync leave some behind, and a tap then waited
    // for an option that was never there).
    await waitFor(
      async () => (await page.getByTestId('window-select').locator('option').count()) > 10,
      30_000,
      'reference data',
    );
    await page.getByTestId('cancel-violation').click();

    // Tap-to-persisted, offline as in the hall: nothing else competes for the database.
    await phone.setOffline(true);
    for (let i = 0; i < TAPS; i++) {
      await page.getByTestId('record-violation').click();
      const select = page.getByTestId('window-select');
      const value = await select
        .locator('option')
        .nth(1 + (i % 10))
        .getAttribute('value');
      await select.selectOption(value!);
      await page.getByTestId('quick-item').first().click();
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
          id: crypto.randomUUID(),
          windowId: windows[i % windows.length].id,
          staffId: null,
          itemCode: 'NO_BADGE',
          count: 1,
          observedAt,
          note: `queued ${i}`,
          deviceRecordedAt: now,
        };
        rows.push({ ...args, recordedBy: profile.id, syncState: 'pending' });
        entries.push({
          id: crypto.randomUUID(),
          name: 'violation.record',
          userId: profile.id,
          createdAt: now,
          args,
          state: 'pending',
          attempts: 0,
          rowKey: `violations:${args.id}`,
        });
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

    await phone.close();

    // A month's records to a fresh phone (an empty IndexedDB, as after installing): a new browser
    // profile signs in as the same duty leader with its automatic first pull held back, then one
    // timed sync pulls everything from cursor 0. (Clearing the first phone's table instead left
    // the browser compacting 10,000 deletes during the pull, on the same 2 cores as the server.)
    const fresh = await newPhone(browser, { testClock: false }); // the bench's server and data are on the real clock
    let holdPull = true;
    await fresh.route('**/api/sync/pull**', (route) =>
      holdPull
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: '{"error":"unavailable","message":"held back by the bench"}',
          })
        : route.continue(),
    );
    const freshPage = await fresh.newPage();
    await freshPage.exposeFunction('__benchReleasePull', () => {
      holdPull = false;
    });
    await freshPage.goto(`${server.url}/?bench=1`);
    await signIn(freshPage, 'duty1');
    await freshPage.getByTestId('record-violation').waitFor({ timeout: 30_000 });
    // The service worker's first install downloads the precache (~750 KiB): not part of a pull.
    await waitForServiceWorker(freshPage);
    const pull = await freshPage.evaluate(async () => {
      const { db, engine } = (globalThis as any).__windowDuty;
      // No held-back retry may start the pull on its own: let a running one end, stop the timer.
      while (engine.state.running) await new Promise((r) => setTimeout(r, 10));
      engine.stop();
      await (globalThis as any).__benchReleasePull();
      const before = await db.violations.count();
      const start = performance.now();
      const result = await engine.sync('manual');
      const ms = performance.now() - start;
      if (result.status !== 'ok') throw new Error(`sync: ${JSON.stringify(result)}`);
      return { ms, pulled: result.pulled, before, violations: await db.violations.count() };
    });
    // The yardstick, as the server ingest has raw INSERT: the same rows (as stored) written with
    // plain IndexedDB puts, 5,000 per transaction, into a scratch store with the indexes the phone's
    // violations table has, in the same page. What is left above it is the network, the server and
    // the app's own work.
    const raw = await freshPage.evaluate(async () => {
      const { db } = (globalThis as any).__windowDuty;
      const rows = await db.violations.toArray();
      const indexes: string[] = db.violations.schema.indexes.map((index: { keyPath: string }) => index.keyPath);
      const name = `bench-raw-${Date.now()}`;
      const scratch: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('violations', { keyPath: 'id' });
          for (const index of indexes) store.createIndex(index, index);
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const start = performance.now();
      for (let offset = 0; offset < rows.length; offset += 5000) {
        await new Promise<void>((resolve, reject) => {
          const tx = scratch.transaction('violations', 'readwrite');
          const store = tx.objectStore('violations');
          for (const row of rows.slice(offset, offset + 5000)) store.put(row);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      const ms = performance.now() - start;
      scratch.close();
      indexedDB.deleteDatabase(name);
      return { ms, indexes };
    });
    if (pull.before !== 0) throw new Error(`bench: the fresh phone held ${pull.before} violations before the pull`);
    if (pull.pulled < QUEUED)
      throw new Error(`bench: the timed sync pulled ${pull.pulled} rows (another sync pulled first?)`);
    if (pull.violations < QUEUED) throw new Error(`bench: only ${pull.violations} violations pulled`);
    await fresh.close();

    return {
      tapToPersistedMs: { samples: TAPS, median: percentile(taps, 50), p95: percentile(taps, 95) },
      push10k: { mutations: QUEUED, ms: Math.round(push.ms), withPullBackMs: Math.round(push.roundTripMs) },
      pull10k: {
        rows: pull.pulled,
        violationsInIndexedDb: pull.violations,
        ms: Math.round(pull.ms),
        rawIndexedDbPutMs: Math.round(raw.ms),
        measure: `a fresh phone (empty IndexedDB) signed in, one sync from cursor 0; rawIndexedDbPutMs = the same violation rows put with plain IndexedDB, 5,000 per transaction, into a store with the phone's indexes (${raw.indexes.join(', ')})`,
      },
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
