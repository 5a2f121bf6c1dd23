import { DEFAULT_HALL_TIME_ZONE, hallDayAndMinutes, hallIso, instantOfHallClock } from '../../../domain/hall-time';
import { roundClosesAt, roundOverdue, wallClockOf, type RoundSlot } from '../../../domain/patrol/round-slots';
import type { AbandonRoundArgs, CheckWindowArgs, FinishRoundArgs, StartRoundArgs } from '../../../domain/patrol/rounds';
import type { LocalRound, WindowDutyDb } from '../../db/database';
import type { Actor, enqueueMutation as Enqueue } from '../../db/outbox';
import { newId } from '../../ids';
import { correctedNow, deviceTime, type Now } from '../../sync/clock';

/**
 * The outbox is the sync engine's and loads after the home has shown (issue 14); the home's
 * "start round" imports it when tapped (at once if loaded: it is, a second after the home).
 */
const enqueueMutation: typeof Enqueue = async (db, name, args, user, now) =>
  (await import('../../db/outbox')).enqueueMutation(db, name, args, user, now);

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
  const args: StartRoundArgs = {
    id: newId(),
    floorId: input.floorId,
    slot: input.slot,
    startedAt: hallIso(now(), zone),
  };
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
export function uncheckedFirst<W extends { id: string; position: number }>(
  windows: readonly W[],
  checked: ReadonlySet<string>,
): { unchecked: W[]; checked: W[] } {
  const sorted = [...windows].sort((a, b) => a.position - b.position);
  return { unchecked: sorted.filter((w) => !checked.has(w.id)), checked: sorted.filter((w) => checked.has(w.id)) };
}

/** One window checked in an open round (一切正常, or that mark taken back): its own change in the outbox. */
export async function checkWindow(
  db: WindowDutyDb,
  input: { roundId: string; windowId: string; inOrder: boolean; zone?: string },
  user: Actor,
  now: Now = correctedNow,
): Promise<CheckWindowArgs> {
  const args: CheckWindowArgs = {
    id: input.roundId,
    windowId: input.windowId,
    inOrder: input.inOrder,
    checkedAt: hallIso(now(), input.zone ?? DEFAULT_HALL_TIME_ZONE),
  };
  await enqueueMutation(db, 'round.check_window', args, user, now);
  return args;
}

/** Give up an open round with a reason (the server audits it; the slot may be walked again). */
export async function abandonRound(
  db: WindowDutyDb,
  input: { id: string; reason: string; zone?: string },
  user: Actor,
  now: Now = correctedNow,
): Promise<AbandonRoundArgs> {
  const args: AbandonRoundArgs = {
    id: input.id,
    reason: input.reason.trim(),
    abandonedAt: hallIso(now(), input.zone ?? DEFAULT_HALL_TIME_ZONE),
  };
  await enqueueMutation(db, 'round.abandon', args, user, now);
  return args;
}

/** The start of the minute of an instant (the record form's time has no seconds). */
const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000) * 60_000;

/** The hall minute a round was started (the phone writes startedAt in hall time). */
const startedMinutesOf = (round: Pick<LocalRound, 'startedAt'>, zone: string) =>
  hallDayAndMinutes(round.startedAt, zone).minutes;

/** The user's open rounds whose closing time has come (roundOverdue), at `now`. */
export function overdueRounds(
  rounds: readonly LocalRound[],
  slots: readonly RoundSlot[],
  userId: string,
  zone: string,
  now: Date,
): LocalRound[] {
  const { day, minutes } = hallDayAndMinutes(now, zone);
  return rounds.filter(
    (r) =>
      r.leaderId === userId &&
      !r.abandonedAt &&
      roundOverdue({ ...r, startedMinutes: startedMinutesOf(r, zone) }, slots, day, minutes),
  );
}

/**
 * A round still open when its slot has ended closes by itself with what was checked, finished at
 * its closing time (not at the moment the phone noticed): the windows marked in order and those
 * with a record of the round.
 */
export async function closeOverdueRounds(
  db: WindowDutyDb,
  slots: readonly RoundSlot[],
  user: Actor,
  zone: string,
  now: Now = correctedNow,
): Promise<string[]> {
  const open = (await db.rounds.where('leaderId').equals(user.id).toArray()).filter((r) => !r.finishedAt);
  const closed: string[] = [];
  for (const round of overdueRounds(open, slots, user.id, zone, now())) {
    const closesAt = instantOfHallClock(
      wallClockOf(roundClosesAt({ ...round, startedMinutes: startedMinutesOf(round, zone) }, slots)),
      zone,
    );
    const recorded = (
      await db.violations
        .where('observedAt')
        .aboveOrEqual(new Date(minuteOf(round.startedAt)).toISOString())
        .toArray()
    )
      .filter((v) => v.roundId === round.id && v.status !== 'withdrawn')
      .map((v) => v.windowId);
    await finishRound(
      db,
      {
        id: round.id,
        checkedWindowIds: [...round.checkedWindowIds, ...recorded],
        allInOrderWindowIds: round.allInOrderWindowIds.filter((w) => !recorded.includes(w)),
        zone,
      },
      user,
      // Finished at its closing time; the outbox entry keeps the device's own time.
      Object.assign(() => closesAt, { device: () => deviceTime(now) }),
    );
    closed.push(round.id);
  }
  return closed;
}

/**
 * The user's open round on a floor at an instant (for a record made from any screen: it counts
 * for that round). The latest started one that began before the instant.
 */
export function openRoundAt(
  rounds: readonly LocalRound[],
  userId: string,
  floorId: string,
  at: Date,
): LocalRound | null {
  return (
    rounds
      // By the minute: the form's time field has no seconds, so a record of the minute the round
      // started (09:00 for a round started 09:00:40) is in it.
      .filter(
        (r) =>
          r.leaderId === userId &&
          r.floorId === floorId &&
          !r.finishedAt &&
          !r.abandonedAt &&
          minuteOf(r.startedAt) <= at.getTime(),
      )
      .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0] ?? null
  );
}
