import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { NAME_MAX, SERVER_TEXT_MAX, boundedText } from '../bounds';
import { HalfDaySchema } from './half-day-schema';
import { ApproverRoleSchema, AttachmentKindSchema, LeaveTypeCodeSchema } from './rules';

/**
 * Leave requests, substitute arrangements and outings as the server keeps them and syncs them
 * to phones (DOMAIN §6–§7). A leave row comes in two forms: the full request (for the requester,
 * the approvers of that request and the supervision section) and a redacted summary for
 * everyone else who needs "who is away" (no type, reason, documents or comments).
 */

export const LEAVE_REASON_MAX = 500;
export const COMMENT_MAX = 300;

/** A document (sick certificate, official notice) stored content-addressed on the server. */
export const AttachmentRefSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the lowercase hex sha256 of the file' }),
  kind: AttachmentKindSchema,
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  name: boundedText(120).optional(),
});
export type AttachmentRef = z.infer<typeof AttachmentRefSchema>;

export const StoredAttachmentSchema = AttachmentRefSchema.extend({ addedAt: IsoTimeSchema, addedBy: IdSchema });
export type StoredAttachment = z.infer<typeof StoredAttachmentSchema>;

export const StepDecisionSchema = z.enum(['approved', 'rejected']);

/** One approver's step in the chain; decision null while it waits. */
export const ApprovalStepSchema = z.object({
  role: ApproverRoleSchema,
  decision: StepDecisionSchema.nullable(),
  by: IdSchema.nullable(),
  byName: boundedText(NAME_MAX).nullable(),
  comment: boundedText(COMMENT_MAX),
  /** Device time of the decision (it may have been made offline). */
  decidedAt: IsoTimeSchema.nullable(),
});
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;

/**
 * pending: in the approval chain, or all approved but the substitute is not confirmed yet;
 * approved: may be taken; rejected; withdrawn (by the requester before approval);
 * revoked (after approval, with an approver's consent); closed (销假, back at work).
 */
export const LeaveStatusSchema = z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'revoked', 'closed']);
export type LeaveStatus = z.infer<typeof LeaveStatusSchema>;

export const RevocationSchema = z.object({
  requestedAt: IsoTimeSchema,
  reason: boundedText(COMMENT_MAX),
  answer: z.enum(['consented', 'refused']).nullable(),
  answeredBy: IdSchema.nullable(),
  answeredByName: boundedText(NAME_MAX).nullable(),
  answeredAt: IsoTimeSchema.nullable(),
  comment: boundedText(COMMENT_MAX),
});
export type Revocation = z.infer<typeof RevocationSchema>;

/** 销假: the first half day back at work, and what the rules made of the leave. */
export const ClosureSchema = z.object({
  returnedOn: HalfDaySchema,
  closedAt: IsoTimeSchema,
  closedBy: IdSchema,
  closedByName: boundedText(NAME_MAX),
  note: boundedText(COMMENT_MAX),
  /** Half days away past the leave's end (counted days only): absence without leave (旷工). */
  overstayHalfDays: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31 - 1),
  /** The type the days count as: a sick leave closed without its certificate counts as personal leave. */
  effectiveType: LeaveTypeCodeSchema,
  certificateMissing: z.boolean(),
});
export type Closure = z.infer<typeof ClosureSchema>;

/**
 * 骗假: the supervision section found the leave obtained by deceit (a false certificate, a made-up
 * reason). Its days are then absence without leave (旷工, DOMAIN §6), whatever its approval said.
 */
export const DeceitSchema = z.object({
  foundAt: IsoTimeSchema,
  foundBy: IdSchema,
  foundByName: boundedText(NAME_MAX),
  reason: boundedText(COMMENT_MAX),
});
export type Deceit = z.infer<typeof DeceitSchema>;

export const LeaveRequestSchema = z.object({
  id: IdSchema,
  redacted: z.literal(false),
  staffId: IdSchema,
  windowId: IdSchema,
  requestedBy: IdSchema,
  requestedByName: boundedText(NAME_MAX),
  type: LeaveTypeCodeSchema,
  from: HalfDaySchema,
  to: HalfDaySchema,
  /** Counted length in days (half-day steps), of this request alone. */
  days: z.number().nonnegative().max(100_000),
  reason: boundedText(LEAVE_REASON_MAX),
  attachments: z.array(StoredAttachmentSchema).max(50),
  status: LeaveStatusSchema,
  steps: z.array(ApprovalStepSchema).min(1).max(10),
  substituteRequired: z.boolean(),
  /** Why a substitute is (not) required, as the rules said at submission. */
  substituteReason: boundedText(SERVER_TEXT_MAX),
  /** The current substitute arrangement (named or confirmed), null when none. */
  substituteId: IdSchema.nullable(),
  /** 续假: the leave this one extends (it starts the half day after that one ends). */
  extensionOf: IdSchema.nullable(),
  /** 补办: filed after the leave had begun (an emergency asked by phone first). */
  filedAfterwards: z.boolean(),
  submittedAt: IsoTimeSchema,
  withdrawnAt: IsoTimeSchema.nullable(),
  revocation: RevocationSchema.nullable(),
  closure: ClosureSchema.nullable(),
  /** Set when found obtained by deceit (absent on rows from before the finding existed). */
  deceit: DeceitSchema.nullable().optional(),
  /** The last half day of leave actually taken or still granted (to, or the day before an early return). */
  until: HalfDaySchema,
});
export type LeaveRequest = z.infer<typeof LeaveRequestSchema>;

/** What others see: "on leave until …", nothing private. */
export const LeaveSummarySchema = z.object({
  id: IdSchema,
  redacted: z.literal(true),
  staffId: IdSchema,
  windowId: IdSchema,
  from: HalfDaySchema,
  to: HalfDaySchema,
  until: HalfDaySchema,
  status: LeaveStatusSchema,
  substituteRequired: z.boolean(),
  substituteId: IdSchema.nullable(),
  extensionOf: IdSchema.nullable(),
  filedAfterwards: z.boolean(),
});
export type LeaveSummary = z.infer<typeof LeaveSummarySchema>;

/** A synced leave row: full or redacted. */
export const LeaveRowSchema = z.discriminatedUnion('redacted', [LeaveRequestSchema, LeaveSummarySchema]);
export type LeaveRow = z.infer<typeof LeaveRowSchema>;

/** named: proposed, not yet confirmed; confirmed: the person will be (is) there; cancelled. */
export const SubstituteStatusSchema = z.enum(['named', 'confirmed', 'cancelled']);

/** 替岗 (DOMAIN §7): who stands in at the window for whom, and the temporary badge (临时挂牌). */
export const SubstituteArrangementSchema = z.object({
  id: IdSchema,
  leaveId: IdSchema,
  windowId: IdSchema,
  forStaffId: IdSchema,
  /** A staff id when the substitute is on the staff list (e.g. from another window of the department). */
  substituteStaffId: IdSchema.nullable(),
  substituteName: boundedText(40).min(1),
  substitutePhone: boundedText(20).nullable(),
  from: HalfDaySchema,
  to: HalfDaySchema,
  status: SubstituteStatusSchema,
  namedBy: IdSchema,
  namedByName: boundedText(NAME_MAX),
  namedAt: IsoTimeSchema,
  confirmedBy: IdSchema.nullable(),
  confirmedByName: boundedText(NAME_MAX).nullable(),
  confirmedAt: IsoTimeSchema.nullable(),
  /** 报备: reported to the supervision section (automatically, when confirmed). */
  reportedAt: IsoTimeSchema.nullable(),
  badgeNumber: boundedText(20).nullable(),
  badgeIssuedAt: IsoTimeSchema.nullable(),
  badgeIssuedByName: boundedText(NAME_MAX).nullable(),
  badgeReturnedAt: IsoTimeSchema.nullable(),
  badgeReturnedByName: boundedText(NAME_MAX).nullable(),
});
export type SubstituteArrangement = z.infer<typeof SubstituteArrangementSchema>;

/** 临时外出: registered when leaving and on return. purpose is null in a redacted row. */
export const OutingSchema = z.object({
  id: IdSchema,
  staffId: IdSchema,
  windowId: IdSchema,
  purpose: boundedText(200).nullable(),
  startedAt: IsoTimeSchema,
  expectedReturnAt: IsoTimeSchema.nullable(),
  returnedAt: IsoTimeSchema.nullable(),
  registeredBy: IdSchema,
  registeredByName: boundedText(NAME_MAX),
  redacted: z.boolean(),
});
export type Outing = z.infer<typeof OutingSchema>;
