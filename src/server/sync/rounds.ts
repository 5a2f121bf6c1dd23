import {
  PATROL_ROLES,
  hallDay,
  mayPatrolFloor,
  type AbandonRoundArgs,
  type CheckWindowArgs,
  type FinishRoundArgs,
  type StartRoundArgs,
} from '../../domain';
import { z } from 'zod';
import { appendAudit } from '../audit/audit';
import type { SessionUser } from '../auth/users';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { rosterOfMonths } from '../patrol/roster-read';
import { RoundRowSchema } from '../rows/rows';
import { family, type Candidate } from './family';
import { reject, type Outcome } from './outcome';

const NAMES = ['round.start', 'round.check_window', 'round.finish', 'round.abandon'] as const;
type RoundCandidate = Candidate<(typeof NAMES)[number]>;

/**
 * round.start / round.check_window / round.finish / round.abandon: a duty officer's patrol rounds.
 * Who may start a round on a floor is the roster's (rights.ts); everything after the start is the
 * round's owner's alone.
 */
export const roundFamily = family({
  names: NAMES,
  roles: PATROL_ROLES,
  check: (ctx, candidates) => checkRounds(ctx.tx, ctx.user, candidates, ctx.outcomes, ctx.zone),
  write: (ctx, applied) => writeRounds(ctx.tx, ctx.user, applied, ctx.serverNow, ctx.zone),
});

interface KnownRound {
  leaderId: string;
  floorId: string;
  startedAt: number;
  finished: boolean;
  abandoned: boolean;
}

/**
 * Checks the round mutations of one push, set-based: one query per table, then in request order
 * (a round started earlier in the same batch may be checked, finished or abandoned later in it).
 */
async function checkRounds(
  tx: Db,
  user: SessionUser,
  candidates: RoundCandidate[],
  outcomes: Map<number, Outcome>,
  zone: string,
): Promise<void> {
  const starts = candidates.flatMap((c) => (c.name === 'round.start' ? [c.args] : []));
  const finishes = candidates.flatMap((c) => (c.name === 'round.finish' ? [c.args] : []));
  const checks = candidates.flatMap((c) => (c.name === 'round.check_window' ? [c.args] : []));
  const floors = await queryRows(
    tx,
    'select id from floors where id = any($1::uuid[]) and deleted_at is null',
    [[...new Set(starts.map((a) => a.floorId))]],
    z.object({ id: z.string() }),
  );
  const roundIds = [...new Set(candidates.map((c) => c.args.id))];
  const existing = await queryRows(
    tx,
    'select id, leader_id, floor_id, started_at, finished_at, deleted_at from rounds where id = any($1::uuid[])',
    [roundIds],
    z.object({
      id: z.string(),
      leader_id: z.string(),
      floor_id: z.string(),
      started_at: z.date(),
      finished_at: z.date().nullable(),
      deleted_at: z.date().nullable(),
    }),
  );
  const windowIds = [
    ...new Set([
      ...finishes.flatMap((a) => [...a.checkedWindowIds, ...a.allInOrderWindowIds]),
      ...checks.map((a) => a.windowId),
    ]),
  ];
  const windows = windowIds.length
    ? await queryRows(
        tx,
        'select id, floor_id from windows where id = any($1::uuid[]) and deleted_at is null',
        [windowIds],
        z.object({ id: z.string(), floor_id: z.string() }),
      )
    : [];
  // The roster only matters for starts by someone other than the supervision section.
  const roster =
    starts.length && user.role !== 'supervision'
      ? await rosterOfMonths(
          tx,
          starts.map((a) => hallDay(a.startedAt, zone).slice(0, 7)),
        )
      : [];
  const floorIds = new Set(floors.map((f) => f.id));
  const windowFloor = new Map(windows.map((w) => [w.id, w.floor_id]));
  const rounds = new Map<string, KnownRound>(
    existing.map((r) => [
      r.id,
      {
        leaderId: r.leader_id,
        floorId: r.floor_id,
        startedAt: new Date(r.started_at).getTime(),
        finished: !!r.finished_at,
        abandoned: !!r.deleted_at,
      },
    ]),
  );

  for (const c of candidates) {
    const problem =
      c.name === 'round.start'
        ? startProblem(c.args)
        : c.name === 'round.finish'
          ? finishProblem(c.args)
          : c.name === 'round.check_window'
            ? checkProblem(c.args)
            : abandonProblem(c.args);
    if (problem) outcomes.set(c.index, problem);
  }

  function startProblem(args: StartRoundArgs): Outcome | null {
    if (!floorIds.has(args.floorId)) return reject('not_found', `floor ${args.floorId} not found`);
    if (rounds.has(args.id)) return reject('conflict', `round ${args.id} already exists`);
    const day = hallDay(args.startedAt, zone);
    if (!mayPatrolFloor(user, roster, args.floorId, day)) {
      return reject('forbidden', `${user.username} is not on the duty roster of floor ${args.floorId} on ${day}`);
    }
    rounds.set(args.id, {
      leaderId: user.id,
      floorId: args.floorId,
      startedAt: Date.parse(args.startedAt),
      finished: false,
      abandoned: false,
    });
    return null;
  }

  /** The round must exist, be the user's own and still be open. */
  function openRound(id: string): KnownRound | Outcome {
    const round = rounds.get(id);
    if (!round) return reject('not_found', `round ${id} not found (it must be started first)`);
    if (round.leaderId !== user.id) return reject('forbidden', `round ${id} was started by another user`);
    if (round.abandoned) return reject('conflict', `round ${id} was abandoned`);
    if (round.finished) return reject('conflict', `round ${id} is already finished`);
    return round;
  }

  function finishProblem(args: FinishRoundArgs): Outcome | null {
    const round = openRound(args.id);
    if (isOutcome(round)) return round;
    if (Date.parse(args.finishedAt) < round.startedAt)
      return reject('invalid', 'finishedAt: a round cannot finish before it started');
    const unknown = [...args.checkedWindowIds, ...args.allInOrderWindowIds].find((w) => !windowFloor.has(w));
    if (unknown) return reject('not_found', `window ${unknown} not found`);
    round.finished = true;
    return null;
  }

  function checkProblem(args: CheckWindowArgs): Outcome | null {
    const round = openRound(args.id);
    if (isOutcome(round)) return round;
    const floor = windowFloor.get(args.windowId);
    if (!floor) return reject('not_found', `window ${args.windowId} not found`);
    if (floor !== round.floorId)
      return reject('invalid', `window ${args.windowId} is not on the floor of round ${args.id}`);
    return null;
  }

  function abandonProblem(args: AbandonRoundArgs): Outcome | null {
    const round = openRound(args.id);
    if (isOutcome(round)) return round;
    round.abandoned = true;
    return null;
  }
}

const isOutcome = (x: KnownRound | Outcome): x is Outcome => 'status' in x;

const joined = (ids: string[]) => [...new Set(ids)].join(',');

/** Writes applied starts (one insert), window checks, finishes (one update) and abandonments, in that order. */
async function writeRounds(tx: Db, user: SessionUser, applied: RoundCandidate[], receivedAt: Date, zone: string) {
  const starts = applied.flatMap((a) => (a.name === 'round.start' ? [a.args] : []));
  const checks = applied.flatMap((a) => (a.name === 'round.check_window' ? [a.args] : []));
  const finishes = applied.flatMap((a) => (a.name === 'round.finish' ? [a.args] : []));
  const abandons = applied.flatMap((a) => (a.name === 'round.abandon' ? [a.args] : []));
  if (starts.length) {
    await tx.query(
      `insert into rounds (id, floor_id, slot, day, leader_id, started_at, server_received_at)
       select id, floor_id, slot, day, $5::uuid, started_at, $6::timestamptz
         from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $7::timestamptz[]) as t(id, floor_id, slot, day, started_at)`,
      [
        starts.map((a) => a.id),
        starts.map((a) => a.floorId),
        starts.map((a) => a.slot),
        starts.map((a) => hallDay(a.startedAt, zone)), // the hall day, whatever offset the phone wrote
        user.id,
        receivedAt.toISOString(),
        starts.map((a) => a.startedAt),
      ],
    );
  }
  if (checks.length) await writeWindowChecks(tx, checks);
  if (finishes.length) {
    // The windows the phone lists, and any window a record of the round names (a record made from
    // another screen counts for its round too).
    await tx.query(
      `update rounds r
          set finished_at = t.finished_at,
              checked_window_ids = array(select distinct w from unnest(string_to_array(t.checked, ',')::uuid[]
                                          || coalesce((select array_agg(v.window_id) from violations v where v.round_id = r.id and v.status = 'active'), '{}')) as w),
              all_in_order_window_ids = string_to_array(t.in_order, ',')::uuid[]
         from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]) as t(id, finished_at, checked, in_order)
        where r.id = t.id`,
      [
        finishes.map((a) => a.id),
        finishes.map((a) => a.finishedAt),
        finishes.map((a) => joined([...a.checkedWindowIds, ...a.allInOrderWindowIds])),
        finishes.map((a) => joined(a.allInOrderWindowIds)),
      ],
    );
  }
  for (const a of abandons) {
    // An abandoned round goes (a tombstone to the phones); the audit log keeps who, when and why.
    const [before] = await queryRows(
      tx,
      'update rounds set deleted_at = $2 where id = $1 returning floor_id, slot, day, checked_window_ids',
      [a.id, receivedAt.toISOString()],
      RoundRowSchema.pick({ floor_id: true, slot: true, day: true, checked_window_ids: true }),
    );
    await appendAudit(tx, {
      actorId: user.id,
      actorName: user.username,
      action: 'abandon_round',
      entity: 'round',
      entityId: a.id,
      before: before
        ? { floorId: before.floor_id, slot: before.slot, day: before.day, checkedWindowIds: before.checked_window_ids }
        : null,
      after: { reason: a.reason, abandonedAt: a.abandonedAt },
    });
  }
}

/**
 * Window checks, in request order per round, from the stored arrays: "in order" adds the window
 * to both lists (only to the checked ones when a record of the round names it); taking it back
 * removes it from both, but a window with a record of the round stays checked.
 */
async function writeWindowChecks(tx: Db, checks: CheckWindowArgs[]) {
  const ids = [...new Set(checks.map((c) => c.id))];
  const rows = await queryRows(
    tx,
    `select r.id, r.checked_window_ids as checked, r.all_in_order_window_ids as in_order,
            coalesce((select array_agg(distinct v.window_id) from violations v where v.round_id = r.id and v.status = 'active'), '{}') as recorded
       from rounds r where r.id = any($1::uuid[])`,
    [ids],
    z.object({
      id: z.string(),
      checked: z.array(z.string()),
      in_order: z.array(z.string()),
      recorded: z.array(z.string()),
    }),
  );
  const state = new Map(
    rows.map((r) => [
      r.id,
      { checked: new Set(r.checked ?? []), inOrder: new Set(r.in_order ?? []), recorded: new Set(r.recorded ?? []) },
    ]),
  );
  for (const c of checks) {
    const s = state.get(c.id);
    if (!s) continue;
    if (c.inOrder) {
      s.checked.add(c.windowId);
      // 一切正常 is not a window's state once the round has a record there.
      if (!s.recorded.has(c.windowId)) s.inOrder.add(c.windowId);
    } else {
      s.inOrder.delete(c.windowId);
      if (!s.recorded.has(c.windowId)) s.checked.delete(c.windowId);
    }
  }
  const changed = [...state.entries()];
  await tx.query(
    `update rounds r
        set checked_window_ids = string_to_array(t.checked, ',')::uuid[],
            all_in_order_window_ids = string_to_array(t.in_order, ',')::uuid[]
       from unnest($1::uuid[], $2::text[], $3::text[]) as t(id, checked, in_order)
      where r.id = t.id`,
    [
      changed.map(([id]) => id),
      changed.map(([, s]) => joined([...s.checked])),
      changed.map(([, s]) => joined([...s.inOrder])),
    ],
  );
}
