import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ApiClient } from '../support/api-client';
import { launchChromium, newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { freePort, startServerProcess } from '../support/server-process';

/** Windows on the benched floor (the demo floors have ~12; the patrol issue's figure is for 40). */
const FLOOR_WINDOWS = 40;
const OPENS = 10;
const ROUND_RECORDS = 60;
const PHOTO_RUNS = 5;
const CPU_THROTTLE = 4;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)]!.toFixed(2));
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: Number(sorted.at(-1)!.toFixed(2)),
  };
}

async function measureCount(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').length, name);
}

async function waitForMeasures(page: Page, name: string, count: number, what: string): Promise<void> {
  await page
    .waitForFunction(
      ([n, c]) => performance.getEntriesByName(n as string, 'measure').length >= (c as number),
      [name, count] as const,
      { timeout: 30_000, polling: 20 },
    )
    .catch(() => {
      throw new Error(`bench: timed out waiting for ${what} (${name} #${count})`);
    });
}

/**
 * The patrol issue's phone-side figures in real Chromium against the real server (built PWA):
 * opening a round for a floor of 40 windows under 4× CPU throttling (User Timing 'wd:round-open',
 * tap → windows rendered from IndexedDB), tap-to-persisted of the round screen's 3-tap record
 * ('wd:round-tap-to-persisted', offline), and the app's scalePhoto on a 12-megapixel JPEG (4× CPU throttling).
 */
export async function measurePatrol() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-patrol-'));
  const server = await startServerProcess({ port: await freePort(), dataDir });
  const browser = await launchChromium();
  try {
    const phone = await newPhone(browser, { testClock: false }); // the bench's server and data are on the real clock
    const page = await phone.newPage();
    page.on('dialog', (dialog) => void dialog.accept()); // an excuse warning must not stop a save
    await page.goto(`${server.url}/?bench=1`);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await page.getByTestId('start-round').first().waitFor({ timeout: 30_000 });
    const floorId = await page.evaluate(
      async () => (await (globalThis as any).__windowDuty.db.meta.get('profile')).value.floorId as string,
    );
    if (!floorId) throw new Error('bench: duty1 has no floor');

    // Fill duty1's floor to 40 windows through the admin API (as supervision), then sync the phone.
    const admin = new ApiClient(server.url);
    await admin.signIn('super1');
    const listed = await admin.request('GET', '/api/admin/windows');
    if (listed.status !== 200) throw new Error(`bench: list windows ${listed.status}`);
    const onFloor = (listed.body.windows as { floorId: string; position: number }[]).filter(
      (w) => w.floorId === floorId,
    );
    const lastPosition = Math.max(0, ...onFloor.map((w) => w.position));
    for (let i = onFloor.length; i < FLOOR_WINDOWS; i++) {
      const created = await admin.request('POST', '/api/admin/windows', {
        floorId,
        number: `B${i}`,
        name: `压测窗口 ${i}`,
        department: '压测',
        kind: 'public_service',
        position: lastPosition + 1 + i,
      });
      if (created.status !== 201)
        throw new Error(`bench: create window ${created.status} ${JSON.stringify(created.body)}`);
    }
    const floorWindows = await page.evaluate(async (id) => {
      const { db, engine } = (globalThis as any).__windowDuty;
      const result = await engine.sync('manual');
      if (result.status !== 'ok') throw new Error(`sync: ${JSON.stringify(result)}`);
      return db.windows.where('floorId').equals(id).count() as Promise<number>;
    }, floorId);
    if (floorWindows !== FLOOR_WINDOWS)
      throw new Error(`bench: the phone has ${floorWindows} windows on the floor, expected ${FLOOR_WINDOWS}`);

    // Offline as in the hall: nothing else competes for the database.
    await phone.setOffline(true);

    // Round opens, 4× CPU throttling: the first opening starts the round (and loads the screen's
    // chunk), then back home and "continue" OPENS times.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    await page.getByTestId('start-round').first().click();
    await waitForMeasures(page, 'wd:round-open', 1, 'the round to open');
    const rendered = await page.getByTestId('round-window').count();
    if (rendered !== FLOOR_WINDOWS)
      throw new Error(`bench: the round shows ${rendered} windows, expected ${FLOOR_WINDOWS}`);
    for (let i = 0; i < OPENS; i++) {
      await page.locator('[data-testid="round-screen"] > .actions > .btn').first().click(); // back
      await page.getByTestId('continue-round').first().click();
      await waitForMeasures(page, 'wd:round-open', i + 2, 'the round to reopen');
    }
    const opens = await page.evaluate(() =>
      performance.getEntriesByName('wd:round-open', 'measure').map((e) => e.duration),
    );
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    // Tap-to-persisted from the round screen: window → item → save, cycling over the 40 windows.
    const windows = page.getByTestId('round-window');
    const before = await measureCount(page, 'wd:round-tap-to-persisted');
    for (let i = 0; i < ROUND_RECORDS; i++) {
      const card = windows.nth(i % FLOOR_WINDOWS);
      await card.getByTestId('open-window').click(); // tap 1: the window
      await card.getByTestId('quick-item').first().click(); // tap 2: the item
      await card.getByTestId('save-violation').click(); // tap 3: save
      await waitForMeasures(page, 'wd:round-tap-to-persisted', before + i + 1, 'a round record');
      await card.getByTestId('quick-record').waitFor({ state: 'detached' });
    }
    const taps = await page.evaluate(() =>
      performance.getEntriesByName('wd:round-tap-to-persisted', 'measure').map((e) => e.duration),
    );
    if (taps.length !== ROUND_RECORDS)
      throw new Error(`bench: expected ${ROUND_RECORDS} round records, got ${taps.length}`);

    // The app's scalePhoto on a 4000×3000 JPEG made in the page (noisy, so it decodes like a photo),
    // at 4× CPU throttling like the round screen: a mid-range phone, not this machine's cores.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    const photo = await page.evaluate(async (runs) => {
      const photos = await (globalThis as any).__windowDuty.photos();
      const canvas = new OffscreenCanvas(4000, 3000);
      const ctx = canvas.getContext('2d')!;
      const image = ctx.createImageData(4000, 3000);
      let seed = 12345;
      for (let i = 0; i < image.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const x = (i / 4) % 4000;
        const y = Math.floor(i / 16000);
        image.data[i] = (x / 16 + (seed & 31)) & 255;
        image.data[i + 1] = (y / 12 + ((seed >> 5) & 31)) & 255;
        image.data[i + 2] = ((x + y) / 28 + ((seed >> 10) & 31)) & 255;
        image.data[i + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
      // Made in the page under the same throttling; only scalePhoto is timed.
      const source: Blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
      const ms: number[] = [];
      let out: Blob | null = null;
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        out = await photos.scalePhoto(source);
        ms.push(performance.now() - start);
      }
      const bitmap = await createImageBitmap(out!);
      const size = [bitmap.width, bitmap.height];
      bitmap.close();
      return { ms, sourceBytes: source.size, outputBytes: out!.size, outputSize: size };
    }, PHOTO_RUNS);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await phone.close();

    const open = stats(opens.slice(1)); // reopenings; the first (which also starts the round) is reported apart
    const tap = stats(taps);
    const scale = stats(photo.ms);
    return {
      roundOpen: {
        floorWindows: FLOOR_WINDOWS,
        cpuThrottle: CPU_THROTTLE,
        opens: open.samples,
        medianMs: open.median,
        p95Ms: open.p95,
        maxMs: open.max,
        firstOpenMs: Number(opens[0]!.toFixed(2)),
        measure:
          'wd:round-open (tap → windows rendered from IndexedDB); opens = continue round; firstOpenMs = start round + loading the screen chunk',
      },
      roundTapToPersistedMs: {
        samples: tap.samples,
        median: tap.median,
        p95: tap.p95,
        measure: 'wd:round-tap-to-persisted (save tap → committed Dexie transaction, offline, no throttling)',
      },
      photoScale12Mp: {
        source: '4000x3000 JPEG',
        cpuThrottle: CPU_THROTTLE,
        runs: scale.samples,
        medianMs: scale.median,
        maxMs: scale.max,
        sourceBytes: photo.sourceBytes,
        outputBytes: photo.outputBytes,
        output: photo.outputSize.join('x'),
      },
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
