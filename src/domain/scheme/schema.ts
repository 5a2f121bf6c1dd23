import { z } from 'zod';
import { RoundWindowSchema } from '../patrol/rounds';
import { CODE_MAX, INT32_MAX, boundedText } from '../bounds';

/** Codes, names and point values of a scheme: bounded so a typo cannot store what the screens and the database cannot hold. */
const Code = z
  .string()
  .max(CODE_MAX)
  .regex(/^[A-Z][A-Z0-9_]*$/);
const Name = z.object({ zh: boundedText(100).min(1), en: boundedText(100).min(1) });
const POINTS_MAX = 10_000;
import {
  LeaveRulesSchema,
  LeaveTypeCodeSchema,
  OutingRulesSchema,
  SubstituteThresholdSchema,
  type LeaveRules,
} from '../leave/rules';
import { DEFAULT_LEAVE_RULES } from '../leave/rule-defaults';

/** DOMAIN §4: a category either caps its deductions at its weight or has no floor. */
export const CategoryPolicySchema = z.enum(['capped', 'no_floor']);

export const CategorySchema = z.object({
  code: Code,
  name: Name,
  weight: z.number().positive().max(POINTS_MAX),
  policy: CategoryPolicySchema,
});

/** How an item's points multiply: per occurrence, per half day, per day, per case. */
export const ItemUnitSchema = z.enum(['occurrence', 'half_day', 'day', 'case']);

export const ItemSchema = z.object({
  code: Code,
  category: boundedText(CODE_MAX),
  name: Name,
  /** 0 is allowed (#15.8): the record is kept and counted, and deducts nothing (004 penalises outings with allowance). */
  points: z.number().nonnegative().max(POINTS_MAX),
  unit: ItemUnitSchema,
  /** Shown on the patrol checklist (spot-check items of DOMAIN §3). */
  spotCheck: z.boolean(),
});

export const BonusItemSchema = z.object({
  code: Code,
  name: Name,
  /** Range of points the supervision section may grant for one event. */
  minPoints: z.number().positive().max(POINTS_MAX),
  maxPoints: z.number().positive().max(POINTS_MAX),
});

export const HonourSchema = z.object({
  code: z.enum(['red_flag', 'advanced']),
  name: z.object({ zh: boundedText(100), en: boundedText(100) }),
  /** Share of the ranking group, after the higher honours (0–1). */
  share: z.number().min(0).max(1),
});

// #15 scoring variants (points 1, 2, 3, 9): each optional; absent = DOMAIN's reading (scoring-variants.ts).
/** The honours of a ranking (DOMAIN §5.6). */
export const HonourCodeSchema = z.enum(['red_flag', 'advanced']);
/** The periods an honour is awarded for. */
export const HonourPeriodSchema = z.enum(['month', 'quarter', 'year']);
/** #15.1 值班要求: when a duty window has neglected its patrols, and which honours that removes. */
export const DutyNeglectRuleSchema = z.object({
  /** Honours neglect removes (004: red_flag only; DOMAIN: all). Empty: neglect is reported but removes none. */
  removes: z.array(HonourCodeSchema).max(2),
  threshold: z.discriminatedUnion('kind', [
    /** Neglect from `atLeast` rounds missed in the month (DOMAIN: 1). */
    z.object({ kind: z.literal('rounds_missed'), atLeast: z.number().int().min(1).max(10_000) }),
    /** Neglect when the share of required rounds done is below `below` (0–1, e.g. 0.9). */
    z.object({ kind: z.literal('share_done'), below: z.number().min(0).max(1) }),
  ]),
});
/** #15.3 The periods a disqualification code bars (003 §7.7: the year; 002: the quarter). */
export const DisqualificationBarsSchema = z.object({
  code: Code,
  periods: z.array(HonourPeriodSchema).min(1).max(3),
});
const ScoringVariantsShape = {
  dutyNeglect: DutyNeglectRuleSchema.optional(),
  /** #15.2 Honour places from each group's size (DOMAIN) or from all ranked windows together (003 §7.2 窗口总数). */
  honourBase: z.enum(['group', 'all_windows']).optional(),
  /** #15.3 Codes not listed bar every period (month, quarter, year). */
  disqualificationPeriods: z.array(DisqualificationBarsSchema).max(100).optional(),
  /** #15.9 A person's monthly bonus cap (county rules: 5); absent: bonus.cap, as a window's. */
  staffBonusCap: z.number().nonnegative().max(POINTS_MAX).optional(),
  /** #15.9 Who is ranked and honoured per group: windows (DOMAIN), people, or both. */
  ranking: z.enum(['windows', 'staff', 'both']).optional(),
};
// #15 period variants
/** Weights of the period blend, each a share 0–1, adding up to 1 (to 0.0001). */
export const PeriodBlendSchema = z
  .object({
    monthly: z.number().min(0).max(1),
    peerReview: z.number().min(0).max(1),
    publicSatisfaction: z.number().min(0).max(1),
  })
  .refine(
    (w) =>
      Math.round(w.monthly * 10_000) + Math.round(w.peerReview * 10_000) + Math.round(w.publicSatisfaction * 10_000) ===
      10_000,
    { error: 'the three weights must add up to 1 (100 %)' },
  );

export const SchemeSchema = z
  .object({
    ...ScoringVariantsShape,
    version: z.number().int().positive().max(INT32_MAX),
    name: boundedText(100).min(1),
    base: z.number().positive().max(POINTS_MAX),
    categories: z.array(CategorySchema).min(1).max(100),
    items: z.array(ItemSchema).min(1).max(1000),
    bonus: z.object({ cap: z.number().nonnegative().max(POINTS_MAX), items: z.array(BonusItemSchema).max(1000) }),
    rankingGroups: z.array(z.enum(['approval', 'public_service'])).min(1),
    honours: z.object({
      tiers: z.array(HonourSchema).max(10),
      /** How a share of a group becomes a number of windows. */
      rounding: z.enum(['floor', 'round', 'ceil']),
      /** Ties at a boundary: all tied windows are in, or all are out. Never input order. */
      tieRule: z.enum(['include_all_tied', 'exclude_all_tied']),
    }),
    disqualifications: z
      .array(z.object({ code: boundedText(CODE_MAX), name: z.object({ zh: boundedText(100), en: boundedText(100) }) }))
      .max(100),
    grades: z.object({
      excellent: z.number().min(-POINTS_MAX).max(POINTS_MAX),
      competent: z.number().min(-POINTS_MAX).max(POINTS_MAX),
      basic: z.number().min(-POINTS_MAX).max(POINTS_MAX),
    }),
    /** Patrol duty: rounds per day a floor duty leader must walk. */
    patrol: z.object({
      // Twelve at most: a round's slot is 0–11 (StartRoundArgsSchema).
      roundsPerDay: z.number().int().positive().max(12),
      /** Time windows of the rounds (local hall time); optional, see roundSlots for the default. */
      windows: z.array(RoundWindowSchema).max(12).optional(),
    }),
    /**
     * Substitute cover (DOMAIN §7): a substitute's record always deducts the window stood in at;
     * deductOwnScore says whether it also deducts the substitute's own score. Optional for
     * schemes saved before this field existed; absent means true.
     */
    substitutes: z
      .object({
        deductOwnScore: z.boolean(),
        /** When a substitute is required (DOMAIN §7); absent: the defaults (1 person always, 2 > 1 day, larger > 5 days). */
        required: z.array(SubstituteThresholdSchema).min(1).optional(),
      })
      .optional(),
    /** Leave rules (DOMAIN §6): types, approval chain, conflicts. Absent: DEFAULT_LEAVE_RULES (see leaveRulesOf). */
    leave: LeaveRulesSchema.partial().optional(),
    /** Short outings (临时外出): half-day conversion and monthly limit. Absent: DEFAULT_OUTING_RULES. */
    outings: OutingRulesSchema.partial().optional(),
    // #15 leave and off-post variants
    /**
     * Leave that itself deducts (004 工作纪律5: 请事假半天扣0.5分，一天扣1分): each listed leave type
     * deducts its item (unit half_day: points per half day taken) for every counted half day of
     * approved leave in the month. Absent or empty: leave deducts nothing (DOMAIN).
     */
    leaveDeductions: z
      .array(z.object({ type: LeaveTypeCodeSchema, itemCode: Code }))
      .max(50)
      .optional(),
    /**
     * The off-post conversion (003 请假制度7: 擅离岗位超过半小时视为旷工半天；迟到半小时亦视为旷工半天):
     * away more than `absenceAfterMinutes` (from the sighting to the return the duty leader
     * records), or seen off post twice a day, or arriving that late, is half a day's absence.
     * `scored`: the assessment counts one ABSENCE half day instead of those records. Absent:
     * 30 minutes, shown to the duty leader, not scored (the behaviour before #15).
     */
    offPost: z
      .object({
        absenceAfterMinutes: z.number().int().positive().max(480),
        scored: z.boolean(),
        /** The late-arrival item whose arrival time converts too (default LATE_EARLY). */
        lateItem: Code.optional(),
      })
      .optional(),
    // end #15 leave and off-post variants
    // #15 period variants
    /**
     * Quarter and year (DOMAIN §5.8): the blend of the monthly average with the peer review
     * (窗口互评) and the public satisfaction (群众满意度) the supervision section imports for the
     * period. Shares of 1, adding up to 1. Absent: 40 % / 30 % / 30 % (DEFAULT_QUARTER_BLEND).
     */
    periodBlend: PeriodBlendSchema.optional(),
  })
  .superRefine((scheme, ctx) => {
    const categories = new Set(scheme.categories.map((c) => c.code));
    const codes = new Set<string>();
    scheme.items.forEach((item, i) => {
      if (!categories.has(item.category))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'category'], message: `unknown category ${item.category}` });
      if (codes.has(item.code))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'code'], message: `duplicate item code ${item.code}` });
      codes.add(item.code);
    });
    checkLeaveRules(scheme, ctx);
    const leaveTypes = new Set((scheme.leave?.types ?? DEFAULT_LEAVE_RULES.types).map((t) => t.code));
    scheme.leaveDeductions?.forEach((d, i) => {
      if (!leaveTypes.has(d.type))
        ctx.addIssue({ code: 'custom', path: ['leaveDeductions', i, 'type'], message: `unknown leave type ${d.type}` });
      if (!codes.has(d.itemCode))
        ctx.addIssue({
          code: 'custom',
          path: ['leaveDeductions', i, 'itemCode'],
          message: `unknown item ${d.itemCode}`,
        });
    });
  });

/** Leave rules that parse but cannot work: unknown types, a chain tier order that skips lengths. */
function checkLeaveRules(scheme: { leave?: Partial<LeaveRules> | undefined }, ctx: z.RefinementCtx) {
  const types = scheme.leave?.types;
  if (types) {
    const codes = new Set(types.map((t) => t.code));
    types.forEach((t, i) => {
      const other = t.attachment?.otherwiseCountsAs;
      if (other && !codes.has(other))
        ctx.addIssue({
          code: 'custom',
          path: ['leave', 'types', i, 'attachment', 'otherwiseCountsAs'],
          message: `unknown leave type ${other}`,
        });
    });
  }
  const tiers = scheme.leave?.approvalTiers;
  if (tiers) {
    if (tiers.at(-1)!.upToDays !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['leave', 'approvalTiers'],
        message: 'the last tier must have upToDays: null (any longer leave)',
      });
    for (let i = 1; i < tiers.length; i++) {
      const prev = tiers[i - 1]!.upToDays;
      const cur = tiers[i]!.upToDays;
      if (prev === null || (cur !== null && cur < prev))
        ctx.addIssue({
          code: 'custom',
          path: ['leave', 'approvalTiers', i],
          message: 'tiers must go from short to long leave',
        });
    }
  }
}

export type Scheme = z.infer<typeof SchemeSchema>;
export type SchemeItem = z.infer<typeof ItemSchema>;
export type SchemeCategory = z.infer<typeof CategorySchema>;
