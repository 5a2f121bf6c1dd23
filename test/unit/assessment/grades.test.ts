import { describe, expect, it } from 'vitest';
import {
  assignGrades,
  blendQuarterScore,
  gradeByThreshold,
  GRADE_NAMES,
  type Grade,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { staffId } from './fixtures';

const thresholds = DEFAULT_SCHEME.grades;

describe('DOMAIN §5.8: grades at the thresholds 95 / 75 / 70 (inclusive)', () => {
  const table: { score: number; grade: Grade; zh: string }[] = [
    { score: 120, grade: 'excellent', zh: '优秀' },
    { score: 95, grade: 'excellent', zh: '优秀' },
    { score: 94.5, grade: 'competent', zh: '称职' },
    { score: 94.99, grade: 'competent', zh: '称职' },
    { score: 75, grade: 'competent', zh: '称职' },
    { score: 74.5, grade: 'basic', zh: '基本称职' },
    { score: 70, grade: 'basic', zh: '基本称职' },
    { score: 69.5, grade: 'incompetent', zh: '不称职' },
    { score: -3, grade: 'incompetent', zh: '不称职' },
  ];
  it.each(table)('$score → $zh', ({ score, grade, zh }) => {
    expect(gradeByThreshold(score, thresholds)).toBe(grade);
    expect(GRADE_NAMES[grade].zh).toBe(zh);
  });

  it("follows a center's own thresholds", () => {
    expect(gradeByThreshold(90, { excellent: 90, competent: 60, basic: 50 })).toBe('excellent');
    expect(gradeByThreshold(59.5, { excellent: 90, competent: 60, basic: 50 })).toBe('basic');
  });
});

describe('DOMAIN §5.8: the 优秀 quota — top N by score, ties stated', () => {
  // Staff 1–7 score 99, 98, 97, 97, 96, 90, 94.5: five at or above 95.
  const entries = [99, 98, 97, 97, 96, 90, 94.5].map((score, i) => ({ staffId: staffId(i + 1), score }));
  const table: {
    name: string;
    quota?: number;
    tieRule?: 'include_all_tied' | 'exclude_all_tied';
    excellent: number[];
    tie: boolean;
  }[] = [
    { name: 'no quota: everyone at or above 95', excellent: [1, 2, 3, 4, 5], tie: false },
    { name: 'quota above the candidates', quota: 10, excellent: [1, 2, 3, 4, 5], tie: false },
    { name: 'quota 2, clean line', quota: 2, excellent: [1, 2], tie: false },
    { name: 'quota 3 splits the 97s: default all out', quota: 3, excellent: [1, 2], tie: true },
    {
      name: 'quota 3 splits the 97s: exclude_all_tied',
      quota: 3,
      tieRule: 'exclude_all_tied',
      excellent: [1, 2],
      tie: true,
    },
    {
      name: 'quota 3 splits the 97s: include_all_tied',
      quota: 3,
      tieRule: 'include_all_tied',
      excellent: [1, 2, 3, 4],
      tie: true,
    },
    { name: 'quota 4 after the 97s', quota: 4, excellent: [1, 2, 3, 4], tie: false },
    { name: 'quota 0', quota: 0, excellent: [], tie: false },
  ];
  it.each(table)('$name', ({ quota, tieRule, excellent, tie }) => {
    const grading = assignGrades(
      [...entries].reverse(),
      thresholds,
      quota === undefined ? undefined : { quota, tieRule },
    );
    const byStaff = new Map(grading.graded.map((g) => [g.staffId, g]));
    expect(grading.graded.filter((g) => g.grade === 'excellent').map((g) => g.staffId)).toEqual(excellent.map(staffId));
    // Over the quota → 称职; below 95 unchanged.
    for (const n of [1, 2, 3, 4, 5].filter((n) => !excellent.includes(n))) {
      expect(byStaff.get(staffId(n))).toMatchObject({ grade: 'competent', byThreshold: 'excellent' });
    }
    expect(byStaff.get(staffId(6))!.grade).toBe('competent');
    expect(byStaff.get(staffId(7))!.grade).toBe('competent');
    expect(grading.quota?.tie !== null && grading.quota?.tie !== undefined).toBe(tie);
  });

  it('explains the quota', () => {
    const grading = assignGrades(entries, thresholds, { quota: 3 });
    expect(grading.quota!.note).toBe(
      '5 at or above 95, quota 3: 2 优秀; 2 tied at 97 straddle the quota: all out (exclude_all_tied)',
    );
    expect(grading.graded.find((g) => g.staffId === staffId(3))!.note).toBe(
      'above the 优秀 threshold but outside the quota of 3: 称职',
    );
  });
});

describe('DOMAIN §5.8: blended quarter score 40 / 30 / 30', () => {
  const table: { monthlyAverage: number; peerReview: number; publicSatisfaction: number; blended: number }[] = [
    { monthlyAverage: 90, peerReview: 80, publicSatisfaction: 100, blended: 90 },
    { monthlyAverage: 95.5, peerReview: 88, publicSatisfaction: 91, blended: 91.9 },
    { monthlyAverage: 94.33, peerReview: 90, publicSatisfaction: 90, blended: 91.73 }, // 91.732
    { monthlyAverage: 100, peerReview: 100, publicSatisfaction: 100, blended: 100 },
    { monthlyAverage: 96.25, peerReview: 90, publicSatisfaction: 90, blended: 92.5 },
  ];
  it.each(table)('$monthlyAverage / $peerReview / $publicSatisfaction → $blended', ({ blended, ...parts }) => {
    expect(blendQuarterScore(parts)).toBe(blended);
  });
  it('accepts other weights and rejects weights not adding up to 1', () => {
    expect(
      blendQuarterScore(
        { monthlyAverage: 90, peerReview: 80, publicSatisfaction: 70 },
        { monthly: 0.5, peerReview: 0.25, publicSatisfaction: 0.25 },
      ),
    ).toBe(82.5);
    expect(() =>
      blendQuarterScore(
        { monthlyAverage: 90, peerReview: 80, publicSatisfaction: 70 },
        { monthly: 0.5, peerReview: 0.3, publicSatisfaction: 0.3 },
      ),
    ).toThrow('add up to 1');
  });
});
