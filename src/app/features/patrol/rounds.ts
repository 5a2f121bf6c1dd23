import { DEFAULT_HALL_TIME_ZONE, hallIso, type FinishRoundArgs, type StartRoundArgs } from '../../../domain';
import type { WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { newId } from '../../ids';
import { correctedNow, type Now } from '../../sync/clock';

/**
 * Start a patrol round of a floor on this phone (syncs when it can). Times are written in the
 * hall's time (`zone`), so the round's day is the date part of startedAt.
 */
export async function startRound(
  db: WindowDutyDb,
  input: { floorId: string; slot: number; zone?: string },
  user: Actor,
  now: Now = correctedNow,
): Promise<StartRoundArgs> {
  const zone = input.zone ?? DEFAULT_HALL_TIME_ZONE;
  const args: StartRoundArgs = { id: newId(), floorId: input.floorId, slot: input.slot, startedAt: hallIso(now(), zone) };
  await enqueueMutation(db, 'round.start', args, user, now);
  return args;
}

/** Finish a round: the windows checked, and those found all in order (一切正常). */
export async function finishRound(
  db: WindowDutyDb,
  input: { id: string; checkedWindowIds: string[]; allInOrderWindowIds: string[]; zone?: string },
  user: Actor,
  now: Now = correctedNow,
): Promise<FinishRoundArgs> {
  const args: FinishRoundArgs = {
    id: input.id,
    finishedAt: hallIso(now(), input.zone ?? DEFAULT_HALL_TIME_ZONE),
    checkedWindowIds: [...new Set(input.checkedWindowIds)],
    allInOrderWindowIds: [...new Set(input.allInOrderWindowIds)],
  };
  await enqueueMutation(db, 'round.finish', args, user, now);
  return args;
}

/** Windows of a round listed for the finish screen: unchecked first, each group in hall order. */
export function uncheckedFirst<W extends { id: string; position: number }>(windows: readonly W[], checked: ReadonlySet<string>): { unchecked: W[]; checked: W[] } {
  const sorted = [...windows].sort((a, b) => a.position - b.position);
  return { unchecked: sorted.filter((w) => !checked.has(w.id)), checked: sorted.filter((w) => checked.has(w.id)) };
}
