import { z } from 'zod';
import { CODE_MAX, LEAVE_SPAN_MAX_DAYS, boundedText } from '../bounds';

/**
 * The leave, substitute and outing rules of a scheme (DOMAIN §6–§7), configurable per center.
 * Every field is optional in a stored scheme (schemes saved before leave existed still parse);
 * leaveRulesOf fills what is missing with the defaults of DOMAIN.
 */

const Name = z.object({ zh: boundedText(100).min(1), en: boundedText(100).min(1) });
export const LeaveTypeCodeSchema = z
  .string()
  .max(CODE_MAX)
  .regex(/^[a-z][a-z0-9_]*$/, { error: 'must be a lowercase code' });

/** Who approves a step: the window's shift lead, the department's leader, a center leader. */
export const ApproverRoleSchema = z.enum(['window_head', 'dept_leader', 'center_leader']);
export type ApproverRole = z.infer<typeof ApproverRoleSchema>;

export const AttachmentKindSchema = z.enum(['certificate', 'notice', 'other']);
export type AttachmentKind = z.infer<typeof AttachmentKindSchema>;

export const LeaveTypeRuleSchema = z.object({
  code: LeaveTypeCodeSchema,
  name: Name,
  /**
   * A document the type needs: the sick certificate (may come at 销假; without it the days
   * count as `otherwiseCountsAs`) or the official notice (needed when submitting).
   */
  attachment: z
    .object({
      kind: AttachmentKindSchema,
      due: z.enum(['submit', 'close']),
      otherwiseCountsAs: LeaveTypeCodeSchema.optional(),
    })
    .nullable(),
});
export type LeaveTypeRule = z.infer<typeof LeaveTypeRuleSchema>;

/**
 * One tier of the approval chain: applies to a leave of at most `upToDays` days (inclusive or
 * not); the last tier has `upToDays: null` (any longer leave). Tiers are read in order.
 */
export const ApprovalTierSchema = z.object({
  upToDays: z.number().positive().max(LEAVE_SPAN_MAX_DAYS).nullable(),
  inclusive: z.boolean(),
  chain: z.array(ApproverRoleSchema).min(1).max(10),
});
export type ApprovalTier = z.infer<typeof ApprovalTierSchema>;

/**
 * A substitute is required when a window of `staffCount` people (null: any larger window) has
 * one of them away more than `overDays` days (0: away at all).
 */
export const SubstituteThresholdSchema = z.object({
  staffCount: z.number().int().positive().max(1000).nullable(),
  /** In half-day steps: 0.5 is "away more than half a day" (004 §12). */
  overDays: z.number().nonnegative().max(LEAVE_SPAN_MAX_DAYS).multipleOf(0.5),
});
export type SubstituteThreshold = z.infer<typeof SubstituteThresholdSchema>;

export const LeaveRulesSchema = z.object({
  types: z.array(LeaveTypeRuleSchema).min(1).max(50),
  approvalTiers: z.array(ApprovalTierSchema).min(1).max(20),
  /** Whether Saturdays and Sundays count towards a leave's length (default: working days only). */
  countWeekends: z.boolean(),
  /** Both staff of a two-person window away at once: refused (block) or only warned. */
  twoPersonBothAway: z.enum(['block', 'warn']),
  /** Leave that needs a substitute is fully approved only once the substitute is confirmed. */
  substituteBeforeApproval: z.boolean(),
  /** Item codes the consequences of leave become (DOMAIN §4 items). */
  consequenceItems: z.object({
    noSubstitute: boundedText(CODE_MAX),
    absence: boundedText(CODE_MAX),
    outingOverLimit: boundedText(CODE_MAX),
  }),
});
export type LeaveRules = z.infer<typeof LeaveRulesSchema>;

export const SubstituteRulesSchema = z.object({ required: z.array(SubstituteThresholdSchema).min(1) });

export const OutingRulesSchema = z.object({
  /** An outing longer than this counts as half a day's leave. */
  halfDayAfterMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  /** Short outings a person may register in a month; each one beyond is an assessment record. */
  monthlyLimit: z.number().int().nonnegative().max(1000),
});
export type OutingRules = z.infer<typeof OutingRulesSchema>;

// Defaults and look-ups: leave/rule-defaults.ts (zod-free, for the first screen).
export {
  DEFAULT_LEAVE_RULES,
  DEFAULT_OUTING_RULES,
  DEFAULT_SUBSTITUTE_THRESHOLDS,
  leaveRulesOf,
  leaveTypeRule,
} from './rule-defaults';
export type { ResolvedLeaveRules } from './rule-defaults';
