import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { HalfDaySchema } from './half-day-schema';
import { LEAVE_SPAN_MAX_DAYS, boundedText, requiredText, trimmedText } from '../bounds';
import { AttachmentRefSchema, COMMENT_MAX, LEAVE_REASON_MAX } from './entities';
import { LeaveTypeCodeSchema } from './rules';

/**
 * Args of the leave, substitute and outing mutations (queued on the phone, applied once by the
 * server). Times are device times with offset: actions may be taken offline and pushed later.
 */

export const RequestLeaveArgsSchema = z
  .object({
    id: IdSchema,
    /** The person on leave: the requester themself (the supervision section may file for anyone). */
    staffId: IdSchema,
    /** The person's window (checked against the staff list). */
    windowId: IdSchema,
    type: LeaveTypeCodeSchema,
    from: HalfDaySchema,
    to: HalfDaySchema,
    reason: requiredText(LEAVE_REASON_MAX, 'a reason is required'),
    attachments: z.array(AttachmentRefSchema).max(5),
    /** 续假: the approved leave this one extends. */
    extensionOf: IdSchema.nullable(),
    submittedAt: IsoTimeSchema,
  })
  .refine(
    (a) => a.from.date < a.to.date || (a.from.date === a.to.date && (a.from.half === 'am' || a.to.half === 'pm')),
    {
      error: 'the leave ends before it starts',
      path: ['to'],
    },
  )
  .refine((a) => calendarDaysOf(a.from.date, a.to.date) <= LEAVE_SPAN_MAX_DAYS, {
    error: `one leave spans at most ${LEAVE_SPAN_MAX_DAYS} calendar days`,
    path: ['to'],
  });
export type RequestLeaveArgs = z.infer<typeof RequestLeaveArgsSchema>;

/** Calendar days from one hall day to another, both inclusive (the dates are already valid). */
function calendarDaysOf(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

export const DecideLeaveArgsSchema = z.object({
  leaveId: IdSchema,
  /** 0-based index of the step decided (the phone shows the step it saw waiting). */
  step: z.number().int().min(0).max(9),
  decision: z.enum(['approve', 'reject']),
  comment: boundedText(COMMENT_MAX),
  decidedAt: IsoTimeSchema,
});
export type DecideLeaveArgs = z.infer<typeof DecideLeaveArgsSchema>;

export const WithdrawLeaveArgsSchema = z.object({ leaveId: IdSchema, at: IsoTimeSchema });
export type WithdrawLeaveArgs = z.infer<typeof WithdrawLeaveArgsSchema>;

export const RevokeRequestArgsSchema = z.object({
  leaveId: IdSchema,
  reason: requiredText(COMMENT_MAX, 'say why the leave is revoked'),
  at: IsoTimeSchema,
});
export type RevokeRequestArgs = z.infer<typeof RevokeRequestArgsSchema>;

export const RevokeAnswerArgsSchema = z.object({
  leaveId: IdSchema,
  consent: z.boolean(),
  comment: boundedText(COMMENT_MAX),
  at: IsoTimeSchema,
});
export type RevokeAnswerArgs = z.infer<typeof RevokeAnswerArgsSchema>;

export const AttachLeaveArgsSchema = z.object({
  leaveId: IdSchema,
  attachment: AttachmentRefSchema,
  at: IsoTimeSchema,
});
export type AttachLeaveArgs = z.infer<typeof AttachLeaveArgsSchema>;

/** 销假: closes the leave (the last approved extension closes the whole chain). */
export const CloseLeaveArgsSchema = z.object({
  leaveId: IdSchema,
  returnedOn: HalfDaySchema,
  note: boundedText(COMMENT_MAX),
  certificate: AttachmentRefSchema.nullable(),
  at: IsoTimeSchema,
});
export type CloseLeaveArgs = z.infer<typeof CloseLeaveArgsSchema>;

export const NameSubstituteArgsSchema = z.object({
  id: IdSchema,
  leaveId: IdSchema,
  substituteStaffId: IdSchema.nullable(),
  substituteName: requiredText(40),
  substitutePhone: trimmedText(20).nullable(),
  from: HalfDaySchema.optional(),
  to: HalfDaySchema.optional(),
  at: IsoTimeSchema,
});
export type NameSubstituteArgs = z.infer<typeof NameSubstituteArgsSchema>;

export const ConfirmSubstituteArgsSchema = z.object({ id: IdSchema, at: IsoTimeSchema });
export type ConfirmSubstituteArgs = z.infer<typeof ConfirmSubstituteArgsSchema>;

export const IssueBadgeArgsSchema = z.object({ id: IdSchema, badgeNumber: requiredText(20), at: IsoTimeSchema });
export type IssueBadgeArgs = z.infer<typeof IssueBadgeArgsSchema>;

export const ReturnBadgeArgsSchema = z.object({ id: IdSchema, at: IsoTimeSchema });
export type ReturnBadgeArgs = z.infer<typeof ReturnBadgeArgsSchema>;

export const StartOutingArgsSchema = z.object({
  id: IdSchema,
  staffId: IdSchema,
  windowId: IdSchema,
  purpose: requiredText(200, 'say where and why'),
  startedAt: IsoTimeSchema,
  expectedReturnAt: IsoTimeSchema.nullable(),
});
export type StartOutingArgs = z.infer<typeof StartOutingArgsSchema>;

export const MarkDeceitArgsSchema = z.object({
  leaveId: IdSchema,
  reason: requiredText(COMMENT_MAX, 'say what the deceit was'),
  at: IsoTimeSchema,
});
export type MarkDeceitArgs = z.infer<typeof MarkDeceitArgsSchema>;

export const ReturnOutingArgsSchema = z.object({ id: IdSchema, returnedAt: IsoTimeSchema });
export type ReturnOutingArgs = z.infer<typeof ReturnOutingArgsSchema>;

/** Registry entries (spread into MUTATIONS). */
export const LEAVE_MUTATIONS = {
  'leave.request': RequestLeaveArgsSchema,
  'leave.decide': DecideLeaveArgsSchema,
  'leave.withdraw': WithdrawLeaveArgsSchema,
  'leave.revoke_request': RevokeRequestArgsSchema,
  'leave.revoke_answer': RevokeAnswerArgsSchema,
  'leave.attach': AttachLeaveArgsSchema,
  'leave.close': CloseLeaveArgsSchema,
  'leave.mark_deceit': MarkDeceitArgsSchema,
  'substitute.name': NameSubstituteArgsSchema,
  'substitute.confirm': ConfirmSubstituteArgsSchema,
  'substitute.badge_issue': IssueBadgeArgsSchema,
  'substitute.badge_return': ReturnBadgeArgsSchema,
  'outing.start': StartOutingArgsSchema,
  'outing.return': ReturnOutingArgsSchema,
} as const;
