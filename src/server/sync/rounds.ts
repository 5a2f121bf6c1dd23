import { RECORDER_ROLES, hallDay, type FinishRoundArgs, type StartRoundArgs } from '../../domain';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/types';
import type { Candidate, MutationFamily } from './family';
import { reject, type Outcome } from './outcome';

type RoundCandidate = Candidate<StartRoundArgs | FinishRoundArgs>;

/** round.start / round.finish: a duty leader's patrol rounds. */
export const roundFamily: MutationFamily = {
  names: ['round.start', 'round.finish'],
  roles: RECORDER_ROLES,
  check: (ctx, candidates) => checkRounds(ctx.tx, ctx.user, candidates as RoundCandidate[], ctx.outcomes),
  write: (ctx, applied) => writeRounds(ctx.tx, ctx.user.id, applied as RoundCandidate[], ctx.serverNow, ctx.zone),
};

/**
 * Checks round.start / round.finish of one push, set-based: one query per table, then in request
 * order (a round started earlier in the same batch may be finished later in it).
 */
async function checkRounds(tx: Db, user: SessionUser, candidates: RoundCandidate[], outcomes: Map<number, Outcome>): Promise<void> {
  const starts = candidates.filter((c) => c.name === 'round.start').map((c) => c.args as StartRoundArgs);
  const finishes = candidates.filter((c) => c.name === 'round.finish').map((c) => c.args as FinishRoundArgs);
  const floors = await tx.query<{ id: string }>('select id from floors where id = any($1::uuid[]) and deleted_at is null', [
    [...new Set(starts.map((a) => a.floorId))],
  ]);
  const roundIds = [...new Set(candidates.map((c) => c.args.id))];
  const existing = await tx.query<{ id: string; leader_id: string; started_at: Date; finished_at: Date | null }>(
    'select id, leader_id, started_at, finished_at from rounds where id = any($1::uuid[])',
    [roundIds],
  );
  const windowIds = [...new Set(finishes.flatMap((a) => [...a.checkedWindowIds, ...a.allInOrderWindowIds]))];
  const windows = windowIds.length
    ? await tx.query<{ id: string }>('select id from windows where id = any($1::uuid[]) and deleted_at is null', [windowIds])
    : [];
  const floorIds = new Set(floors.map((f) => f.id));
  const knownWindows = new Set(windows.map((w) => w.id));
  const rounds = new Map(existing.map((r) => [r.id, { leaderId: r.leader_id, startedAt: new Date(r.started_at).getTime(), finished: !!r.finished_at }]));

  for (const c of candidates) {
    const problem = c.name === 'round.start' ? startProblem(c.args as StartRoundArgs) : finishProblem(c.args as FinishRoundArgs);
    if (problem) outcomes.set(c.index, problem);
  }

  function startProblem(args: StartRoundArgs): Outcome | null {
    if (!floorIds.has(args.floorId)) return reject('not_found', `floor ${args.floorId} not found`);
    if (rounds.has(args.id)) return reject('conflict', `round ${args.id} already exists`);
    rounds.set(args.id, { leaderId: user.id, startedAt: Date.parse(args.startedAt), finished: false });
    return null;
  }

  function finishProblem(args: FinishRoundArgs): Outcome | null {
    const round = rounds.get(args.id);
    if (!round) return reject('not_found', `round ${args.id} not found (it must be started first)`);
    if (round.leaderId !== user.id) return reject('forbidden', `round ${args.id} was started by another user`);
    if (round.finished) return reject('conflict', `round ${args.id} is already finished`);
    if (Date.parse(args.finishedAt) < round.startedAt) return reject('invalid', 'finishedAt: a round cannot finish before it started');
    const unknown = [...args.checkedWindowIds, ...args.allInOrderWindowIds].find((w) => !knownWindows.has(w));
    if (unknown) return reject('not_found', `window ${unknown} not found`);
    round.finished = true;
    return null;
  }
}

const joined = (ids: string[]) => [...new Set(ids)].join(',');

/** Writes applied starts (one insert) and then finishes (one update), in that order. */
async function writeRounds(tx: Db, leaderId: string, applied: RoundCandidate[], receivedAt: Date, zone: string) {
  const starts = applied.filter((a) => a.name === 'round.start').map((a) => a.args as StartRoundArgs);
  const finishes = applied.filter((a) => a.name === 'round.finish').map((a) => a.args as FinishRoundArgs);
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
        leaderId,
        receivedAt.toISOString(),
        starts.map((a) => a.startedAt),
      ],
    );
  }
  if (finishes.length) {
    await tx.query(
      `update rounds r
          set finished_at = t.finished_at,
              checked_window_ids = string_to_array(t.checked, ',')::uuid[],
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
}
