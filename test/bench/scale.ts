import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_SCHEME } from '../../src/domain/scheme';
import { DEFAULT_HALL_TIME_ZONE, addMonths, hallMonth, hallMonthBoundsUtc } from '../../src/domain/hall-time';
import { compile, publish } from '../../src/server/assessment/cycle';
import { createUser, toSessionUser, USER_COLUMNS, type UserRow } from '../../src/server/auth/users';
import { migrate } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open';
import type { Db } from '../../src/server/db/types';
import { seedDemoCenter } from '../../src/server/seed/demo-center';
import { launchChromium, newPhone, signIn } from '../support/browser';
import { freePort, startServerProcess } from '../support/server-process';
import { OBSERVE_SCREENS, homeUsable, waitUsable } from './first-load';

/** Issue 14 §4 and §5: a large hall's year, as a staff phone and a supervision phone live it. */
export const SCALE_TARGETS = { staffPullBytes: 1_000_000, homeOpenThrottledMs: 1000 };
const WINDOWS = 200;
const STAFF_PER_WINDOW = 3;
const RECORDS_PER_MONTH = 50_000;
const MONTHS = 12;
const CPU_THROTTLE = 4;
const OPENS = 5;
const BENCH_PASSWORD = 'bench1234';

/** A deterministic id in SQL, shaped as a version-4 UUID (the domain's id schema checks the version and variant). */
const uuidOf = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

const round1 = (n: number) => Number(n.toFixed(1));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round1(sorted[Math.floor((sorted.length - 1) / 2)]!);
};

/**
 * The demo center plus a third floor of 200 windows and 600 staff with 50,000 records in each of
 * the last 12 hall months (600,000 rows), made in SQL; last month compiled and published as the
 * supervision section would. A staff member of that floor signs in as `bench-staff`.
 */
async function seedLargeHall(
  db: Db,
  now: Date,
  zone: string,
  recordsPerMonth: number,
): Promise<{ published: string; firstMonth: string }> {
  await migrate(db);
  await seedDemoCenter(db);
  const current = hallMonth(now, zone);
  const firstMonth = addMonths(current, -(MONTHS - 1));
  const published = addMonths(current, -1);
  return db.transaction(async (tx) => {
    const floor = '6c1b0000-0000-4000-8000-000000000003';
    await tx.query(`insert into floors (id, name, level) values ($1, '三楼（基准大厅）', 3)`, [floor]);
    await tx.query(
      `insert into windows (id, floor_id, number, name, department, kind, position)
       select ${uuidOf("'bench-window:' || i")}, $1, (3000 + i)::text, '基准窗口 ' || i, '部门 ' || (i % 25),
              case when i <= $2 * 0.6 then 'approval' else 'public_service' end, 100 + i
         from generate_series(1, $2::int) i`,
      [floor, WINDOWS],
    );
    await tx.query(
      `insert into staff (id, name, window_id, post)
       select ${uuidOf("'bench-staff:' || w || ':' || p")}, '基准' || w || '-' || p, ${uuidOf("'bench-window:' || w")},
              (array['A','B','C','D'])[1 + p % 4]
         from generate_series(1, $1::int) w, generate_series(0, $2::int - 1) p`,
      [WINDOWS, STAFF_PER_WINDOW],
    );
    const [duty] = await tx.query<{ id: string }>(`select id from users where username = 'duty1'`);
    const items = DEFAULT_SCHEME.items.map((i) => i.code);
    for (let m = 0; m < MONTHS; m++) {
      const month = addMonths(firstMonth, m);
      // Spread over the month's first 27 days, 09:00–15:00 in the hall; one record in ten by the window.
      await tx.query(
        `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by,
                                 device_recorded_at, server_received_at, clock_skew_ms, status)
         select gen_random_uuid(), ${uuidOf("'bench-window:' || w")},
                case when g % 10 = 0 then null else ${uuidOf("'bench-staff:' || w || ':' || (g % $5::int)")} end,
                ($3::text[])[1 + g % array_length($3::text[], 1)], 1 + g % 2, at, '', $4, at, at, 0,
                case when g % 40 = 0 then 'withdrawn' else 'active' end
           from generate_series(1, $2::int) g,
                lateral (select 1 + (g * 7919) % $6::int as w,
                                $1::timestamptz + (g % 27) * interval '1 day' + interval '1 hour'
                                  + (g % 360) * interval '1 minute' as at) x`,
        [hallMonthBoundsUtc(month, zone).from, recordsPerMonth, items, duty!.id, STAFF_PER_WINDOW, WINDOWS],
      );
    }
    const [staffRow] = await tx.query<{ id: string; window_id: string }>(
      `select id, window_id from staff where name = '基准1-1'`,
    );
    await createUser(tx, {
      username: 'bench-staff',
      password: BENCH_PASSWORD,
      role: 'staff',
      displayName: '基准1-1',
      staffId: staffRow!.id,
      windowId: staffRow!.window_id,
      floorId: floor,
    });
    await tx.query('insert into recording_periods (month, closed_by) select $1, id from users where username = $2', [
      published,
      'super1',
    ]);
    await compile(tx, published, 'approved', zone);
    await tx.query(
      `update assessment_periods set approved_by = (select id from users where username = 'leader1'), approved_at = now()
        where month = $1`,
      [published],
    );
    const [superRow] = await tx.query<UserRow>(`select ${USER_COLUMNS} from users u where u.username = 'super1'`);
    await publish(tx, published, toSessionUser(superRow!));
    return { published, firstMonth };
  });
}

/** Counts every resource's bytes on the wire (compressed): the buffer must hold a whole first sync. */
const LARGE_RESOURCE_BUFFER = `performance.setResourceTimingBufferSize(100000);`;

async function pullBytes(page: Page): Promise<{ bytes: number; requests: number }> {
  return page.evaluate(() => {
    const pulls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) =>
      e.name.includes('/api/sync/pull'),
    );
    return { bytes: pulls.reduce((s, e) => s + e.encodedBodySize, 0), requests: pulls.length };
  });
}

/** Syncs until the engine has nothing more to pull. */
async function syncFully(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { engine } = (globalThis as any).__windowDuty;
    const results: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      const result = await engine.sync('manual');
      results.push(result);
      if (result.status === 'ok' && !result.pulled) return;
      if (result.status !== 'ok') await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`bench: the first sync did not finish: ${JSON.stringify(results.slice(-3))}`);
  });
}

async function signedInPhone(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  url: string,
  user: string,
  password: string,
) {
  const context: BrowserContext = await newPhone(browser, { testClock: false });
  await context.addInitScript({ content: LARGE_RESOURCE_BUFFER });
  const page = await context.newPage();
  await page.goto(`${url}/?bench=1`);
  await page.getByTestId('login-submit').waitFor({ timeout: 60_000 });
  const started = Date.now();
  await signIn(page, user, password);
  await page
    .getByTestId('nav-home')
    .waitFor({ timeout: 60_000 })
    .catch(async (error: Error) => {
      const text = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500);
      throw new Error(`bench: ${user}'s home never showed (${error.message.split('\n')[0]}); the screen says: ${text}`);
    });
  await page.waitForFunction(() => (globalThis as any).__windowDuty?.engine, undefined, { timeout: 60_000 });
  await syncFully(page);
  return { context, page, firstSyncMs: Date.now() - started };
}

export async function measureScale(options: { recordsPerMonth?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wd-bench-scale-'));
  const zone = DEFAULT_HALL_TIME_ZONE;
  try {
    const seedStarted = performance.now();
    const db = await openDatabase({ dataDir, databaseUrl: undefined }); // where the server will open it
    const { published, firstMonth } = await seedLargeHall(
      db,
      new Date(),
      zone,
      options.recordsPerMonth ?? RECORDS_PER_MONTH,
    );
    await db.close();
    const seedMs = performance.now() - seedStarted;

    const server = await startServerProcess({ port: await freePort(), dataDir });
    const browser = await launchChromium();
    try {
      // §4: a staff phone's first sync, and a window's explanation opened online and then offline.
      const staff = await signedInPhone(browser, server.url, 'bench-staff', BENCH_PASSWORD);
      const staffPull = await pullBytes(staff.page);
      await staff.page.getByTestId('nav-rankings').click();
      await staff.page.locator(`[data-testid="published"][data-month="${published}"]`).waitFor({ timeout: 60_000 });
      const rows = staff.page.getByTestId('ranking-row');
      const windowIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-window-id')!));
      const explanationMs = async (windowId: string, n: number) => {
        await staff.page.locator(`[data-testid="ranking-row"][data-window-id="${windowId}"]`).click();
        await staff.page.waitForFunction(
          (count) => performance.getEntriesByName('wd:explanation-open', 'measure').length >= count,
          n,
          { timeout: 60_000 },
        );
        await staff.page.getByTestId('explanation-back').click();
        return staff.page.evaluate(
          () => performance.getEntriesByName('wd:explanation-open', 'measure').at(-1)!.duration,
        );
      };
      const others = windowIds.filter((_, i) => i % 37 === 5).slice(0, OPENS);
      const online: number[] = [];
      for (const [i, id] of others.entries()) online.push(await explanationMs(id, i + 1));
      await staff.context.setOffline(true);
      const offline: number[] = [];
      for (const [i, id] of others.entries()) offline.push(await explanationMs(id, others.length + i + 1));
      await staff.context.close();

      // §5: a supervision phone's first sync of the year, what it holds, and its home at 4× CPU throttling.
      const supervision = await signedInPhone(browser, server.url, 'super1', 'demo1234');
      const held = await supervision.page.evaluate(async () => {
        const { db } = (globalThis as any).__windowDuty;
        const estimate = await navigator.storage.estimate();
        return { violations: await db.violations.count(), usageBytes: estimate.usage ?? 0 };
      });
      const superPull = await pullBytes(supervision.page);
      await supervision.context.addInitScript({ content: OBSERVE_SCREENS });
      const cdp = await supervision.context.newCDPSession(supervision.page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      const homeOpens: number[] = [];
      for (let i = 0; i < OPENS; i++) {
        await supervision.page.goto(`${server.url}/`);
        homeOpens.push(await waitUsable(supervision.page, homeUsable, "super1's home"));
      }
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await supervision.context.close();

      const homeMedian = median(homeOpens);
      return {
        hall: {
          windows: WINDOWS,
          staff: WINDOWS * STAFF_PER_WINDOW,
          records: (options.recordsPerMonth ?? RECORDS_PER_MONTH) * MONTHS,
          months: `${firstMonth}…${addMonths(firstMonth, MONTHS - 1)}`,
          publishedMonth: published,
          seedSeconds: round1(seedMs / 1000),
        },
        staffPhone: {
          pulledBytes: staffPull.bytes,
          pullRequests: staffPull.requests,
          firstSyncMs: staff.firstSyncMs,
          explanationOpenOnlineMs: { median: median(online), runs: online.map(round1) },
          explanationOpenOfflineMs: { median: median(offline), runs: offline.map(round1) },
          measure:
            'bench-staff (a staff member of the large floor) signs in on a fresh phone: the pull responses of the first sync, compressed bytes on the wire (Resource Timing encodedBodySize); then wd:explanation-open (tap on another window in the published month → its explanation rendered), online (fetched), then offline (kept)',
        },
        supervisionPhone: {
          pulledBytes: superPull.bytes,
          firstSyncMs: supervision.firstSyncMs,
          recordsHeld: held.violations,
          storageBytes: held.usageBytes,
          homeOpenThrottledMs: { median: homeMedian, runs: homeOpens.map(round1), cpuThrottle: CPU_THROTTLE },
          measure:
            'super1 signs in on a fresh phone with 12 months of the large floor on the server: sign-in → first sync done (firstSyncMs), records held and navigator.storage.estimate().usage after it; then the home reloaded at 4× CPU throttling, navigation start → nav and list in the DOM (service worker and HTTP cache warm, as a phone opened again)',
        },
        targets: SCALE_TARGETS,
        met: {
          staffPull: staffPull.bytes <= SCALE_TARGETS.staffPullBytes,
          homeOpen: homeMedian <= SCALE_TARGETS.homeOpenThrottledMs,
        },
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
