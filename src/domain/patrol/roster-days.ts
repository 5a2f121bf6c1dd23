// Zod-free: who is on duty when, and the days of a roster (the home screens' start reaches these;
// the schemas stay in roster.ts, which re-exports all of this).
import type { DutyRoster } from './roster';

export interface DutyAssignment {
  rosterId: string;
  floorId: string;
  userId: string;
  userName: string;
  standIn: boolean;
}

/**
 * A hall working day: Monday to Friday (DOMAIN §1: the hall serves on weekdays). The one rule for
 * a roster entry that lists no dates, used by the roster, the phone's rounds and patrol coverage.
 */
export function isHallWorkingDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // a calendar date: no time zone involved
  return weekday !== 0 && weekday !== 6;
}

/** Does a roster entry have duty on a day: one of its dates, or, when it lists none, a working day of its month. */
export function rosterCovers(entry: { month: string; dates: readonly string[] }, day: string): boolean {
  if (day.slice(0, 7) !== entry.month) return false;
  return entry.dates.length ? entry.dates.includes(day) : isHallWorkingDay(day);
}

/** Who is on duty on a floor on a day (the stand-in when one is named), or null. */
export function dutyOfficerOn(roster: readonly DutyRoster[], floorId: string, day: string): DutyAssignment | null {
  for (const entry of roster) {
    if (entry.floorId !== floorId || !rosterCovers(entry, day)) continue;
    const standIn = entry.standIns.find((s) => s.date === day);
    return standIn
      ? { rosterId: entry.id, floorId, userId: standIn.userId, userName: standIn.userName, standIn: true }
      : { rosterId: entry.id, floorId, userId: entry.userId, userName: entry.userName, standIn: false };
  }
  return null;
}

/** The floors a user patrols on a day (own duty, or standing in). */
export function dutyFloorsOf(roster: readonly DutyRoster[], userId: string, day: string): string[] {
  const floors = new Set(roster.filter((r) => r.month === day.slice(0, 7)).map((r) => r.floorId));
  return [...floors].filter((f) => dutyOfficerOn(roster, f, day)?.userId === userId);
}

// ---- The console's roster editor (督查科 sets the monthly duty roster)

/** Roles that can serve as duty officers or stand-ins (DOMAIN §2: duty windows' heads, floor duty leaders). */
export const DUTY_ROLES = ['duty_leader', 'window_head'] as const;

/** The days of a month, YYYY-MM-DD, in order. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The days a roster entry covers, sorted: its dates, or every hall working day of the month when it lists none. */
export function rosterDays(month: string, dates: readonly string[]): string[] {
  return daysOfMonth(month).filter((day) => rosterCovers({ month, dates }, day));
}

/** The days two entries of the same floor and month both cover (sorted). */
export function overlappingDays(month: string, a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(rosterDays(month, b));
  return rosterDays(month, a).filter((d) => other.has(d));
}
