import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { freePort, startServerProcess } from '../support/server-process';
import { largeMonth, largeMonthAsRows } from '../unit/assessment/large-month';

const ENGINE_RUNS = 11;
const OPENS = 10;
const LOADS = 5;
const CPU_THROTTLE = 4;

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    Number(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!.toFixed(1));
  return { samples: sorted.length, median: at(50), p95: at(95), max: Number(sorted.at(-1)!.toFixed(1)) };
}

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);
}

async function waitForMeasures(page: Page, name: string, count: number): Promise<void> {
  await page
    .waitForFunction(
      ([n, c]) => performance.getEntriesByName(n as string, 'measure').length >= (c as number),
      [name, count] as const,
      { timeout: 30_000, polling: 20 },
    )
    .catch(() => {
      throw new Error(`bench: timed out waiting for ${name} #${count}`);
    });
}

/**
 * Issue 5 §8 in real Chromium (built PWA, real server): the assessment engine on a month of 200
 * windows, 600 staff and 50,000 records as the phone's chunk runs it (fresh data every run), and
 * the rankings opening offline with that month's published version in IndexedDB — from the nav
 * tap ('wd:rankings-open') and from a cold, offline app start straight on /rankings
 * ('wd:rankings-load', navigation start → ranking rendered).
 */
export async function measureAssessmentInBrowser() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-assess-'));
  const server = await startServerProcess({ port: await freePort(), dataDir });
  const browser = await launchChromium();
  try {
    const phone = await newPhone(browser, { testClock: false }); // the bench's server and data are on the real clock
    const page = await phone.newPage();
    await page.goto(`${server.url}/?bench=1`);
    await signIn(page, 'head1');
    await waitForServiceWorker(page);
    await page.getByTestId('nav-rankings').waitFor({ timeout: 30_000 });
    await page.evaluate(async () => {
      const { engine } = (globalThis as any).__windowDuty;
      const result = await engine.sync('manual');
      if (result.status !== 'ok') throw new Error(`sync: ${JSON.stringify(result)}`);
    });

    // The engine: warm-up runs, then fresh data every timed run (generated in Node, timed in the page).
    await page.evaluate(() => (globalThis as any).__windowDuty.assessment());
    const engineMs: number[] = [];
    const fromRowsMs: number[] = [];
    let shape = { windows: 0, staff: 0, records: 0, bonuses: 0, resultJsonBytes: 0 };
    for (let i = 0; i < ENGINE_RUNS + 2; i++) {
      const input = largeMonth({ seed: 300 + i });
      const rows = largeMonthAsRows(largeMonth({ seed: 400 + i }));
      // As JSON text: Playwright's own serialization of a 10 MB object tree exhausts the renderer.
      const run = await page.evaluate(
        async ([monthJson, rowsJson, last]) => {
          const m = await (globalThis as any).__windowDuty.assessment();
          const monthInput = JSON.parse(monthJson);
          const rowInput = JSON.parse(rowsJson);
          let t = performance.now();
          const result = m.assessMonth(monthInput);
          const engine = performance.now() - t;
          t = performance.now();
          m.assessMonth(m.monthInputFromRecords(rowInput));
          const fromRows = performance.now() - t;
          if (last) (globalThis as any).__benchResult = result;
          return {
            engine,
            fromRows,
            windows: result.windows.length,
            staff: result.staff.length,
            resultJsonBytes: last ? JSON.stringify(result).length : 0,
          };
        },
        [JSON.stringify(input), JSON.stringify(rows), i === ENGINE_RUNS + 1] as const,
      );
      if (i >= 2) {
        engineMs.push(run.engine);
        fromRowsMs.push(run.fromRows);
      }
      shape = {
        windows: run.windows,
        staff: run.staff,
        records: input.deductions.length,
        bonuses: input.bonuses.length,
        resultJsonBytes: run.resultJsonBytes,
      };
    }

    // That month, published, on the phone: the rankings open offline from IndexedDB.
    await page.evaluate(async () => {
      const { db } = (globalThis as any).__windowDuty;
      const result = (globalThis as any).__benchResult;
      const now = new Date().toISOString();
      // As a pull brings it (issue 14 §4): the version's rankings summary, made by the server.
      const m = await (globalThis as any).__windowDuty.assessment();
      await db.assessments.put(
        m.summarizeVersion({
          id: crypto.randomUUID(),
          month: '2099-12',
          version: 1,
          schemeVersion: result.schemeVersion,
          dataAsOf: now,
          reason: null,
          approvedBy: null,
          approvedByName: null,
          approvedAt: null,
          publishedBy: crypto.randomUUID(),
          publishedByName: 'bench',
          publishedAt: now,
          result,
        }),
      );
      delete (globalThis as any).__benchResult;
    });
    await phone.setOffline(true);
    const openOnce = async (n: number) => {
      await page.getByTestId('nav-home').click();
      await page.getByTestId('nav-rankings').click();
      await waitForMeasures(page, 'wd:rankings-open', n);
    };
    for (let i = 1; i <= OPENS + 1; i++) await openOnce(i);
    const rows = await page.getByTestId('ranking-row').count();
    if (rows !== shape.windows) throw new Error(`bench: the rankings show ${rows} windows, expected ${shape.windows}`);
    const opens = await measures(page, 'wd:rankings-open');

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    for (let i = 1; i <= 5; i++) await openOnce(OPENS + 1 + i);
    const throttled = (await measures(page, 'wd:rankings-open')).slice(OPENS + 1);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    // Cold start offline straight on the rankings (the service worker serves the shell).
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${server.url}/rankings`);
      await waitForMeasures(page, 'wd:rankings-load', 1);
      loads.push((await measures(page, 'wd:rankings-load'))[0]!);
    }
    await phone.close();

    const open = stats(opens.slice(1));
    return {
      month: shape,
      engineMs: {
        ...stats(engineMs),
        measure: 'assessMonth(MonthInput) in the page, the app chunk; fresh data each run, after 2 warm-up runs',
      },
      fromRowsMs: {
        ...stats(fromRowsMs),
        measure: 'monthInputFromRecords(stored rows) + assessMonth, as the phone and server run it',
      },
      rankingsOpen: {
        publishedWindows: shape.windows,
        opens: open.samples,
        medianMs: open.median,
        p95Ms: open.p95,
        maxMs: open.max,
        firstOpenMs: Number(opens[0]!.toFixed(1)),
        measure:
          'wd:rankings-open (nav tap → ranking rendered from IndexedDB, offline); firstOpenMs includes loading the screen chunk',
      },
      rankingsOpenThrottled: { cpuThrottle: CPU_THROTTLE, ...stats(throttled) },
      rankingsColdLoad: {
        ...stats(loads),
        measure: 'wd:rankings-load (offline reload of /rankings: navigation start → ranking rendered)',
      },
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
