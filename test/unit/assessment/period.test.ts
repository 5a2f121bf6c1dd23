import { describe, expect, it } from 'vitest';
import { aggregatePeriod, assessMonth, type MonthAssessment, type PeriodInput } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { deductTo, hallWindow, monthInput, staff, staffId, windowId } from './fixtures';
import { periodOptions } from '../../../src/domain/assessment/period-of-versions';

const MONTHS = ['2024-01', '2024-02', '2024-03'];

/** One month: each window n has one staff member n; scores[n] (null: not assessed that month). */
function month(m: string, scores: Record<number, number | null>, disqualify: number[] = []): MonthAssessment {
  const present = Object.entries(scores)
    .filter(([, s]) => s !== null)
    .map(([n, s]) => [Number(n), s!] as const);
  return assessMonth(
    monthInput({
      month: m,
      windows: present.map(([n]) => hallWindow(n)),
      staff: present.map(([n]) => staff(n, n)),
      deductions: present.flatMap(([n, s]) => deductTo(s, n, n)),
      disqualifications: disqualify.map((n) => ({ windowId: windowId(n), code: 'COMPLAINT_OR_MEDIA', reason: 'r' })),
    }),
  );
}

// Window/staff 1: 90, 95, 100 → 95. 2: joined in February: –, 80, 90. 3: 94.5, 95, 95 → 94.83.
// 4: 99, 99, 99, disqualified in February. 5: 70, 70, 71 → 70.33.
const results = [
  month('2024-01', { 1: 90, 2: null, 3: 94.5, 4: 99, 5: 70 }),
  month('2024-02', { 1: 95, 2: 80, 3: 95, 4: 99, 5: 70 }, [4]),
  month('2024-03', { 1: 100, 2: 90, 3: 95, 4: 99, 5: 71 }),
];
const input = (fields: Partial<PeriodInput> = {}): PeriodInput => ({
  period: '2024-Q1',
  months: MONTHS,
  results,
  scheme: DEFAULT_SCHEME,
  ...fields,
});

describe('quarter aggregation: average of monthly scores (DOMAIN §5.8)', () => {
  const table: { name: string; missing: 'exclude' | 'count_as_zero'; averages: number[]; grades: string[] }[] = [
    {
      name: 'missing months excluded (default)',
      missing: 'exclude',
      averages: [95, 85, 94.83, 99, 70.33],
      grades: ['excellent', 'competent', 'competent', 'excellent', 'basic'],
    },
    {
      name: 'missing months count as zero',
      missing: 'count_as_zero',
      averages: [95, 56.67, 94.83, 99, 70.33],
      grades: ['excellent', 'incompetent', 'competent', 'excellent', 'basic'],
    },
  ];
  it.each(table)('$name', ({ missing, averages, grades }) => {
    const q = aggregatePeriod(input({ missingMonths: missing }));
    expect(q.missingMonths).toBe(missing);
    expect(q.staff.map((s) => s.staffId)).toEqual([1, 2, 3, 4, 5].map(staffId));
    expect(q.staff.map((s) => s.average)).toEqual(averages);
    expect(q.windows.map((w) => w.average)).toEqual(averages);
    expect(q.staff.map((s) => s.grade)).toEqual(grades);
    expect(q.staff[1]!.monthly).toEqual([
      { month: '2024-01', score: null },
      { month: '2024-02', score: 80 },
      { month: '2024-03', score: 90 },
    ]);
    expect(q.staff.map((s) => s.monthsAssessed)).toEqual([3, 2, 3, 3, 3]);
  });

  it('gives the same result whatever the order of the monthly results', () => {
    expect(aggregatePeriod(input({ results: [...results].reverse() }))).toEqual(aggregatePeriod(input()));
  });

  it('a window disqualified in any month is disqualified for the period; honours on averages', () => {
    const q = aggregatePeriod(input());
    // 5 approval windows: 1 red flag (0.75 → 1), 2 advanced (1.5 → 2). Window 4 (99) is skipped.
    expect(q.groups.approval!.entries.map((e) => [e.number, e.score, e.rank, e.honour])).toEqual([
      ['4', 99, 1, null],
      ['1', 95, 2, 'red_flag'],
      ['3', 94.83, 3, 'advanced'],
      ['2', 85, 4, 'advanced'],
      ['5', 70.33, 5, null],
    ]);
    expect(q.windows.find((w) => w.number === '4')!.disqualifications).toEqual([
      { code: 'COMPLAINT_OR_MEDIA', reason: 'r', month: '2024-02' },
    ]);
  });

  it("applies the 优秀 quota to the period's scores", () => {
    const q = aggregatePeriod(input({ excellentQuota: { quota: 1 } }));
    expect(q.staff.map((s) => s.grade)).toEqual(['competent', 'competent', 'competent', 'excellent', 'basic']);
    expect(q.excellentQuota).toMatchObject({ quota: 1, candidates: 2, awarded: 1 });
  });

  it('blends the quarter when peer review and satisfaction are given, and grades on the blend', () => {
    const q = aggregatePeriod(
      input({
        blend: {
          peerReview: { [staffId(1)]: 100, [staffId(3)]: 100, [staffId(4)]: 80 },
          publicSatisfaction: { [staffId(1)]: 100, [staffId(3)]: 100, [staffId(4)]: 80 },
        },
      }),
    );
    // 1: 95×.4+30+30 = 98; 3: 94.83×.4+60 = 97.93 (97.932); 4: 99×.4+48 = 87.6.
    expect(q.staff.map((s) => [s.blended, s.basis, s.score, s.grade])).toEqual([
      [98, 'blended', 98, 'excellent'],
      [null, 'average', 85, 'competent'],
      [97.93, 'blended', 97.93, 'excellent'],
      [87.6, 'blended', 87.6, 'competent'],
      [null, 'average', 70.33, 'basic'],
    ]);
    expect(q.staff[1]!.note).toBe('no peer review score: graded on the monthly average');
  });

  it('averages a year of twelve months the same way', () => {
    const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
    const year = aggregatePeriod({
      period: '2024',
      months,
      scheme: DEFAULT_SCHEME,
      results: months.map((m, i) => month(m, { 1: i < 6 ? 90 : 100 })),
    });
    expect(year.staff[0]!.average).toBe(95);
    expect(year.staff[0]!.grade).toBe('excellent');
    expect(year.groups.approval!.entries[0]!.honour).toBeNull(); // a group of 1 with 'round'
  });

  it('rejects results outside the period or twice for a month', () => {
    expect(() => aggregatePeriod(input({ results: [...results, month('2024-04', { 1: 90 })] }))).toThrow(
      'outside period',
    );
    expect(() => aggregatePeriod(input({ results: [...results, results[0]!] }))).toThrow('two results for 2024-01');
  });
});

describe('quarters and years to choose', () => {
  it('offers each quarter and year that has a published month, newest first, a quarter before its year', () => {
    expect(periodOptions(['2026-02', '2025-12', '2026-11', '2026-10'])).toEqual([
      '2026-Q4',
      '2026-Q1',
      '2026',
      '2025-Q4',
      '2025',
    ]);
    expect(periodOptions([])).toEqual([]);
  });
});
