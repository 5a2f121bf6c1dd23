import { describe, expect, it } from 'vitest';
import {
  aggregatePeriod,
  assessMonth,
  periodOptionsOf,
  type MonthAssessment,
  type PeriodInputs,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME, SchemeSchema } from '../../../src/domain/scheme';
import { deductTo, hallWindow, monthInput, staff, staffId } from './fixtures';

const MONTHS = ['2024-01', '2024-02', '2024-03'];

function month(m: string, scores: Record<number, number | null>): MonthAssessment {
  const present = Object.entries(scores)
    .filter(([, s]) => s !== null)
    .map(([n, s]) => [Number(n), s!] as const);
  return assessMonth(
    monthInput({
      month: m,
      windows: present.map(([n]) => hallWindow(n)),
      staff: present.map(([n]) => staff(n, n)),
      deductions: present.flatMap(([n, s]) => deductTo(s, n, n)),
    }),
  );
}

// Monthly averages (as in period.test.ts): 1: 95; 2: 85 (joined in February); 3: 94.83; 4: 99; 5: 70.33.
const results = [
  month('2024-01', { 1: 90, 2: null, 3: 94.5, 4: 99, 5: 70 }),
  month('2024-02', { 1: 95, 2: 80, 3: 95, 4: 99, 5: 70 }),
  month('2024-03', { 1: 100, 2: 90, 3: 95, 4: 99, 5: 71 }),
];

const score = (n: number, kind: 'peer_review' | 'public_satisfaction', value: number) => ({
  staffId: staffId(n),
  kind,
  score: value,
});

const inputs: PeriodInputs = {
  quota: { quota: 1, tieRule: 'exclude_all_tied' },
  scores: [
    score(1, 'peer_review', 90),
    score(1, 'public_satisfaction', 98),
    score(2, 'peer_review', 95.5),
    score(2, 'public_satisfaction', 92.25),
    score(3, 'peer_review', 100),
    score(3, 'public_satisfaction', 99),
    score(4, 'peer_review', 96),
    score(4, 'public_satisfaction', 95),
    score(5, 'peer_review', 80), // no satisfaction score: graded on the monthly average
  ],
};

const quarter = (scheme = DEFAULT_SCHEME, given: PeriodInputs | null = inputs) =>
  aggregatePeriod({
    period: '2024-Q1',
    months: MONTHS,
    results,
    scheme,
    ...periodOptionsOf(given, scheme),
  });

describe('the quarter blend and the 优秀 quota (DOMAIN §5.8, issue #15 point 10)', () => {
  it('blends 40/30/30 by default, worked by hand', () => {
    const q = quarter();
    const by = (n: number) => q.staff.find((s) => s.staffId === staffId(n))!;
    // 1: 95 × 0.4 + 90 × 0.3 + 98 × 0.3 = 38 + 27 + 29.4 = 94.4 → below 95: 称职.
    expect([by(1).average, by(1).peerReview, by(1).publicSatisfaction, by(1).blended]).toEqual([95, 90, 98, 94.4]);
    expect(by(1).grade).toBe('competent');
    // 2: 85 × 0.4 + 95.5 × 0.3 + 92.25 × 0.3 = 34 + 28.65 + 27.675 = 90.325 → half up to 0.01: 90.33.
    expect(by(2).blended).toBe(90.33);
    // 3: 94.83 × 0.4 + 100 × 0.3 + 99 × 0.3 = 37.932 + 30 + 29.7 = 97.632 → 97.63: 优秀 by threshold.
    expect(by(3).blended).toBe(97.63);
    // 4: 99 × 0.4 + 96 × 0.3 + 95 × 0.3 = 39.6 + 28.8 + 28.5 = 96.9: 优秀 by threshold …
    expect(by(4).blended).toBe(96.9);
    // … but the quota is 1: 3 (97.63) is 优秀, 4 (96.9) is outside the quota: 称职.
    expect(by(3).grade).toBe('excellent');
    expect(by(4).gradeByThreshold).toBe('excellent');
    expect(by(4).grade).toBe('competent');
    expect(q.excellentQuota).toMatchObject({ quota: 1, candidates: 2, awarded: 1, tie: null });
    // 5: no satisfaction score: graded on its monthly average 70.33 (基本称职), with the reason.
    expect([by(5).blended, by(5).basis, by(5).score, by(5).grade]).toEqual([null, 'average', 70.33, 'basic']);
    expect(by(5).note).toMatch(/public satisfaction/);
    expect(q.blendWeights).toEqual({ monthly: 0.4, peerReview: 0.3, publicSatisfaction: 0.3 });
  });

  it("follows the scheme's weights when it states them", () => {
    const scheme = SchemeSchema.parse({
      ...DEFAULT_SCHEME,
      periodBlend: { monthly: 0.5, peerReview: 0.25, publicSatisfaction: 0.25 },
    });
    const q = quarter(scheme);
    // 1: 95 × 0.5 + 90 × 0.25 + 98 × 0.25 = 47.5 + 22.5 + 24.5 = 94.5.
    expect(q.staff.find((s) => s.staffId === staffId(1))!.blended).toBe(94.5);
    expect(q.blendWeights).toEqual({ monthly: 0.5, peerReview: 0.25, publicSatisfaction: 0.25 });
  });

  it('a quota without scores: graded on the averages within the quota', () => {
    const q = quarter(DEFAULT_SCHEME, { quota: { quota: 1, tieRule: 'include_all_tied' }, scores: [] });
    // No scores: no blend; 1 (95) and 4 (99) are 优秀 by threshold, quota 1: 4 alone.
    expect(q.blendWeights).toBeNull();
    expect(q.staff.filter((s) => s.grade === 'excellent').map((s) => s.staffId)).toEqual([staffId(4)]);
  });

  it('ties at the quota line follow the stated rule', () => {
    // 3: 94.83 × 0.4 + 99.39 × 0.3 + 100 × 0.3 = 37.932 + 29.817 + 30 = 97.749 → 97.75;
    // 1: 95 × 0.4 + 100 × 0.3 + 99.17 × 0.3 = 38 + 30 + 29.751 = 97.751 → 97.75. Tied at 97.75.
    // 4 has no scores: graded on its average 99, first. Quota 2: 4 in, then 1 and 3 straddle the line.
    const scores = [
      score(1, 'peer_review', 100),
      score(1, 'public_satisfaction', 99.17),
      score(3, 'peer_review', 99.39),
      score(3, 'public_satisfaction', 100),
    ];
    const out = quarter(DEFAULT_SCHEME, { quota: { quota: 2, tieRule: 'exclude_all_tied' }, scores });
    const excellent = (q: typeof out) => q.staff.filter((s) => s.grade === 'excellent').map((s) => s.staffId);
    expect(out.staff.filter((s) => s.blended === 97.75).map((s) => s.staffId)).toEqual([staffId(1), staffId(3)]);
    expect(excellent(out)).toEqual([staffId(4)]); // all tied out: the quota is never exceeded
    expect(out.excellentQuota!.tie).toMatchObject({ score: 97.75, outcome: 'all_out' });
    const inn = quarter(DEFAULT_SCHEME, { quota: { quota: 2, tieRule: 'include_all_tied' }, scores });
    expect(excellent(inn)).toEqual([staffId(1), staffId(3), staffId(4)]);
  });

  it('no inputs: the monthly averages alone, as before', () => {
    const q = quarter(DEFAULT_SCHEME, null);
    expect(q.excellentQuota).toBeNull();
    expect(q.blendWeights).toBeNull();
    expect(q.staff.every((s) => s.basis === 'average' && s.peerReview === null)).toBe(true);
  });

  it('the scheme refuses weights that do not add up to 100 %', () => {
    const bad = SchemeSchema.safeParse({
      ...DEFAULT_SCHEME,
      periodBlend: { monthly: 0.4, peerReview: 0.3, publicSatisfaction: 0.2 },
    });
    expect(bad.success).toBe(false);
    expect(SchemeSchema.safeParse(DEFAULT_SCHEME).success).toBe(true); // optional: old schemes still valid
  });
});
