import { DEFAULT_LEAVE_RULES } from './rule-defaults';
import type { ApprovalTier, ApproverRole } from './rules';
import { daysText } from './half-day-threshold';

/**
 * The approval chains the sources give (issue #15 variant 7). The tiers are scheme data
 * (leave.approvalTiers); these are the readings a center picks from in the scheme editor:
 * - DOMAIN's default, which is 003's detailed rule (1)(2): ≤ 1 day shift lead; > 1 and < 3 days
 *   shift lead → center leader; ≥ 3 days shift lead → department leader → center leader;
 * - 003's other sentence, "二天及以上（含二天）" to the department leader: ≥ 2 days instead of ≥ 3;
 * - 004's: ≤ 1 day the center leader alone; > 1 day window head → department leader → center leader.
 */
export type ChainPresetCode = 'domain' | 'source_003_two_days' | 'source_004';

export interface ChainPreset {
  code: ChainPresetCode;
  name: { zh: string; en: string };
  /** The source's own words (quoted in the editor's help). */
  quote: string;
  tiers: ApprovalTier[];
}

const HEAD_DEPT_CENTER: ApproverRole[] = ['window_head', 'dept_leader', 'center_leader'];

export const CHAIN_PRESETS: readonly ChainPreset[] = [
  {
    code: 'domain',
    name: {
      zh: '默认（003 请假流程(2)：三天及以上报部门领导）',
      en: 'Default (003 (2): department leader from 3 days)',
    },
    quote:
      '窗口工作人员请假一天以内（含一天），由窗口带班班长批准；请假一天以上者，需经窗口带班班长签字后，再报中心领导批准；请假三天及以上（含三天），则需在窗口带班班长签字后，再依次报请本部门领导及中心领导批准。',
    tiers: DEFAULT_LEAVE_RULES.approvalTiers,
  },
  {
    code: 'source_003_two_days',
    name: { zh: '003 请假流程(1)：二天及以上报部门领导', en: '003 (1): department leader from 2 days' },
    quote: '若需请假二天及以上（含二天），需依次报请本部门领导及中心领导批准。',
    tiers: [
      { upToDays: 1, inclusive: true, chain: ['window_head'] },
      { upToDays: 2, inclusive: false, chain: ['window_head', 'center_leader'] },
      { upToDays: null, inclusive: true, chain: HEAD_DEPT_CENTER },
    ],
  },
  {
    code: 'source_004',
    name: { zh: '004：一天以内报中心分管领导', en: '004: up to 1 day the center leader' },
    quote:
      '请假1天以内（含1天）。请假人填写《政务中心窗口工作人员请假审批表》，报政务服务中心分管领导批准……请假1天以上的，请假人填写《政务中心窗口工作人员请假审批表》，经单位窗口负责人同意，并明确顶岗人员后，报部门分管领导、政务中心分管领导批准。',
    tiers: [
      { upToDays: 1, inclusive: true, chain: ['center_leader'] },
      { upToDays: null, inclusive: true, chain: HEAD_DEPT_CENTER },
    ],
  },
];

const same = (a: readonly ApprovalTier[], b: readonly ApprovalTier[]) => JSON.stringify(a) === JSON.stringify(b);

/** The preset these tiers are, or null for a center's own. */
export function chainPresetOf(tiers: readonly ApprovalTier[]): ChainPresetCode | null {
  return CHAIN_PRESETS.find((p) => same(p.tiers, tiers))?.code ?? null;
}

/** Each tier's range of lengths in words ("≤ 1天", "> 1天 且 < 3天", "≥ 3天"), for the editor's table. */
export function tierRanges(
  tiers: readonly ApprovalTier[],
): { range: { zh: string; en: string }; chain: ApproverRole[] }[] {
  let lower: { days: number; inclusive: boolean } | null = null;
  return tiers.map((t) => {
    const lo = lower ? `${lower.inclusive ? '≥' : '>'} ` : '';
    const parts = { zh: [] as string[], en: [] as string[] };
    if (lower) {
      parts.zh.push(`${lo}${daysText(lower.days).zh}`);
      parts.en.push(`${lo}${daysText(lower.days).en}`);
    }
    if (t.upToDays !== null) {
      parts.zh.push(`${t.inclusive ? '≤' : '<'} ${daysText(t.upToDays).zh}`);
      parts.en.push(`${t.inclusive ? '≤' : '<'} ${daysText(t.upToDays).en}`);
      lower = { days: t.upToDays, inclusive: !t.inclusive };
    }
    return {
      range: { zh: parts.zh.join(' 且 ') || '任何长度', en: parts.en.join(' and ') || 'any length' },
      chain: t.chain,
    };
  });
}
