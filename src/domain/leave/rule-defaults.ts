// Zod-free: the defaults and the look-ups the home screens use (their start must not load zod);
// the schemas stay in rules.ts, which re-exports all of this.
import type { Scheme } from '../scheme/schema';
import type { LeaveRules, LeaveTypeRule, OutingRules, SubstituteThreshold } from './rules';

const n = (zh: string, en: string) => ({ zh, en });

export const DEFAULT_LEAVE_RULES: LeaveRules = {
  types: [
    { code: 'personal', name: n('事假', 'Personal leave'), attachment: null },
    {
      code: 'sick',
      name: n('病假', 'Sick leave'),
      attachment: { kind: 'certificate', due: 'close', otherwiseCountsAs: 'personal' },
    },
    { code: 'annual', name: n('公休假 / 年休假', 'Annual leave'), attachment: null },
    { code: 'official', name: n('因公外出', 'Official business'), attachment: { kind: 'notice', due: 'submit' } },
    { code: 'marriage', name: n('婚假', 'Marriage leave'), attachment: null },
    { code: 'maternity', name: n('产假', 'Maternity leave'), attachment: null },
    { code: 'family_visit', name: n('探亲假', 'Family visit leave'), attachment: null },
  ],
  // ≤ 1 day: shift lead; > 1 and < 3: shift lead → center leader; ≥ 3: shift lead → department → center.
  approvalTiers: [
    { upToDays: 1, inclusive: true, chain: ['window_head'] },
    { upToDays: 3, inclusive: false, chain: ['window_head', 'center_leader'] },
    { upToDays: null, inclusive: true, chain: ['window_head', 'dept_leader', 'center_leader'] },
  ],
  countWeekends: false,
  twoPersonBothAway: 'block',
  substituteBeforeApproval: true,
  consequenceItems: { noSubstitute: 'NO_SUBSTITUTE', absence: 'ABSENCE', outingOverLimit: 'OUTING_OVER_LIMIT' },
};

/** One-person window: always; two-person: > 1 day; larger: > 5 days (DOMAIN §7). */
export const DEFAULT_SUBSTITUTE_THRESHOLDS: SubstituteThreshold[] = [
  { staffCount: 1, overDays: 0 },
  { staffCount: 2, overDays: 1 },
  { staffCount: null, overDays: 5 },
];

export const DEFAULT_OUTING_RULES: OutingRules = { halfDayAfterMinutes: 120, monthlyLimit: 10 };

export interface ResolvedLeaveRules {
  leave: LeaveRules;
  substituteThresholds: SubstituteThreshold[];
  outings: OutingRules;
}

/** The rules of a scheme with DOMAIN's defaults for whatever it does not say. */
export function leaveRulesOf(
  scheme: Pick<Scheme, 'leave' | 'outings' | 'substitutes'> | null | undefined,
): ResolvedLeaveRules {
  return {
    leave: { ...DEFAULT_LEAVE_RULES, ...scheme?.leave },
    substituteThresholds: scheme?.substitutes?.required ?? DEFAULT_SUBSTITUTE_THRESHOLDS,
    outings: { ...DEFAULT_OUTING_RULES, ...scheme?.outings },
  };
}

export function leaveTypeRule(rules: LeaveRules, code: string): LeaveTypeRule | undefined {
  return rules.types.find((t) => t.code === code);
}
