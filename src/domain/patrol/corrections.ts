import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { ItemCodeSchema, RecordViolationArgsSchema, VIOLATION_COUNT_MAX, VIOLATION_NOTE_MAX } from '../violation';
import { boundedText, requiredText } from '../bounds';
import { hallDay } from '../hall-time';

/**
 * Corrections of a record by its recorder while its month is open for recording (DOMAIN §3), and
 * the way out once it is closed: forward the record as a late submission the supervision section
 * accepts or refuses.
 */
export const UpdateViolationArgsSchema = z
  .object({
    id: IdSchema,
    count: z.number().int().min(1).max(VIOLATION_COUNT_MAX).optional(),
    note: boundedText(VIOLATION_NOTE_MAX).optional(),
    itemCode: ItemCodeSchema.optional(),
    staffId: IdSchema.nullable().optional(),
    /**
     * #15: when the person recorded off post came back, or a late arrival arrived (the duty
     * leader notes it then); null clears it. The server checks it is after the sighting, the same
     * hall day, not in the future, and the record is off post or the scheme's late item.
     */
    returnedAt: IsoTimeSchema.nullable().optional(),
  })
  .refine(
    (a) =>
      a.count !== undefined ||
      a.note !== undefined ||
      a.itemCode !== undefined ||
      a.staffId !== undefined ||
      a.returnedAt !== undefined,
    { error: 'nothing to change' },
  );
export type UpdateViolationArgs = z.infer<typeof UpdateViolationArgsSchema>;

export const WithdrawViolationArgsSchema = z.object({
  id: IdSchema,
  reason: requiredText(VIOLATION_NOTE_MAX, 'a reason is required'),
});
export type WithdrawViolationArgs = z.infer<typeof WithdrawViolationArgsSchema>;

export const LateSubmitArgsSchema = z.object({
  /** The late submission's own id. */
  id: IdSchema,
  violation: RecordViolationArgsSchema,
  reason: boundedText(VIOLATION_NOTE_MAX),
});
export type LateSubmitArgs = z.infer<typeof LateSubmitArgsSchema>;

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The fields a correction may change, as they are stored in violation_history before/after. */
export const CORRECTABLE_FIELDS = ['count', 'note', 'itemCode', 'staffId', 'returnedAt'] as const;

/** The reason given to a phone when a month is closed (closed on the hall day of closedAt). */
export function closedReason(month: string, closedAt: string, zone: string): string {
  return `month ${month} is closed for recording (since ${hallDay(closedAt, zone)}); forward it as a late submission / ${month} 已截止录入，可作为补报提交督查科`;
}
