// Zod-free: round slots, status and reminders (the home screens' start reaches these; the
// schemas stay in rounds.ts, which re-exports all of this). Pure, as described there.
import type { Scheme } from '../scheme/schema';
import type { Round } from './rounds';
import { compareText } from '../text-order';

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A round's time window in a scheme (RoundWindowSchema in rounds.ts checks it). */
export interface RoundWindow {
  name: { zh: string; en: string };
  from: string;
  to: string;
}

/** The default windows: morning and afternoon service hours. */
export const DEFAULT_ROUND_WINDOWS: RoundWindow[] = [
  { name: { zh: '上午巡查', en: 'Morning round' }, from: '08:30', to: '11:30' },
  { name: { zh: '下午巡查', en: 'Afternoon round' }, from: '14:00', to: '17:30' },
];

/** The service day a round may fall into when a scheme asks for more rounds than windows given. */
const SERVICE_DAY = { from: 8 * 60 + 30, to: 17 * 60 + 30 };

export interface RoundSlot {
  /** 0-based index of the round in the day. */
  slot: number;
  name: { zh: string; en: string };
  /** Minutes since local midnight. */
  from: number;
  to: number;
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The round slots of a day. Windows from scheme.patrol.windows when they match roundsPerDay;
 * otherwise the default morning/afternoon windows for 2 rounds, a whole-day window for 1, and an
 * even split of 08:30–17:30 for 3 or more.
 */
export function roundSlots(scheme: Pick<Scheme, 'patrol'>): RoundSlot[] {
  const n = scheme.patrol.roundsPerDay;
  const given = scheme.patrol.windows;
  let windows: RoundWindow[];
  if (given && given.length === n) windows = given;
  else if (n === DEFAULT_ROUND_WINDOWS.length) windows = DEFAULT_ROUND_WINDOWS;
  else {
    const span = (SERVICE_DAY.to - SERVICE_DAY.from) / n;
    windows = Array.from({ length: n }, (_, i) => ({
      name: { zh: `第${i + 1}轮巡查`, en: `Round ${i + 1}` },
      from: hhmmOf(Math.round(SERVICE_DAY.from + i * span)),
      to: hhmmOf(Math.round(SERVICE_DAY.from + (i + 1) * span)),
    }));
  }
  return windows.map((w, slot) => ({ slot, name: w.name, from: minutesOf(w.from), to: minutesOf(w.to) }));
}

export function formatSlotTime(slot: RoundSlot): string {
  return `${hhmmOf(slot.from)}–${hhmmOf(slot.to)}`;
}

// ── Status and reminders ─────────────────────────────────────────────────────────────────────

export type RoundStatus = 'not_started' | 'in_progress' | 'done';

type RoundLike = Pick<Round, 'slot' | 'day' | 'floorId'> & { finishedAt: string | null; startedAt: string };

/** A slot is done once any round of it finished; in progress while one is started and open. */
export function roundStatus(rounds: readonly Pick<RoundLike, 'finishedAt'>[]): RoundStatus {
  if (rounds.some((r) => r.finishedAt)) return 'done';
  return rounds.length ? 'in_progress' : 'not_started';
}

export interface SlotState<R extends RoundLike = RoundLike> {
  slot: RoundSlot;
  status: RoundStatus;
  /** The open or finished round of the slot (the latest started). */
  round: R | null;
  /** The slot's window has begun and the round is not started. */
  due: boolean;
  /** The slot's window is over and the round was never finished. */
  missed: boolean;
}

/** Today's rounds of one floor, with status and the due/missed flags at minute `nowMinutes` of `day`. */
export function dayRounds<R extends RoundLike>(
  slots: readonly RoundSlot[],
  rounds: readonly R[],
  floorId: string,
  day: string,
  nowMinutes: number,
): SlotState<R>[] {
  const mine = rounds.filter((r) => r.floorId === floorId && r.day === day);
  return slots.map((slot) => {
    const of = mine.filter((r) => r.slot === slot.slot).sort((a, b) => compareText(a.startedAt, b.startedAt));
    const status = roundStatus(of);
    return {
      slot,
      status,
      round: of.find((r) => r.finishedAt) ?? of.at(-1) ?? null,
      due: status === 'not_started' && nowMinutes >= slot.from && nowMinutes < slot.to,
      missed: status !== 'done' && nowMinutes >= slot.to,
    };
  });
}

/** The reminder to show: the first slot due and not started, or null. */
export function dueReminder<R extends RoundLike>(states: readonly SlotState<R>[]): SlotState<R> | null {
  return states.find((s) => s.due) ?? null;
}

/** Is minute `nowMinutes` inside the slot's window (start a round then without asking)? */
export function withinSlot(slot: Pick<RoundSlot, 'from' | 'to'>, nowMinutes: number): boolean {
  return nowMinutes >= slot.from && nowMinutes < slot.to;
}

const DAY_END = 24 * 60;

/**
 * When an open round closes by itself (hall day and minute): at its slot's end, or at the end of
 * its day when it was started after the slot had ended (a late round the leader confirmed).
 */
export function roundClosesAt(
  round: { day: string; slot: number; startedMinutes: number },
  slots: readonly RoundSlot[],
): { day: string; minutes: number } {
  const slot = slots.find((s) => s.slot === round.slot);
  const end = slot && round.startedMinutes < slot.to ? slot.to : DAY_END;
  return { day: round.day, minutes: end };
}

/** An open round whose closing time has come (the phone then finishes it; coverage counts it done). */
export function roundOverdue(
  round: { day: string; slot: number; startedMinutes: number; finishedAt: string | null },
  slots: readonly RoundSlot[],
  nowDay: string,
  nowMinutes: number,
): boolean {
  if (round.finishedAt) return false;
  const closes = roundClosesAt(round, slots);
  return nowDay > closes.day || (nowDay === closes.day && nowMinutes >= closes.minutes);
}

/** The hall wall-clock time 'YYYY-MM-DDTHH:mm' of a day and minute (24:00 → 23:59, still that day). */
export function wallClockOf(at: { day: string; minutes: number }): string {
  return `${at.day}T${hhmmOf(Math.min(at.minutes, DAY_END - 1))}`;
}

/** Which slot a round started now belongs to: the current window, else the next, else the last. */
export function slotForNow(slots: readonly RoundSlot[], nowMinutes: number): number {
  const current = slots.find((s) => nowMinutes >= s.from && nowMinutes < s.to);
  if (current) return current.slot;
  const next = slots.find((s) => nowMinutes < s.from);
  return (next ?? slots.at(-1))?.slot ?? 0;
}
