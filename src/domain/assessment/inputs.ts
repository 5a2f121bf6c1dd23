import { z } from 'zod';
import { IdSchema, StaffSchema, WindowSchema } from '../entities';
import { SchemeSchema } from '../scheme/schema';
import { CODE_MAX, INT32_MAX, boundedText, month } from '../bounds';

/** An assessment month, `YYYY-MM`. */
export const AssessmentMonthSchema = month;

const CodeSchema = z
  .string()
  .max(CODE_MAX)
  .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a scheme code' });

/**
 * A deduction record's state after verification (核实, DOMAIN §5.3):
 * - active: counts (also a record whose dispute was rejected — it stays active);
 * - withdrawn: taken back by its recorder or the supervision section; does not count;
 * - overturned: the window's dispute was upheld; does not count;
 * - excused: off post while an approved leave or a registered outing covered the moment (DOMAIN §3);
 * - converted: off post (or late) counted as half a day's absence instead (#15, scheme.offPost.scored).
 */
export const DeductionStatusSchema = z.enum(['active', 'withdrawn', 'overturned', 'excused', 'converted']);
export type DeductionStatus = z.infer<typeof DeductionStatusSchema>;

/** Where records come from (DOMAIN §5.1). Free text so centers can add their own. */
export const KNOWN_RECORD_SOURCES = ['patrol', 'leave', 'section', 'complaint', 'public_rating', 'meeting'] as const;

export const DeductionRecordSchema = z.object({
  id: IdSchema,
  /** The window where it happened: the window's score always counts it. */
  windowId: IdSchema,
  /** The person who erred; null when the record is against "the window". */
  staffId: IdSchema.nullable(),
  itemCode: CodeSchema,
  /** Occurrences, half days, days or cases, per the item's unit. Points × quantity is deducted. */
  quantity: z.number().int().min(1).max(INT32_MAX),
  status: DeductionStatusSchema,
  source: boundedText(40).min(1),
  /**
   * Set when `staffId` is a substitute (替岗/顶岗) standing in at `windowId` for this staff
   * member. The record deducts the window; it deducts the substitute's own score too unless
   * the scheme says `substitutes.deductOwnScore: false`. It never deducts the person covered.
   */
  substituteFor: IdSchema.nullable().optional(),
});
export type DeductionRecord = z.infer<typeof DeductionRecordSchema>;

export const BonusStatusSchema = z.enum(['active', 'withdrawn']);

export const BonusRecordSchema = z.object({
  id: IdSchema,
  windowId: IdSchema,
  staffId: IdSchema.nullable(),
  bonusCode: CodeSchema,
  /** Within the bonus item's minPoints–maxPoints. */
  points: z.number().positive().max(9999),
  /** One event earns one bonus: among records of the same event only the highest counts. */
  eventId: boundedText(80).min(1),
  /** Absent means active. */
  status: BonusStatusSchema.optional(),
});
export type BonusRecord = z.infer<typeof BonusRecordSchema>;

/** 取消评优 (DOMAIN §5.7): the window keeps its score and rank but gets no honour. */
export const DisqualificationRecordSchema = z.object({
  windowId: IdSchema,
  code: CodeSchema,
  reason: boundedText(1000),
});
export type DisqualificationRecord = z.infer<typeof DisqualificationRecordSchema>;

/** A duty window's patrols for the month; fewer rounds done than required is duty neglect. */
export const DutyPatrolSchema = z.object({
  windowId: IdSchema,
  roundsRequired: z.number().int().nonnegative().max(INT32_MAX),
  roundsDone: z.number().int().nonnegative().max(INT32_MAX),
});
export type DutyPatrol = z.infer<typeof DutyPatrolSchema>;

/** Everything the monthly assessment reads. assessMonth does not parse; callers at a trust boundary should. */
export const MonthInputSchema = z.object({
  month: AssessmentMonthSchema,
  scheme: SchemeSchema,
  windows: z.array(WindowSchema),
  staff: z.array(StaffSchema),
  deductions: z.array(DeductionRecordSchema),
  bonuses: z.array(BonusRecordSchema),
  disqualifications: z.array(DisqualificationRecordSchema),
  dutyPatrols: z.array(DutyPatrolSchema),
});
export type MonthInput = z.infer<typeof MonthInputSchema>;

/** The records a score is computed from. */
export interface ScoreRecords {
  deductions: readonly DeductionRecord[];
  bonuses: readonly BonusRecord[];
}
