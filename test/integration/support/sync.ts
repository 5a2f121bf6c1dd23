import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Change, MutationEnvelope, RecordViolationArgs } from '../../../src/domain';
import type { Db } from '../../../src/server/db/types';
import { DEMO_IDS } from '../../../src/server/seed/demo-center';

/** Helpers to talk the sync protocol in tests. */

export function recordArgs(overrides: Partial<RecordViolationArgs> = {}): RecordViolationArgs {
  return {
    id: randomUUID(),
    windowId: DEMO_IDS.window102,
    staffId: DEMO_IDS.window102StaffA,
    itemCode: 'EATING',
    count: 1,
    observedAt: '2026-03-02T09:15:00+08:00',
    note: '早餐在窗口',
    deviceRecordedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A mutation as a phone queues it: a fresh id, the user, now. */
export function envelope(userId: string, name: string, args: unknown): MutationEnvelope {
  return { id: randomUUID(), name, userId, createdAt: new Date().toISOString(), args };
}

export function recordMutation(
  userId: string,
  args: Partial<RecordViolationArgs> = {},
  overrides: Partial<MutationEnvelope> = {},
): MutationEnvelope {
  return { ...envelope(userId, 'violation.record', recordArgs(args)), ...overrides };
}

export async function push(
  app: FastifyInstance,
  cookie: string,
  mutations: unknown[],
  deviceNow = new Date().toISOString(),
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { cookie },
    payload: { deviceNow, mutations },
  });
  return { status: res.statusCode, body: res.json() };
}

export async function pull(app: FastifyInstance, cookie: string, cursor = 0, limit?: number) {
  const query = new URLSearchParams({ cursor: String(cursor) });
  if (limit) query.set('limit', String(limit));
  const res = await app.inject({ method: 'GET', url: `/api/sync/pull?${query}`, headers: { cookie } });
  return { status: res.statusCode, body: res.json() };
}

/** Follows the cursor until hasMore is false; returns every change in order. */
export async function pullAll(
  app: FastifyInstance,
  cookie: string,
  cursor = 0,
  limit = 1000,
): Promise<{ changes: Change[]; cursor: number }> {
  const changes: Change[] = [];
  for (;;) {
    const { status, body } = await pull(app, cookie, cursor, limit);
    if (status !== 200) throw new Error(`pull failed: ${status} ${JSON.stringify(body)}`);
    changes.push(...body.changes);
    cursor = body.cursor;
    if (!body.hasMore) return { changes, cursor };
  }
}

/** Violations, and entries of the exactly-once log (the mutations table plus applied records' own rows). */
export async function counts(db: Db): Promise<{ violations: number; mutations: number }> {
  const [row] = await db.query<{ violations: number; mutations: number }>(
    `select (select count(*) from violations) as violations,
            (select count(*) from mutations) + (select count(*) from violations where mutation_id is not null) as mutations`,
  );
  return row!;
}
