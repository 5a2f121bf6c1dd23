import {
  PATROL_ROLES,
  SchemeSchema,
  closedReason,
  hallDay,
  hallMonth,
  mayRecordOn,
  type RecordViolationArgs,
  type Scheme,
} from '../../domain';
import { z } from 'zod';
import type { SessionUser } from '../auth/users';
import { queryRows } from '../db/query-rows';
import { rosterOfMonths } from '../patrol/roster-read';
import type { Db } from '../db/types';
import { CLOSED_MONTHS_JSON, closedMonthsFromJson } from './closed-months';
import { family, type Candidate, type PushContext } from './family';
import { reject, type Outcome } from './outcome';

/** violation.record: a spot-check record from a patrol (the hot path: thousands after a day offline). */
export const recordViolationFamily = family({
  names: ['violation.record'],
  // A window head only as the rostered duty officer of the window's floor that day (checked below).
  roles: PATROL_ROLES,
  async check(ctx, candidates) {
    const { closed, windowFloor } = await checkReferences(ctx.tx, candidates, ctx.outcomes, ctx.zone);
    await checkPatrolRights(ctx, candidates, windowFloor);
    for (const { index, args } of candidates) {
      if (ctx.outcomes.get(index)?.status !== 'applied') continue;
      const month = hallMonth(args.observedAt, ctx.zone); // the hall's month, whatever offset the phone wrote
      const at = closed.get(month);
      if (at) ctx.outcomes.set(index, reject('closed', closedReason(month, at, ctx.zone)));
    }
  },
  async write(ctx: PushContext, applied) {
    await insertViolations(ctx, applied);
    await markRoundsChecked(ctx, applied);
  },
  // The violation row is the log entry of the mutation that applied it (migration 0007).
  appliedLog: { table: 'violations', mutationIdColumn: 'mutation_id', bodyHashColumn: 'body_hash' },
});

/** The one row of the references statement below: json aggregates (id pairs, taken ids, schemes, closed months). */
const idPairs = z.array(z.tuple([z.string(), z.string()]));
const ReferencesRowSchema = z.object({
  windows: idPairs,
  staff: idPairs,
  taken: z.array(z.string()),
  schemes: z.array(z.tuple([z.string(), z.string(), z.unknown()])),
  closed: idPairs,
});

/** Decides what the records reference; returns the months closed for recording (read alongside). */
async function checkReferences(
  tx: Db,
  candidates: Candidate<'violation.record'>[],
  outcomes: Map<number, Outcome>,
  zone: string,
): Promise<{ closed: Map<string, string>; windowFloor: Map<string, string> }> {
  const all = candidates.map((c) => c.args);
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  // Everything the records reference, in one statement: a transaction is one connection, so each
  // query is a round trip the whole batch waits for (five of them before this was one). The closed
  // months are read here rather than through ctx.closedMonths(): the same rows, as closing a month
  // takes the change-feed lock this push holds.
  const [refs] = await queryRows(
    tx,
    `select (select coalesce(json_agg(json_build_array(id, floor_id)), '[]') from windows where id = any($1::uuid[]) and deleted_at is null) as windows,
            (select coalesce(json_agg(json_build_array(id, window_id)), '[]')
               from staff where id = any($2::uuid[]) and deleted_at is null) as staff,
            (select coalesce(json_agg(id), '[]') from violations where id = any($3::uuid[])) as taken,
            (select coalesce(json_agg(json_build_array(id || ':' || seq || ':' || md5(data::text), effective_from, data) order by effective_from, version), '[]')
               from schemes where deleted_at is null) as schemes,
            ${CLOSED_MONTHS_JSON} as closed`,
    [
      unique(all.map((a) => a.windowId)),
      unique([...all.map((a) => a.staffId), ...all.map((a) => a.substituteFor ?? null)]),
      all.map((a) => a.id),
    ],
    ReferencesRowSchema,
  );
  const windowFloor = new Map(refs!.windows);
  const windowIds = new Set(windowFloor.keys());
  const staffWindow = new Map(refs!.staff);
  const takenViolationIds = new Set(refs!.taken); // grows with ids claimed in this batch
  const schemeList = refs!.schemes.map(([key, from, data]) => ({ from, codes: itemCodes(key, data) }));

  for (const { index, args } of candidates) {
    const outcome = referenceProblem(args, windowIds, staffWindow, takenViolationIds, schemeList, zone);
    if (outcome) outcomes.set(index, outcome);
    else takenViolationIds.add(args.id); // a second mutation with the same record id in this batch
  }
  return { closed: closedMonthsFromJson(refs!.closed), windowFloor };
}

/**
 * Who may record where, and which round a record may name (DOMAIN §2): a window head records only
 * as the rostered duty officer of the window's floor that day; a record names only an existing
 * round of its recorder's (stored, or started earlier in this batch) on the window's floor.
 */
async function checkPatrolRights(
  ctx: PushContext,
  candidates: Candidate<'violation.record'>[],
  windowFloor: Map<string, string>,
): Promise<void> {
  const live = candidates.filter((c) => ctx.outcomes.get(c.index)?.status === 'applied');
  if (!live.length) return;
  const user: SessionUser = ctx.user;
  const needsRoster = user.role !== 'duty_leader' && user.role !== 'supervision';
  const roster = needsRoster
    ? await rosterOfMonths(
        ctx.tx,
        live.map((c) => hallMonth(c.args.observedAt, ctx.zone)),
      )
    : [];
  const roundIds = [...new Set(live.map((c) => c.args.roundId).filter((id): id is string => !!id))];
  const rounds = new Map<string, { leaderId: string; floorId: string }>();
  if (roundIds.length) {
    const stored = await queryRows(
      ctx.tx,
      'select id, leader_id, floor_id from rounds where id = any($1::uuid[])',
      [roundIds],
      z.object({ id: z.string(), leader_id: z.string(), floor_id: z.string() }),
    );
    for (const r of stored) rounds.set(r.id, { leaderId: r.leader_id, floorId: r.floor_id });
    // Rounds started in this batch (the round family is checked first).
    for (const c of ctx.applied(['round.start'])) {
      const a = c.args;
      if (!rounds.has(a.id)) rounds.set(a.id, { leaderId: user.id, floorId: a.floorId });
    }
  }
  for (const { index, args } of live) {
    const floor = windowFloor.get(args.windowId)!;
    const day = hallDay(args.observedAt, ctx.zone);
    if (!mayRecordOn(user, roster, floor, day)) {
      ctx.outcomes.set(
        index,
        reject(
          'forbidden',
          `${user.username} is not on the duty roster of the floor of window ${args.windowId} on ${day}`,
        ),
      );
      continue;
    }
    if (!args.roundId) continue;
    const round = rounds.get(args.roundId);
    if (!round) ctx.outcomes.set(index, reject('not_found', `round ${args.roundId} not found`));
    else if (round.leaderId !== user.id)
      ctx.outcomes.set(index, reject('forbidden', `round ${args.roundId} is another user's`));
    else if (round.floorId !== floor)
      ctx.outcomes.set(
        index,
        reject('invalid', `window ${args.windowId} is not on the floor of round ${args.roundId}`),
      );
  }
}

/** A record made in a round marks its window checked in that round (whichever screen it came from). */
async function markRoundsChecked(ctx: PushContext, applied: Candidate<'violation.record'>[]) {
  const inRounds = applied.filter((c) => c.args.roundId);
  if (!inRounds.length) return;
  await ctx.tx.query(
    `update rounds r
        set checked_window_ids = array(select distinct w from unnest(r.checked_window_ids || t.ws) as w)
       from (select round_id, array_agg(window_id) as ws from unnest($1::uuid[], $2::uuid[]) as u(round_id, window_id) group by round_id) t
      where r.id = t.round_id and r.deleted_at is null and not (r.checked_window_ids @> t.ws)`,
    [inRounds.map((c) => c.args.roundId), inRounds.map((c) => c.args.windowId)],
  );
}

/**
 * The item codes of a scheme row, memoised by its id, seq and a digest of its document (made by
 * the database): a changed row has a new key, so an entry can never go stale, whichever process
 * changed it. Saves parsing every scheme document on every push.
 */
const codesByRow = new Map<string, Set<string>>();

function itemCodes(key: string, data: unknown): Set<string> {
  let codes = codesByRow.get(key);
  if (!codes) {
    const parsed = SchemeSchema.safeParse(data);
    codes = new Set(parsed.success ? parsed.data.items.map((item: Scheme['items'][number]) => item.code) : []);
    if (codesByRow.size >= 256) codesByRow.clear(); // bounded: a hall has a few scheme versions a year
    codesByRow.set(key, codes);
  }
  return codes;
}

function referenceProblem(
  args: RecordViolationArgs,
  windowIds: Set<string>,
  staffWindow: Map<string, string>,
  takenViolationIds: Set<string>,
  schemes: { from: string; codes: Set<string> }[],
  zone: string,
): Outcome | null {
  if (!windowIds.has(args.windowId)) return reject('not_found', `window ${args.windowId} not found`);
  if (args.substituteFor) {
    // A substitute may come from another window (or be off the staff list, then the record is the window's).
    if (!args.staffId) return reject('invalid', 'a substitute record names the substitute as staffId');
    if (!staffWindow.has(args.staffId)) return reject('not_found', `staff member ${args.staffId} not found`);
    const at = staffWindow.get(args.substituteFor);
    if (!at) return reject('not_found', `staff member ${args.substituteFor} not found`);
    if (at !== args.windowId)
      return reject(
        'not_found',
        `substituteFor: staff member ${args.substituteFor} does not work at window ${args.windowId}`,
      );
  } else if (args.staffId) {
    const at = staffWindow.get(args.staffId);
    if (!at) return reject('not_found', `staff member ${args.staffId} not found`);
    if (at !== args.windowId) {
      return reject('not_found', `staff member ${args.staffId} does not work at window ${args.windowId}`);
    }
  }
  // The scheme in force in the hall month the record was observed.
  const month = hallMonth(args.observedAt, zone);
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
async function insertViolations(ctx: PushContext, applied: Candidate<'violation.record'>[]) {
  const rows = applied.map((c) => c.args);
  await ctx.tx.query(
    `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at,
                             recorded_by, server_received_at, clock_skew_ms, round_id, mutation_id, body_hash, substitute_for)
     select id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, $9::uuid, $10::timestamptz, $11::bigint,
            round_id, mutation_id, body_hash, substitute_for
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::timestamptz[],
                   $12::uuid[], $13::uuid[], $14::text[], $15::uuid[])
         as t(id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, round_id, mutation_id, body_hash, substitute_for)`,
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
      rows.map((r) => r.substituteFor ?? null),
    ],
  );
}
