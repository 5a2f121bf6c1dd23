import { z } from 'zod';
import { IdSchema } from '../entities';
import { NAME_MAX, boundedText, dayInRange, hallDate, month as MonthBound } from '../bounds';

/**
 * The duty roster (值班表): who is the duty officer of a floor in a month, on which days, and who
 * stands in on given days (DOMAIN §2: an absent duty officer hands over to a named stand-in).
 */
export const StandInSchema = z.object({
  date: hallDate,
  userId: IdSchema,
  userName: boundedText(NAME_MAX),
});

export const DutyRosterSchema = z.object({
  id: IdSchema,
  month: MonthBound,
  floorId: IdSchema,
  userId: IdSchema,
  userName: boundedText(NAME_MAX),
  /** Days on duty; an empty list means every hall working day (Mon–Fri) of the month. */
  dates: z.array(hallDate).max(31),
  standIns: z.array(StandInSchema).max(31),
});
export type DutyRoster = z.infer<typeof DutyRosterSchema>;

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

const RosterMonthSchema = MonthBound;
const RosterDaySchema = dayInRange; // checkRoster says which days are not of the month

const rosterFields = {
  month: RosterMonthSchema,
  floorId: IdSchema,
  userId: IdSchema,
  /** Days on duty; empty (or left out) = every hall working day (Mon–Fri) of the month. */
  dates: z.array(RosterDaySchema).max(31).default([]),
  /** A named stand-in for given days (the server fills in the names). */
  standIns: z.array(z.object({ date: RosterDaySchema, userId: IdSchema })).max(31).default([]),
};

type RosterShape = { month: string; userId: string; dates: string[]; standIns: { date: string; userId: string }[] };

/** Dates inside the month, no day twice, stand-ins only on days of duty, not the officer himself. */
function checkRoster(v: RosterShape, ctx: z.RefinementCtx): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.month)) return;
  const inMonth = new Set(daysOfMonth(v.month));
  const seen = new Set<string>();
  v.dates.forEach((d, i) => {
    if (!inMonth.has(d)) ctx.addIssue({ code: 'custom', path: ['dates', i], message: `${d} is not a day of ${v.month}` });
    else if (seen.has(d)) ctx.addIssue({ code: 'custom', path: ['dates', i], message: `${d} is listed twice` });
    seen.add(d);
  });
  const covered = new Set(rosterDays(v.month, v.dates));
  const standInDays = new Set<string>();
  v.standIns.forEach((s, i) => {
    if (!inMonth.has(s.date)) ctx.addIssue({ code: 'custom', path: ['standIns', i, 'date'], message: `${s.date} is not a day of ${v.month}` });
    else if (!covered.has(s.date)) ctx.addIssue({ code: 'custom', path: ['standIns', i, 'date'], message: `${s.date} is not a day of duty of this entry` });
    else if (standInDays.has(s.date)) ctx.addIssue({ code: 'custom', path: ['standIns', i, 'date'], message: `two stand-ins on ${s.date}` });
    if (s.userId === v.userId) ctx.addIssue({ code: 'custom', path: ['standIns', i, 'userId'], message: 'the duty officer cannot stand in for himself' });
    standInDays.add(s.date);
  });
}

/** POST /api/admin/duty-roster (and a PATCH merged onto the stored entry). */
export const DutyRosterInputSchema = z.object(rosterFields).superRefine(checkRoster);
export type DutyRosterInput = z.infer<typeof DutyRosterInputSchema>;

/** PATCH /api/admin/duty-roster/:id: any of the fields; the merged entry is checked as a whole. */
export const DutyRosterPatchSchema = z
  .object({
    month: rosterFields.month.optional(),
    floorId: IdSchema.optional(),
    userId: IdSchema.optional(),
    dates: z.array(RosterDaySchema).max(31).optional(),
    standIns: z.array(z.object({ date: RosterDaySchema, userId: IdSchema })).max(31).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });
export type DutyRosterPatch = z.infer<typeof DutyRosterPatchSchema>;
