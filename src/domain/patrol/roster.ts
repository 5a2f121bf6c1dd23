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

// Duty look-ups and roster days: patrol/roster-days.ts (zod-free, for the first screen).
export {
  isHallWorkingDay,
  rosterCovers,
  dutyOfficerOn,
  dutyFloorsOf,
  DUTY_ROLES,
  daysOfMonth,
  rosterDays,
  overlappingDays,
} from './roster-days';
export type { DutyAssignment } from './roster-days';
import { daysOfMonth, rosterDays } from './roster-days';

const RosterMonthSchema = MonthBound;
const RosterDaySchema = dayInRange; // checkRoster says which days are not of the month

const rosterFields = {
  month: RosterMonthSchema,
  floorId: IdSchema,
  userId: IdSchema,
  /** Days on duty; empty (or left out) = every hall working day (Mon–Fri) of the month. */
  dates: z.array(RosterDaySchema).max(31).default([]),
  /** A named stand-in for given days (the server fills in the names). */
  standIns: z
    .array(z.object({ date: RosterDaySchema, userId: IdSchema }))
    .max(31)
    .default([]),
};

type RosterShape = { month: string; userId: string; dates: string[]; standIns: { date: string; userId: string }[] };

/** Dates inside the month, no day twice, stand-ins only on days of duty, not the officer himself. */
function checkRoster(v: RosterShape, ctx: z.RefinementCtx): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.month)) return;
  const inMonth = new Set(daysOfMonth(v.month));
  const seen = new Set<string>();
  v.dates.forEach((d, i) => {
    if (!inMonth.has(d))
      ctx.addIssue({ code: 'custom', path: ['dates', i], message: `${d} is not a day of ${v.month}` });
    else if (seen.has(d)) ctx.addIssue({ code: 'custom', path: ['dates', i], message: `${d} is listed twice` });
    seen.add(d);
  });
  const covered = new Set(rosterDays(v.month, v.dates));
  const standInDays = new Set<string>();
  v.standIns.forEach((s, i) => {
    if (!inMonth.has(s.date))
      ctx.addIssue({ code: 'custom', path: ['standIns', i, 'date'], message: `${s.date} is not a day of ${v.month}` });
    else if (!covered.has(s.date))
      ctx.addIssue({
        code: 'custom',
        path: ['standIns', i, 'date'],
        message: `${s.date} is not a day of duty of this entry`,
      });
    else if (standInDays.has(s.date))
      ctx.addIssue({ code: 'custom', path: ['standIns', i, 'date'], message: `two stand-ins on ${s.date}` });
    if (s.userId === v.userId)
      ctx.addIssue({
        code: 'custom',
        path: ['standIns', i, 'userId'],
        message: 'the duty officer cannot stand in for himself',
      });
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
    standIns: z
      .array(z.object({ date: RosterDaySchema, userId: IdSchema }))
      .max(31)
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });
export type DutyRosterPatch = z.infer<typeof DutyRosterPatchSchema>;
