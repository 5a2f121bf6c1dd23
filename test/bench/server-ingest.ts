import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { MutationEnvelope, RecordViolationArgs } from '../../src/domain';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { createHarness } from '../integration/support/harness';
import type { DbTarget } from '../integration/support/databases';

const TOTAL = 10_000;
const BATCH = 500;

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
 * over HTTP (loopback) in batches of 500, versus a raw multi-row INSERT (unnest) of the same
 * rows into the same table of the same database, measured in the same run. Raw goes first, so
 * the push path pays for the larger table.
 */
export async function measureServerIngest(target: DbTarget) {
  const harness = await createHarness(target);
  try {
    const userId = await harness.userId('duty1');
    const cookie = await harness.loginAs('duty1');
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/sync/push`;

    const rawRows = Array.from({ length: TOTAL }, (_, i) => violationArgs(i));
    const rawStart = performance.now();
    for (let offset = 0; offset < TOTAL; offset += BATCH) {
      const rows = rawRows.slice(offset, offset + BATCH);
      const now = new Date().toISOString();
      await harness.db.query(
        `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by,
           device_recorded_at, server_received_at, clock_skew_ms)
         select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[],
           $7::text[], $8::uuid[], $9::timestamptz[], $10::timestamptz[], $11::bigint[])`,
        [
          rows.map((r) => r.id), rows.map((r) => r.windowId), rows.map((r) => r.staffId), rows.map((r) => r.itemCode),
          rows.map((r) => r.count), rows.map((r) => r.observedAt), rows.map((r) => r.note), rows.map(() => userId),
          rows.map((r) => r.deviceRecordedAt), rows.map(() => now), rows.map(() => 0),
        ],
      );
    }
    const rawMs = performance.now() - rawStart;

    const mutations: MutationEnvelope[] = Array.from({ length: TOTAL }, (_, i) => ({
      id: randomUUID(),
      name: 'violation.record',
      userId,
      createdAt: new Date().toISOString(),
      args: violationArgs(i),
    }));
    const pushStart = performance.now();
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
    const pushMs = performance.now() - pushStart;
    const [count] = await harness.db.query<{ n: number }>('select count(*)::int as n from violations');
    if (count?.n !== 2 * TOTAL) throw new Error(`expected ${2 * TOTAL} violations, found ${count?.n}`);

    const pushRowsPerSecond = Math.round(TOTAL / (pushMs / 1000));
    const rawRowsPerSecond = Math.round(TOTAL / (rawMs / 1000));
    return {
      mutations: TOTAL,
      batch: BATCH,
      pushMs: Math.round(pushMs),
      pushRowsPerSecond,
      rawInsertMs: Math.round(rawMs),
      rawInsertRowsPerSecond: rawRowsPerSecond,
      ratioToRaw: Number((pushRowsPerSecond / rawRowsPerSecond).toFixed(2)),
    };
  } finally {
    await harness.close();
  }
}
