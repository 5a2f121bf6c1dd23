import { describe, expect, it } from 'vitest';
import { aggregatePeriod, assessMonth, type MonthInput } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME, SchemeSchema, type Scheme } from '../../../src/domain/scheme';
import { bonus, deduction, deductTo, hallWindow, monthInput, staff, staffId, windowId } from './fixtures';

/**
 * Issue #15 points 1, 2, 3, 8, 9: each source's reading as scheme data. Every expected value
 * below is worked out by hand from the rule (arithmetic in the comments), not read off the engine.
 *
 * The hall: approval windows 1–7 scoring 100, 99, …, 94; public-service windows 8–10 scoring
 * 90, 92, 91; person n works at window n and carries its records (same scores).
 * Default honours (per group, rounding half up, exclude_all_tied):
 *   approval 7: red 0.15 × 7 = 1.05 → 1; advanced 0.3 × 7 = 2.1 → 2 → w1 red, w2 w3 advanced.
 *   public 3:   red 0.15 × 3 = 0.45 → 0; advanced 0.3 × 3 = 0.9 → 1 → w9 (92) advanced.
 */
function hall(scheme: Scheme, fields: Partial<MonthInput> = {}): MonthInput {
  const windows = [
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => hallWindow(n, 'approval')),
    ...[8, 9, 10].map((n) => hallWindow(n, 'public_service')),
  ];
  const target: Record<number, number> = { 1: 100, 2: 99, 3: 98, 4: 97, 5: 96, 6: 95, 7: 94, 8: 90, 9: 92, 10: 91 };
  return monthInput({
    scheme: SchemeSchema.parse(scheme),
    windows,
    staff: windows.map((_, i) => staff(i + 1, i + 1)),
    deductions: windows.flatMap((_, i) => deductTo(target[i + 1]!, i + 1, i + 1)),
    ...fields,
  });
}
const honours = (r: ReturnType<typeof assessMonth>) =>
  Object.fromEntries(r.windows.filter((w) => w.honour).map((w) => [w.number, w.honour]));

const DEFAULT_HONOURS = { 1: 'red_flag', 2: 'advanced', 3: 'advanced', 9: 'advanced' };

describe('the default scheme keeps DOMAIN’s reading', () => {
  it('has none of the #15 fields and scores as before', () => {
    for (const f of ['dutyNeglect', 'honourBase', 'disqualificationPeriods', 'staffBonusCap', 'ranking'])
      expect(DEFAULT_SCHEME).not.toHaveProperty(f);
    const r = assessMonth(hall(DEFAULT_SCHEME));
    expect(honours(r)).toEqual(DEFAULT_HONOURS);
    expect(r.staffGroups).toBeUndefined();
    expect(r.staff[0]).not.toHaveProperty('rank');
  });
});

describe('#15.1 duty neglect: which honours it removes, and its threshold', () => {
  const patrol = (done: number) => ({ windowId: windowId(1), roundsRequired: 40, roundsDone: done });

  it('DOMAIN: one missed round removes every honour — w1’s places pass on', () => {
    // 39 of 40 done: 1 missed ≥ 1 → neglect; w1 skipped, red → w2 (99), advanced → w3, w4.
    const r = assessMonth(hall(DEFAULT_SCHEME, { dutyPatrols: [patrol(39)] }));
    expect(honours(r)).toEqual({ 2: 'red_flag', 3: 'advanced', 4: 'advanced', 9: 'advanced' });
    expect(r.windows[0]!.disqualifications).toEqual([
      { code: 'DUTY_NEGLECT', reason: 'duty window patrolled 39 of 40 required rounds' },
    ]);
  });

  it('004 "当月不得评为红旗窗口": red flag only; the window may still be advanced', () => {
    const scheme = {
      ...DEFAULT_SCHEME,
      dutyNeglect: { removes: ['red_flag'], threshold: { kind: 'rounds_missed', atLeast: 1 } },
    } as Scheme;
    const r = assessMonth(hall(scheme, { dutyPatrols: [patrol(39)] }));
    // Red: 1 place among w2…w7 (w1 barred) → w2. Advanced: cumulative line 1 + 2 = 3, 1 taken → 2
    // places among those not honoured and not barred from advanced: w1 (100), w3 (98).
    expect(honours(r)).toEqual({ 1: 'advanced', 2: 'red_flag', 3: 'advanced', 9: 'advanced' });
    expect(r.windows[0]!.disqualifications[0]).toMatchObject({ code: 'DUTY_NEGLECT', honours: ['red_flag'] });
    expect(r.windows[0]!.disqualifications[0]!.reason).toContain('bars red_flag only');
    expect(r.groups.approval!.honours.partlyBarred).toEqual([
      { windowId: windowId(1), honours: ['red_flag'], codes: ['DUTY_NEGLECT'] },
    ]);
    expect(r.groups.approval!.honours.tiers[0]!.note).toContain('1 barred from this honour only');
  });

  it('threshold in rounds missed: neglect from the third missed round', () => {
    const scheme = {
      ...DEFAULT_SCHEME,
      dutyNeglect: { removes: ['red_flag', 'advanced'], threshold: { kind: 'rounds_missed', atLeast: 3 } },
    } as Scheme;
    // 38 of 40: 2 missed < 3 → no neglect, default honours.
    expect(honours(assessMonth(hall(scheme, { dutyPatrols: [patrol(38)] })))).toEqual(DEFAULT_HONOURS);
    // 37 of 40: 3 missed ≥ 3 → neglect, every honour removed (as DOMAIN's case above).
    const r = assessMonth(hall(scheme, { dutyPatrols: [patrol(37)] }));
    expect(honours(r)).toEqual({ 2: 'red_flag', 3: 'advanced', 4: 'advanced', 9: 'advanced' });
    expect(r.windows[0]!.disqualifications[0]!.reason).toContain('3 missed, neglect from 3 missed');
  });

  it('threshold as share of rounds done: under 90 % is neglect', () => {
    const scheme = {
      ...DEFAULT_SCHEME,
      dutyNeglect: { removes: ['red_flag', 'advanced'], threshold: { kind: 'share_done', below: 0.9 } },
    } as Scheme;
    // 36 / 40 = 0.9, not below 0.9 → no neglect.
    expect(honours(assessMonth(hall(scheme, { dutyPatrols: [patrol(36)] })))).toEqual(DEFAULT_HONOURS);
    // 35 / 40 = 0.875 < 0.9 → neglect.
    const r = assessMonth(hall(scheme, { dutyPatrols: [patrol(35)] }));
    expect(r.windows[0]!.disqualifications[0]!.reason).toContain('under 90 % done');
    expect(r.windows[0]!.honour).toBeNull();
  });

  it('removes nothing: neglect is reported, honours unchanged', () => {
    const scheme = {
      ...DEFAULT_SCHEME,
      dutyNeglect: { removes: [], threshold: { kind: 'rounds_missed', atLeast: 1 } },
    } as Scheme;
    const r = assessMonth(hall(scheme, { dutyPatrols: [patrol(0)] }));
    expect(honours(r)).toEqual(DEFAULT_HONOURS);
    expect(r.windows[0]!.disqualifications[0]).toMatchObject({ code: 'DUTY_NEGLECT', honours: [] });
  });
});

describe('#15.2 honour shares of all windows (003 §7.2 窗口总数) or per group', () => {
  it('all_windows: places from the total, awarded down one list of all windows', () => {
    const r = assessMonth(hall({ ...DEFAULT_SCHEME, honourBase: 'all_windows' }));
    // 10 windows: red 0.15 × 10 = 1.5 → 2 (half up); advanced 0.3 × 10 = 3 → 3.
    // All windows by score: w1 100, w2 99, w3 98, w4 97, w5 96, w6 95, w7 94, w9 92, w10 91, w8 90
    // → red w1 w2; advanced w3 w4 w5; no public-service window is in the top 5.
    expect(honours(r)).toEqual({ 1: 'red_flag', 2: 'red_flag', 3: 'advanced', 4: 'advanced', 5: 'advanced' });
    // Ranks stay per group (DOMAIN §5.5): w9 is first of its group.
    expect(r.windows.find((w) => w.number === '9')!.rank).toBe(1);
    expect(r.groups.public_service!.honours.base).toBe('all_windows');
    expect(r.groups.approval!.honours.tiers[0]!.note).toBe('15 % of all 10 windows → 2 place(s) (round): 2 awarded');
  });

  it('group (the default, stated) scores as DOMAIN', () => {
    expect(honours(assessMonth(hall({ ...DEFAULT_SCHEME, honourBase: 'group' })))).toEqual(DEFAULT_HONOURS);
  });
});

describe('#15.3 a disqualification states the periods it bars', () => {
  const months = (n: number) => Array.from({ length: n }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
  const corrupt = [{ windowId: windowId(1), code: 'CORRUPT_CONDUCT', reason: '吃拿卡要' }];
  const run = (periods: ('month' | 'quarter' | 'year')[] | null) => {
    const scheme = SchemeSchema.parse(
      periods ? { ...DEFAULT_SCHEME, disqualificationPeriods: [{ code: 'CORRUPT_CONDUCT', periods }] } : DEFAULT_SCHEME,
    );
    const month = assessMonth(hall(scheme, { disqualifications: corrupt }));
    // Periods average over the months assessed (only 2024-03 here), so scores are the month's.
    const quarter = aggregatePeriod({ period: '2024-Q1', months: months(3), results: [month], scheme });
    const year = aggregatePeriod({ period: '2024', months: months(12), results: [month], scheme });
    const w1 = (ws: { number: string; honour: string | null }[]) => ws.find((w) => w.number === '1')!.honour;
    return { month: w1(month.windows), quarter: w1(quarter.windows), year: w1(year.windows), result: month };
  };

  it('DOMAIN: every period', () => {
    // w1 (100) is skipped everywhere: red passes to w2.
    expect(run(null)).toMatchObject({ month: null, quarter: null, year: null });
  });

  it('003 §7.7 "取消窗口年度评先评优资格": the year only', () => {
    // Month and quarter: w1 first of 7 → red (1 place). Year: barred.
    const r = run(['year']);
    expect(r).toMatchObject({ month: 'red_flag', quarter: 'red_flag', year: null });
    expect(r.result.windows[0]!.disqualifications[0]).toMatchObject({ periods: ['year'] });
    expect(r.result.windows[0]!.disqualifications[0]!.reason).toContain('bars the year honours only');
  });

  it('002 "取消窗口当季评优资格": the quarter only', () => {
    expect(run(['quarter'])).toMatchObject({ month: 'red_flag', quarter: null, year: 'red_flag' });
  });
});

describe('#15.8 points per outing over the limit may be 0; the count is still reported', () => {
  const withOutingPoints = (points: number) =>
    SchemeSchema.parse({
      ...DEFAULT_SCHEME,
      items: DEFAULT_SCHEME.items.map((i) => (i.code === 'OUTING_OVER_LIMIT' ? { ...i, points } : i)),
    });
  const record = () =>
    deduction({
      itemCode: 'OUTING_OVER_LIMIT',
      quantity: 3,
      windowId: windowId(1),
      staffId: staffId(1),
      source: 'leave',
    });

  it('DOMAIN 0.5 per outing: 3 over the limit deduct 1.5', () => {
    const r = assessMonth(monthInput({ windows: [hallWindow(1)], staff: [staff(1, 1)], deductions: [record()] }));
    // 100 − 0.5 × 3 = 98.5
    expect(r.windows[0]!.score).toBe(98.5);
  });

  it('004 (allowance, not points): 0 points — the record and its count stay in the explanation', () => {
    const r = assessMonth(
      monthInput({
        scheme: withOutingPoints(0),
        windows: [hallWindow(1)],
        staff: [staff(1, 1)],
        deductions: [record()],
      }),
    );
    // 100 − 0 × 3 = 100
    expect(r.windows[0]!.score).toBe(100);
    expect(r.staff[0]!.score).toBe(100);
    const lines = r.windows[0]!.sheet.categories.flatMap((c) => c.records);
    expect(lines).toEqual([
      expect.objectContaining({ itemCode: 'OUTING_OVER_LIMIT', quantity: 3, points: 0, amount: 0 }),
    ]);
  });

  it('negative points stay invalid', () => {
    expect(() => withOutingPoints(-1)).toThrow();
  });
});

describe('#15.9 bonus caps for windows and people; ranking of windows, people or both', () => {
  /** w1 and w2 (approval); person 1 at w1 with two bonus events of 5, person 2 at w2 eating once (2). */
  const small = (scheme: Scheme) =>
    monthInput({
      scheme: SchemeSchema.parse(scheme),
      windows: [hallWindow(1), hallWindow(2)],
      staff: [staff(1, 1), staff(2, 2)],
      deductions: [deduction({ itemCode: 'EATING', windowId: windowId(2), staffId: staffId(2) })],
      bonuses: [
        bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, windowId: windowId(1), staffId: staffId(1) }),
        bonus({ bonusCode: 'MEDIA_PROVINCE', points: 5, windowId: windowId(1), staffId: staffId(1) }),
      ],
    });

  it('DOMAIN: one cap (20) for both — person 1 gets 10', () => {
    const r = assessMonth(small(DEFAULT_SCHEME));
    // Window 1: 100 + min(5 + 5, 20) = 110; person 1 the same.
    expect([r.windows[0]!.score, r.staff[0]!.score]).toEqual([110, 110]);
  });

  it('county "人员附加分加满5分为止": a person’s bonus capped at 5, the window’s at 20', () => {
    const r = assessMonth(small({ ...DEFAULT_SCHEME, staffBonusCap: 5 }));
    // Window 1: 100 + min(10, 20) = 110. Person 1: 100 + min(10, 5) = 105.
    expect([r.windows[0]!.score, r.staff[0]!.score]).toEqual([110, 105]);
    expect(r.staff[0]!.sheet.bonus.note).toBe(
      "bonus 10 exceeds a person's bonus cap (scheme: staffBonusCap) 5: 5 not granted",
    );
  });

  it('ranking of people only: per group, the same honour machinery; windows unranked', () => {
    const r = assessMonth(small({ ...DEFAULT_SCHEME, staffBonusCap: 5, ranking: 'staff' }));
    expect(r.groups).toEqual({});
    expect(r.windows.map((w) => w.rank)).toEqual([null, null]);
    // 2 people: red 0.15 × 2 = 0.3 → 0; advanced 0.3 × 2 = 0.6 → 1 → person 1 (105) advanced, person 2 (98) none.
    expect(r.staffGroups!.approval!.entries.map((e) => [e.staffId, e.score, e.rank, e.honour])).toEqual([
      [staffId(1), 105, 1, 'advanced'],
      [staffId(2), 98, 2, null],
    ]);
    expect(r.staff.map((s) => [s.rank, s.honour])).toEqual([
      [1, 'advanced'],
      [2, null],
    ]);
  });

  it('both: windows and people, each per group', () => {
    const r = assessMonth(hall({ ...DEFAULT_SCHEME, ranking: 'both' }));
    expect(honours(r)).toEqual(DEFAULT_HONOURS);
    // People score as their windows: approval 7 → person 1 red, 2 and 3 advanced; public 3 → person 9 advanced.
    const staffHonours = Object.fromEntries(r.staff.filter((s) => s.honour).map((s) => [s.name, s.honour]));
    expect(staffHonours).toEqual({ 员工1: 'red_flag', 员工2: 'advanced', 员工3: 'advanced', 员工9: 'advanced' });
    expect(r.staffGroups!.public_service!.entries[0]).toMatchObject({ staffId: staffId(9), rank: 1 });
  });
});
