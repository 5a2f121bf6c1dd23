import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { MutationEnvelope, RecordViolationArgs } from '../../src/domain';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { createHarness } from '../integration/support/harness';
import type { DbTarget } from '../integration/support/databases';
import type { Db } from '../../src/server/db/types';

const TOTAL = 10_000;
const BATCH = 500;
const ROUNDS = 3;

function violationArgs(i: number): RecordViolationArgs {
  const now = new Date();
  return {
    id: randomUUID(),
    windowId: DEMO_IDS.window102,
    staffId: DEMO_IDS.window102StaffA,
    itemCode: 'EATING',
    count: 1 + (i % 3),
    observedAt: now.toISOString(),
    note: `bench ${i}`,
    deviceRecordedAt: now.toISOString(),
  };
}

/**
 * The server's ingest against the database's own speed: 10,000 violation.record mutations pushed
 * over HTTP (loopback) in batches of 500, versus raw multi-row INSERTs (VALUES, and unnest) of
 * the same rows into the same table of the same database, measured in the same run. Raw goes
 * first in each round, so the push path pays for the larger table.
 */
export async function measureServerIngest(target: DbTarget) {
  const harness = await createHarness(target);
  try {
    const userId = await harness.userId('duty1');
    const cookie = await harness.loginAs('duty1');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/sync/push`;

    // Three rounds, each: the same rows written straight into the same table as a plain
    // multi-row INSERT … VALUES (the yardstick) and as INSERT … SELECT FROM unnest
    // (faster still), then 10,000 mutations through the push endpoint. The median round is
    // reported: on a 2-core machine single runs swing by a third.
    const rounds: { pushMs: number; rawValuesMs: number; rawUnnestMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const rawValuesMs = await timeRawInserts(harness.db, userId, 'values');
      const rawUnnestMs = await timeRawInserts(harness.db, userId, 'unnest');
      const pushMs = await timePush(url, cookie, userId);
      rounds.push({ pushMs, rawValuesMs, rawUnnestMs });
    }
    const [count] = await harness.db.query<{ n: number }>('select count(*)::int as n from violations');
    if (count?.n !== 3 * TOTAL * ROUNDS)
      throw new Error(`expected ${3 * TOTAL * ROUNDS} violations, found ${count?.n}`);

    const rate = (ms: number) => Math.round(TOTAL / (ms / 1000));
    const ratios = rounds.map((r) => r.rawValuesMs / r.pushMs);
    const median = rounds[ratios.indexOf([...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!)]!;
    return {
      mutations: TOTAL,
      batch: BATCH,
      rounds: ROUNDS,
      pushMs: Math.round(median.pushMs),
      pushRowsPerSecond: rate(median.pushMs),
      rawValuesInsertRowsPerSecond: rate(median.rawValuesMs),
      rawUnnestInsertRowsPerSecond: rate(median.rawUnnestMs),
      ratioToRawValuesInsert: Number((median.rawValuesMs / median.pushMs).toFixed(2)),
      ratioToRawUnnestInsert: Number((median.rawUnnestMs / median.pushMs).toFixed(2)),
      ratioToRawValuesInsertEachRound: ratios.map((r) => Number(r.toFixed(2))),
    };
  } finally {
    await harness.close();
  }
}

const COLUMNS =
  'id, window_id, staff_id, item_code, count, observed_at, note, recorded_by, device_recorded_at, server_received_at, clock_skew_ms';

/** 10,000 violation rows in batches of 500, straight into the table; returns the elapsed ms. */
async function timeRawInserts(db: Db, userId: string, form: 'values' | 'unnest'): Promise<number> {
  const rows = Array.from({ length: TOTAL }, (_, i) => violationArgs(i));
  const start = performance.now();
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const batch = rows.slice(offset, offset + BATCH);
    const now = new Date().toISOString();
    const values = batch.map((r) => [
      r.id,
      r.windowId,
      r.staffId,
      r.itemCode,
      r.count,
      r.observedAt,
      r.note,
      userId,
      r.deviceRecordedAt,
      now,
      0,
    ]);
    if (form === 'values') {
      const tuples = values.map((_, r) => `(${Array.from({ length: 11 }, (_, c) => `$${r * 11 + c + 1}`).join(', ')})`);
      await db.query(`insert into violations (${COLUMNS}) values ${tuples.join(', ')}`, values.flat());
    } else {
      const column = (c: number) => values.map((v) => v[c]);
      await db.query(
        `insert into violations (${COLUMNS})
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[],
           $7::text[], $8::uuid[], $9::timestamptz[], $10::timestamptz[], $11::bigint[])`,
        Array.from({ length: 11 }, (_, c) => column(c)),
      );
    }
  }
  return performance.now() - start;
}

/** 10,000 violation.record mutations through the push endpoint in batches of 500; elapsed ms. */
async function timePush(url: string, cookie: string, userId: string): Promise<number> {
  const mutations: MutationEnvelope[] = Array.from({ length: TOTAL }, (_, i) => ({
    id: randomUUID(),
    name: 'violation.record',
    userId,
    createdAt: new Date().toISOString(),
    args: violationArgs(i),
  }));
  const start = performance.now();
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceNow: new Date().toISOString(), mutations: mutations.slice(offset, offset + BATCH) }),
    });
    const body = (await response.json()) as { results?: { status: string }[] };
    if (response.status !== 200 || body.results?.some((r) => r.status !== 'applied')) {
      throw new Error(`bench push failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
  return performance.now() - start;
}
