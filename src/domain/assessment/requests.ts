import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { VIOLATION_COUNT_MAX, VIOLATION_NOTE_MAX } from '../violation';
import { KNOWN_RECORD_SOURCES } from './inputs';
import { CODE_MAX, boundedText, requiredText } from '../bounds';

/**
 * Bodies of the supervision section's assessment requests (server routes under /api/assessments;
 * the console will send the same). Validated with these schemas on both sides.
 */
const Code = z
  .string()
  .max(CODE_MAX)
  .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a scheme code' });
const Reason = requiredText(1000, 'a reason is required');

export const ReasonBodySchema = z.object({ reason: Reason });

/** A bonus (附加分) for a month; eventId groups records of one event (one event, one bonus). */
export const BonusDraftSchema = z.object({
  id: IdSchema.optional(),
  windowId: IdSchema,
  staffId: IdSchema.nullable().default(null),
  bonusCode: Code,
  points: z.number().positive().max(100),
  eventId: requiredText(80),
  note: boundedText(VIOLATION_NOTE_MAX).default(''),
});
export type BonusDraft = z.infer<typeof BonusDraftSchema>;

export const DisqualificationDraftSchema = z.object({
  id: IdSchema.optional(),
  windowId: IdSchema,
  code: Code,
  reason: Reason,
});
export type DisqualificationDraft = z.infer<typeof DisqualificationDraftSchema>;

/** Sources other than patrols; patrol records come from the phones. */
export const OTHER_SOURCES = KNOWN_RECORD_SOURCES.filter((s) => s !== 'patrol') as Exclude<
  (typeof KNOWN_RECORD_SOURCES)[number],
  'patrol'
>[];

/**
 * A deduction from another source (a section, a complaint, the public rating, a meeting, leave
 * rules), entered by the supervision section. A substitute's record names the substitute as
 * staffId and the person covered as substituteFor; it deducts the window.
 */
export const DeductionDraftSchema = z
  .object({
    id: IdSchema.optional(),
    windowId: IdSchema,
    staffId: IdSchema.nullable().default(null),
    substituteFor: IdSchema.nullable().default(null),
    itemCode: Code,
    count: z.number().int().min(1).max(VIOLATION_COUNT_MAX),
    /** Within the hall's years; the route refuses one later than the server's clock allows. */
    observedAt: IsoTimeSchema,
    source: z.enum(OTHER_SOURCES as [string, ...string[]]),
    note: boundedText(VIOLATION_NOTE_MAX).default(''),
  })
  .refine((d) => d.substituteFor === null || d.staffId !== null, {
    error: 'a substitute record names the substitute as staffId',
    path: ['staffId'],
  })
  .refine((d) => d.substituteFor === null || d.substituteFor !== d.staffId, {
    error: 'a substitute cannot stand in for themself',
    path: ['substituteFor'],
  });
export type DeductionDraft = z.infer<typeof DeductionDraftSchema>;
