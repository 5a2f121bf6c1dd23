import { RECORDER_ROLES, SchemeSchema, closedReason, type RecordViolationArgs, type Scheme } from '../../domain';
import type { Db } from '../db/types';
import type { Candidate, MutationFamily, PushContext } from './family';
import { reject, type Outcome } from './outcome';

/** violation.record: a spot-check record from a patrol (the hot path: thousands after a day offline). */
export const recordViolationFamily: MutationFamily = {
  names: ['violation.record'],
  roles: RECORDER_ROLES,
  async check(ctx, candidates) {
    await checkReferences(ctx.tx, candidates as Candidate<RecordViolationArgs>[], ctx.outcomes);
    const closed = await ctx.closedMonths();
    for (const { index, args } of candidates as Candidate<RecordViolationArgs>[]) {
      if (ctx.outcomes.get(index)?.status !== 'applied') continue;
      const month = args.observedAt.slice(0, 7); // the month as written on the phone
      const at = closed.get(month);
      if (at) ctx.outcomes.set(index, reject('closed', closedReason(month, at)));
    }
  },
  async write(ctx: PushContext, applied) {
    await insertViolations(ctx, applied as Candidate<RecordViolationArgs>[]);
  },
  // The violation row is the log entry of the mutation that applied it (migration 0007).
  appliedLog: { table: 'violations', mutationIdColumn: 'mutation_id', bodyHashColumn: 'body_hash' },
};

async function checkReferences(tx: Db, candidates: Candidate<RecordViolationArgs>[], outcomes: Map<number, Outcome>) {
  const all = candidates.map((c) => c.args);
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  // One query per table, one after another (a transaction is one connection).
  const windows = await tx.query<{ id: string }>(
    'select id from windows where id = any($1::uuid[]) and deleted_at is null',
    [unique(all.map((a) => a.windowId))],
  );
  const staff = await tx.query<{ id: string; window_id: string }>(
    'select id, window_id from staff where id = any($1::uuid[]) and deleted_at is null',
    [unique(all.map((a) => a.staffId))],
  );
  const existing = await tx.query<{ id: string }>('select id from violations where id = any($1::uuid[])', [
    all.map((a) => a.id),
  ]);
  const schemes = await tx.query<{ effective_from: string; data: unknown }>(
    'select effective_from, data from schemes where deleted_at is null order by effective_from, version',
  );
  const windowIds = new Set(windows.map((w) => w.id));
  const staffWindow = new Map(staff.map((s) => [s.id, s.window_id]));
  const takenViolationIds = new Set(existing.map((v) => v.id)); // grows with ids claimed in this batch
  const schemeList = schemes.map((s) => ({ from: s.effective_from, codes: itemCodes(s.data) }));

  for (const { index, args } of candidates) {
    const outcome = referenceProblem(args, windowIds, staffWindow, takenViolationIds, schemeList);
    if (outcome) outcomes.set(index, outcome);
    else takenViolationIds.add(args.id); // a second mutation with the same record id in this batch
  }
}

function itemCodes(data: unknown): Set<string> {
  const parsed = SchemeSchema.safeParse(data);
  return new Set(parsed.success ? parsed.data.items.map((item: Scheme['items'][number]) => item.code) : []);
}

function referenceProblem(
  args: RecordViolationArgs,
  windowIds: Set<string>,
  staffWindow: Map<string, string>,
  takenViolationIds: Set<string>,
  schemes: { from: string; codes: Set<string> }[],
): Outcome | null {
  if (!windowIds.has(args.windowId)) return reject('not_found', `window ${args.windowId} not found`);
  if (args.staffId) {
    const at = staffWindow.get(args.staffId);
    if (!at) return reject('not_found', `staff member ${args.staffId} not found`);
    if (at !== args.windowId) {
      return reject('not_found', `staff member ${args.staffId} does not work at window ${args.windowId}`);
    }
  }
  // The scheme in force in the month the record was observed (the month as written on the phone).
  const month = args.observedAt.slice(0, 7);
  const scheme = schemes.filter((s) => s.from <= month).at(-1) ?? schemes[0];
  if (!scheme) return reject('not_found', 'no assessment scheme is configured');
  if (!scheme.codes.has(args.itemCode)) {
    return reject('not_found', `item ${args.itemCode} is not in the assessment scheme in force for ${month}`);
  }
  if (takenViolationIds.has(args.id)) return reject('conflict', `violation ${args.id} already exists`);
  return null;
}

/**
 * One multi-row insert, each row with the id and body hash of its mutation (the log entry). Record
 * ids and mutation ids were checked free under the change-feed lock (every writer of violations
 * holds it), so a clash here is a bug and fails the whole batch rather than half-applying.
 */
async function insertViolations(ctx: PushContext, applied: Candidate<RecordViolationArgs>[]) {
  const rows = applied.map((c) => c.args);
  await ctx.tx.query(
    `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at,
                             recorded_by, server_received_at, clock_skew_ms, round_id, mutation_id, body_hash)
     select id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, $9::uuid, $10::timestamptz, $11::bigint,
            round_id, mutation_id, body_hash
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::timestamptz[],
                   $12::uuid[], $13::uuid[], $14::text[])
         as t(id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, round_id, mutation_id, body_hash)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.windowId),
      rows.map((r) => r.staffId),
      rows.map((r) => r.itemCode),
      rows.map((r) => r.count),
      rows.map((r) => r.observedAt),
      rows.map((r) => r.note),
      rows.map((r) => r.deviceRecordedAt),
      ctx.user.id,
      ctx.serverNow.toISOString(),
      ctx.clockSkewMs,
      rows.map((r) => r.roundId ?? null),
      applied.map((c) => c.mutationId),
      applied.map((c) => c.bodyHash),
    ],
  );
}
