import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from './entities';
import { CODE_MAX, NAME_MAX, boundedText } from './bounds';

export const VIOLATION_NOTE_MAX = 500;
export const VIOLATION_COUNT_MAX = 20;

/** A scheme item's code, e.g. LATE or OFF_POST. */
export const ItemCodeSchema = z
  .string()
  .max(CODE_MAX)
  .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a scheme item code' });

/** What a recorder enters for one spot-check violation (DOMAIN §3). */
export const RecordViolationArgsSchema = z.object({
  id: IdSchema,
  windowId: IdSchema,
  /** null: the person could not be identified, the record is against "the window". */
  staffId: IdSchema.nullable(),
  itemCode: ItemCodeSchema,
  count: z.number().int().min(1).max(VIOLATION_COUNT_MAX),
  /** Within the hall's years, and (checked by the server against its clock) not in the future. */
  observedAt: IsoTimeSchema,
  note: boundedText(VIOLATION_NOTE_MAX),
  /** The device clock when the record was made; kept beside the server's receive time. */
  deviceRecordedAt: IsoTimeSchema,
  /** The patrol round the record was made in, when made from the round screen (optional). */
  roundId: IdSchema.nullable().optional(),
  /**
   * A substitute's record (替岗, DOMAIN §7): staffId is the substitute (who may work at another
   * window), this the person of this window they stand in for. It deducts this window's score.
   */
  substituteFor: IdSchema.nullable().optional(),
});
export type RecordViolationArgs = z.infer<typeof RecordViolationArgsSchema>;

export const ViolationStatusSchema = z.enum(['active', 'withdrawn']);

/** A violation as the server keeps it and syncs it back to phones. */
export const ViolationSchema = RecordViolationArgsSchema.extend({
  recordedBy: IdSchema,
  recordedByName: boundedText(NAME_MAX),
  status: ViolationStatusSchema,
  serverReceivedAt: IsoTimeSchema,
  /** Server receive time minus the device's clock at push, in ms; see clockSkewIsLarge. */
  clockSkewMs: z.number().int(), // bigint column; int() keeps it a safe integer
  /** Where the record came from when not a patrol (entered by the supervision section; DOMAIN §5.1). */
  source: boundedText(40).optional(),
  /** When the person came back (off post) or arrived (late), as the recorder noted it (#15). */
  returnedAt: IsoTimeSchema.optional(),
});
export type Violation = z.infer<typeof ViolationSchema>;

export { CLOCK_SKEW_LIMIT_MS, clockSkewIsLarge } from './clock-skew';
