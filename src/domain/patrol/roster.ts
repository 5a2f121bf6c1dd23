import { z } from 'zod';
import { IdSchema } from '../entities';
import { DAY } from './rounds';

/**
 * The duty roster (值班表): who is the duty officer of a floor in a month, on which days, and who
 * stands in on given days (DOMAIN §2: an absent duty officer hands over to a named stand-in).
 */
export const StandInSchema = z.object({
  date: z.string().regex(DAY),
  userId: IdSchema,
  userName: z.string(),
});

export const DutyRosterSchema = z.object({
  id: IdSchema,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  floorId: IdSchema,
  userId: IdSchema,
  userName: z.string(),
  /** Days on duty; an empty list means every day of the month. */
  dates: z.array(z.string().regex(DAY)),
  standIns: z.array(StandInSchema),
});
export type DutyRoster = z.infer<typeof DutyRosterSchema>;

export interface DutyAssignment {
  rosterId: string;
  floorId: string;
  userId: string;
  userName: string;
  standIn: boolean;
}

/** Who is on duty on a floor on a day (the stand-in when one is named), or null. */
export function dutyOfficerOn(roster: readonly DutyRoster[], floorId: string, day: string): DutyAssignment | null {
  const month = day.slice(0, 7);
  for (const entry of roster) {
    if (entry.month !== month || entry.floorId !== floorId) continue;
    if (entry.dates.length && !entry.dates.includes(day)) continue;
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
