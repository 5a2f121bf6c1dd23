import type { DutyRoster } from './roster';
import { dutyOfficerOn, rosterDays } from './roster';
import { compareText } from '../text-order';

/**
 * Patrol coverage of a month for the supervision section (DOMAIN §2: a duty window that neglects
 * its patrols cannot be a red-flag window). Pure: rounds and roster in, per officer and day out.
 */

export interface CoverageRound {
  floorId: string;
  leaderId: string;
  day: string;
  slot: number;
  finished: boolean;
}

export interface OfficerDay {
  day: string;
  floorId: string;
  userId: string;
  userName: string;
  standIn: boolean;
  required: number;
  /** Distinct round slots finished by the officer of the day on that floor. */
  done: number;
}

export interface DutyFlag {
  rosterId: string;
  floorId: string;
  userId: string;
  userName: string;
  missedRounds: number;
  daysShort: string[];
}

/** Days a roster entry has duty (rosterDays: its dates, or the hall working days), up to `until`. */
export function dutyDays(month: string, entry: Pick<DutyRoster, 'dates'>, until?: string): string[] {
  const all = rosterDays(month, entry.dates);
  return until ? all.filter((d) => d <= until) : all;
}

/**
 * Per officer and day: rounds done vs required; per roster entry: the missed rounds (flagged when
 * any). `until` (inclusive) leaves out days still to come.
 */
export function patrolCoverageOf(
  month: string,
  roster: readonly DutyRoster[],
  rounds: readonly CoverageRound[],
  roundsPerDay: number,
  until?: string,
): { days: OfficerDay[]; flags: DutyFlag[] } {
  const finished = new Map<string, Set<number>>(); // floor|leader|day → slots
  for (const r of rounds) {
    if (!r.finished) continue;
    const key = `${r.floorId}|${r.leaderId}|${r.day}`;
    finished.set(key, (finished.get(key) ?? new Set()).add(r.slot));
  }
  const days: OfficerDay[] = [];
  const flags: DutyFlag[] = [];
  for (const entry of roster.filter((r) => r.month === month)) {
    let missed = 0;
    const short: string[] = [];
    for (const day of dutyDays(month, entry, until)) {
      const officer = dutyOfficerOn([entry], entry.floorId, day);
      if (!officer) continue;
      const done = Math.min(roundsPerDay, finished.get(`${entry.floorId}|${officer.userId}|${day}`)?.size ?? 0);
      days.push({
        day,
        floorId: entry.floorId,
        userId: officer.userId,
        userName: officer.userName,
        standIn: officer.standIn,
        required: roundsPerDay,
        done,
      });
      if (done < roundsPerDay) {
        missed += roundsPerDay - done;
        short.push(day);
      }
    }
    if (missed > 0)
      flags.push({
        rosterId: entry.id,
        floorId: entry.floorId,
        userId: entry.userId,
        userName: entry.userName,
        missedRounds: missed,
        daysShort: short,
      });
  }
  days.sort((a, b) => compareText(a.day, b.day) || compareText(a.floorId, b.floorId));
  return { days, flags };
}

/** Windows no round of the month checked (finished or still open) and no record of the month names. */
export function windowsNeverChecked<W extends { id: string }>(
  windows: readonly W[],
  checkedIds: Iterable<string>,
): W[] {
  const seen = new Set(checkedIds);
  return windows.filter((w) => !seen.has(w.id));
}
