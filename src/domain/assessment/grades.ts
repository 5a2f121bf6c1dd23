import type { Scheme } from '../scheme/schema';
import { compareText } from './order';
import { fromCenti, toCenti } from './points';
import { resolveLine, type TieRule } from './tie-line';

/** DOMAIN §5.8 staff grades for a quarter or year. */
export type Grade = 'excellent' | 'competent' | 'basic' | 'incompetent';

export const GRADE_NAMES: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  competent: { zh: '称职', en: 'Competent' },
  basic: { zh: '基本称职', en: 'Basically competent' },
  incompetent: { zh: '不称职', en: 'Incompetent' },
};

/** Thresholds are inclusive: with the defaults 95 is 优秀, 94.5 is 称职; 75 称职; 70 基本称职. */
export function gradeByThreshold(score: number, thresholds: Scheme['grades']): Grade {
  const s = toCenti(score);
  if (s >= toCenti(thresholds.excellent)) return 'excellent';
  if (s >= toCenti(thresholds.competent)) return 'competent';
  if (s >= toCenti(thresholds.basic)) return 'basic';
  return 'incompetent';
}

/** The personnel office's limit on 优秀 (DOMAIN §5.8). */
export interface ExcellentQuota {
  /** At most this many 优秀 (before the tie rule). */
  quota: number;
  /** Ties at the quota line; default exclude_all_tied, so the quota is never exceeded. */
  tieRule?: TieRule;
}

export interface GradedStaff {
  staffId: string;
  score: number;
  grade: Grade;
  /** The grade the thresholds alone give. */
  byThreshold: Grade;
  note: string | null;
}

export interface QuotaExplanation {
  quota: number;
  tieRule: TieRule;
  candidates: number;
  awarded: number;
  tie: { score: number; staffIds: string[]; outcome: 'all_in' | 'all_out' } | null;
  note: string;
}

export interface Grading {
  /** Highest score first, then staff id. */
  graded: GradedStaff[];
  quota: QuotaExplanation | null;
}

/**
 * Grades by threshold; then, with a quota, 优秀 goes to the top `quota` of those at or above
 * the 优秀 threshold by score. Equal scores straddling the quota line are all in or all out per
 * the quota's tie rule (default all out). Those over the quota get 称职 (their score is above
 * the 称职 threshold). Input order never matters.
 */
export function assignGrades(
  entries: readonly { staffId: string; score: number }[],
  thresholds: Scheme['grades'],
  quota?: ExcellentQuota,
): Grading {
  const sorted = [...entries].sort((a, b) => toCenti(b.score) - toCenti(a.score) || compareText(a.staffId, b.staffId));
  const graded: GradedStaff[] = sorted.map((e) => {
    const g = gradeByThreshold(e.score, thresholds);
    return { staffId: e.staffId, score: e.score, grade: g, byThreshold: g, note: null };
  });
  if (!quota) return { graded, quota: null };
  const tieRule = quota.tieRule ?? 'exclude_all_tied';
  const candidates = graded.filter((g) => g.byThreshold === 'excellent'); // a prefix of graded
  const resolved = resolveLine(
    candidates.map((c) => toCenti(c.score)),
    Math.max(0, Math.floor(quota.quota)),
    tieRule,
  );
  for (const c of candidates.slice(resolved.line)) {
    c.grade = 'competent';
    c.note = `above the 优秀 threshold but outside the quota of ${quota.quota}: 称职`;
  }
  const tie = resolved.tie
    ? {
        score: candidates[resolved.tie.from]!.score,
        staffIds: candidates.slice(resolved.tie.from, resolved.tie.to).map((c) => c.staffId),
        outcome: resolved.tie.outcome,
      }
    : null;
  return {
    graded,
    quota: {
      quota: quota.quota,
      tieRule,
      candidates: candidates.length,
      awarded: resolved.line,
      tie,
      note:
        `${candidates.length} at or above ${thresholds.excellent}, quota ${quota.quota}: ${resolved.line} 优秀` +
        (tie
          ? `; ${tie.staffIds.length} tied at ${tie.score} straddle the quota: all ${tie.outcome === 'all_in' ? 'in' : 'out'} (${tieRule})`
          : ''),
    },
  };
}

/** Some centers blend the quarter (DOMAIN §5.8); the default weights are 40/30/30. */
export interface QuarterBlendWeights {
  monthly: number;
  peerReview: number;
  publicSatisfaction: number;
}

export const DEFAULT_QUARTER_BLEND: QuarterBlendWeights = { monthly: 0.4, peerReview: 0.3, publicSatisfaction: 0.3 };

/**
 * monthly average × 40 % + peer review (窗口互评) × 30 % + public satisfaction (群众满意度) × 30 %,
 * all on a 100-point scale, computed exactly and rounded half up to 0.01.
 */
export function blendQuarterScore(
  parts: { monthlyAverage: number; peerReview: number; publicSatisfaction: number },
  weights: QuarterBlendWeights = DEFAULT_QUARTER_BLEND,
): number {
  const w = [weights.monthly, weights.peerReview, weights.publicSatisfaction].map((x) => Math.round(x * 10_000));
  if (w[0]! + w[1]! + w[2]! !== 10_000) throw new Error('quarter blend weights must add up to 1');
  const sum =
    w[0]! * toCenti(parts.monthlyAverage) +
    w[1]! * toCenti(parts.peerReview) +
    w[2]! * toCenti(parts.publicSatisfaction);
  const sign = sum < 0 ? -1 : 1;
  return fromCenti(sign * Math.floor((2 * Math.abs(sum) + 10_000) / 20_000));
}
