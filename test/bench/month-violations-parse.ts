import { hallMonthBoundsUtc } from '../../src/domain';
import { compile } from '../../src/server/assessment/cycle';
import { assessFromDb, monthViolations } from '../../src/server/assessment/data';
import type { Db } from '../../src/server/db/types';
import { createHarness } from '../integration/support/harness';
import { pgliteTarget, postgresTarget, TEST_DATABASE_URL, type DbTarget } from '../integration/support/databases';

/**
 * What parsing monthViolations' rows costs (issue #12 §6): a month of 50,000 violations seeded in
 * SQL on the demo hall, then the same read unparsed (db.query, as before) and parsed (queryRows,
 * as monthViolations reads now), against the whole assessment of the month (assessFromDb: every
 * read plus the engine) and compile (that, plus storing the preliminary result). Medians of 5 runs
 * after a warm-up.
 *
 *   npx tsx test/bench/month-violations-parse.ts   (PostgreSQL too when TEST_DATABASE_URL is set)
 */
const MONTH = '2026-03';
const ZONE = 'Asia/Shanghai';
const RECORDS = 50_000;
const RUNS = 5;

async function seed(db: Db): Promise<void> {
  const { from } = hallMonthBoundsUtc(MONTH, ZONE);
  await db.query(
    `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by,
                             device_recorded_at, server_received_at, clock_skew_ms, status)
     select gen_random_uuid(), s.window_id, s.id, 'EATING', 1 + (i % 3),
            $1::timestamptz + make_interval(secs => (i % 2400000)), 'bench', (select id from users where role = 'duty_leader' limit 1),
            now(), now(), 0, case when i % 20 = 0 then 'withdrawn' else 'active' end
       from generate_series(1, $2::int) as g(i)
       join lateral (select id, window_id from staff where deleted_at is null order by id offset (g.i % (select count(*) from staff)) limit 1) s on true`,
    [from, RECORDS],
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function measure(target: DbTarget) {
  const harness = await createHarness(target);
  try {
    const db = harness.db;
    await seed(db);
    const { from, to } = hallMonthBoundsUtc(MONTH, ZONE);
    const sql = `select id, window_id, staff_id, item_code, count, status, observed_at, source, substitute_for, returned_at
       from violations where deleted_at is null and observed_at >= $1 and observed_at < $2`;
    // The read as it was: rows asserted, mapped as recordOf maps them.
    const recordOf = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({
        id: r.id,
        windowId: r.window_id,
        staffId: r.staff_id,
        itemCode: r.item_code,
        count: r.count,
        status: r.status,
        observedAt: new Date(r.observed_at as Date).toISOString(),
        source: r.source,
        substituteFor: r.substitute_for,
        ...(r.returned_at ? { returnedAt: new Date(r.returned_at as Date).toISOString() } : {}),
      }));
    const unparsed = async () => recordOf(await db.query<Record<string, unknown>>(sql, [from, to]));
    const n = (await monthViolations(db, MONTH, ZONE)).length;
    await unparsed();
    await assessFromDb(db, MONTH, ZONE);
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    const k: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await time(unparsed));
      b.push(await time(() => monthViolations(db, MONTH, ZONE)));
      c.push(await time(() => assessFromDb(db, MONTH, ZONE)));
      k.push(await time(() => compile(db, MONTH, 'preliminary', ZONE)));
    }
    // The parse alone, without the database's noise: the same fetched rows, mapped as before and as now.
    const fetched = await db.query<Record<string, unknown>>(sql, [from, to]);
    const memory = { ...db, query: async () => fetched } as unknown as Db;
    const d: number[] = [];
    const e: number[] = [];
    for (let i = 0; i < 4 * RUNS + 1; i++) {
      d.push(await time(async () => recordOf(fetched)));
      e.push(await time(() => monthViolations(memory, MONTH, ZONE)));
    }
    const [ua, pb, ac, md, me, kc] = [median(a), median(b), median(c), median(d), median(e), median(k)];
    console.log(
      `${target.name}: ${n} rows; monthViolations unparsed ${ua.toFixed(0)} ms, parsed ${pb.toFixed(0)} ms ` +
        `(+${(pb - ua).toFixed(0)} ms); assessFromDb ${ac.toFixed(0)} ms; difference ${((100 * (pb - ua)) / ac).toFixed(1)} % of it. ` +
        `Same rows in memory: mapping ${md.toFixed(1)} ms, parse + mapping ${me.toFixed(1)} ms ` +
        `(parse ≈ ${(me - md).toFixed(1)} ms = ${((100 * (me - md)) / ac).toFixed(1)} % of assessFromDb, ` +
        `${((100 * (me - md)) / kc).toFixed(1)} % of compile, ${kc.toFixed(0)} ms)`,
    );
  } finally {
    await harness.close();
  }
}

await measure(pgliteTarget());
if (TEST_DATABASE_URL) await measure(postgresTarget());
