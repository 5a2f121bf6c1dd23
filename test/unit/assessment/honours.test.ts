import { describe, expect, it } from 'vitest';
import { placesForShare, rankAndHonour, rankGroup, type RankInput } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME, type Scheme } from '../../../src/domain/scheme';
import { shuffled, windowId } from './fixtures';

type Honours = Scheme['honours'];
const honours = (tieRule: Honours['tieRule'], rounding: Honours['rounding'] = 'round'): Honours => ({
  ...DEFAULT_SCHEME.honours,
  tieRule,
  rounding,
});

/** A group whose window n has scores[n − 1]. */
const group = (scores: number[]): RankInput[] =>
  scores.map((score, i) => ({ windowId: windowId(i + 1), number: String(i + 1), score }));
/** Distinct scores 100, 99, … for n windows, with `ties` (window numbers) set equal to the first of them. */
function scores(n: number, ties: number[] = []): number[] {
  const s = Array.from({ length: n }, (_, i) => 100 - i);
  for (const w of ties) s[w - 1] = s[ties[0]! - 1]!;
  return s;
}
const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => String(from + i));

function award(list: RankInput[], h: Honours, disqualified: Record<number, string[]> = {}) {
  const map = new Map(Object.entries(disqualified).map(([n, codes]) => [windowId(Number(n)), codes]));
  const result = rankAndHonour('approval', list, map, h);
  const numbers = (code: string) =>
    result.entries
      .filter((e) => e.honour === code)
      .map((e) => e.number)
      .sort((a, b) => Number(a) - Number(b));
  return { red: numbers('red_flag'), advanced: numbers('advanced'), result };
}

describe('DOMAIN §5.6: places per tier from shares (15 % / 30 %) and rounding', () => {
  const table: { size: number; rounding: Honours['rounding']; red: number; advanced: number }[] = [
    { size: 1, rounding: 'round', red: 0, advanced: 0 },
    { size: 2, rounding: 'round', red: 0, advanced: 1 },
    { size: 3, rounding: 'round', red: 0, advanced: 1 },
    { size: 7, rounding: 'round', red: 1, advanced: 2 },
    { size: 10, rounding: 'round', red: 2, advanced: 3 },
    { size: 20, rounding: 'round', red: 3, advanced: 6 },
    { size: 40, rounding: 'round', red: 6, advanced: 12 },
    { size: 1, rounding: 'floor', red: 0, advanced: 0 },
    { size: 7, rounding: 'floor', red: 1, advanced: 2 },
    { size: 10, rounding: 'floor', red: 1, advanced: 3 },
    { size: 1, rounding: 'ceil', red: 1, advanced: 1 },
    { size: 3, rounding: 'ceil', red: 1, advanced: 1 },
    { size: 20, rounding: 'ceil', red: 3, advanced: 6 },
  ];
  it.each(table)(
    'group of $size, $rounding → $red red flag, $advanced advanced places',
    ({ size, rounding, red, advanced }) => {
      expect(placesForShare(0.15, size, rounding)).toBe(red);
      expect(placesForShare(0.3, size, rounding)).toBe(advanced);
    },
  );
});

describe('DOMAIN §5.6: honours in groups of 1, 3, 7, 20, 40 — distinct scores and ties at each boundary, both tie rules', () => {
  const table: {
    name: string;
    size: number;
    ties?: number[];
    rule: Honours['tieRule'];
    rounding?: Honours['rounding'];
    red: string[];
    advanced: string[];
  }[] = [
    // 1 window: no places with 'round'; with 'ceil' it is the red flag and the advanced line falls past the end.
    { name: '1, distinct', size: 1, rule: 'exclude_all_tied', red: [], advanced: [] },
    { name: '1, distinct', size: 1, rule: 'include_all_tied', red: [], advanced: [] },
    { name: '1, ceil', size: 1, rule: 'exclude_all_tied', rounding: 'ceil', red: ['1'], advanced: [] },
    // 3 windows: lines at 0 and 1.
    { name: '3, distinct', size: 3, rule: 'exclude_all_tied', red: [], advanced: ['1'] },
    {
      name: '3, tie 1=2 at the advanced line',
      size: 3,
      ties: [1, 2],
      rule: 'include_all_tied',
      red: [],
      advanced: ['1', '2'],
    },
    { name: '3, tie 1=2 at the advanced line', size: 3, ties: [1, 2], rule: 'exclude_all_tied', red: [], advanced: [] },
    { name: '3, all tied', size: 3, ties: [1, 2, 3], rule: 'include_all_tied', red: [], advanced: ['1', '2', '3'] },
    {
      name: '3, ceil, tie 1=2 at the red line',
      size: 3,
      ties: [1, 2],
      rule: 'include_all_tied',
      rounding: 'ceil',
      red: ['1', '2'],
      advanced: [],
    },
    {
      name: '3, ceil, tie 1=2 at the red line',
      size: 3,
      ties: [1, 2],
      rule: 'exclude_all_tied',
      rounding: 'ceil',
      red: [],
      advanced: ['1', '2'],
    },
    // 7 windows: lines at 1 and 3.
    { name: '7, distinct', size: 7, rule: 'exclude_all_tied', red: ['1'], advanced: ['2', '3'] },
    { name: '7, distinct', size: 7, rule: 'include_all_tied', red: ['1'], advanced: ['2', '3'] },
    {
      name: '7, tie 1=2 at the red line',
      size: 7,
      ties: [1, 2],
      rule: 'include_all_tied',
      red: ['1', '2'],
      advanced: ['3'],
    },
    {
      name: '7, tie 1=2 at the red line',
      size: 7,
      ties: [1, 2],
      rule: 'exclude_all_tied',
      red: [],
      advanced: ['1', '2', '3'],
    },
    {
      name: '7, tie 3=4 at the advanced line',
      size: 7,
      ties: [3, 4],
      rule: 'include_all_tied',
      red: ['1'],
      advanced: ['2', '3', '4'],
    },
    {
      name: '7, tie 3=4 at the advanced line',
      size: 7,
      ties: [3, 4],
      rule: 'exclude_all_tied',
      red: ['1'],
      advanced: ['2'],
    },
    {
      name: '7, tie 1..4 across both lines',
      size: 7,
      ties: [1, 2, 3, 4],
      rule: 'include_all_tied',
      red: ['1', '2', '3', '4'],
      advanced: [],
    },
    {
      name: '7, tie 1..4 across both lines',
      size: 7,
      ties: [1, 2, 3, 4],
      rule: 'exclude_all_tied',
      red: [],
      advanced: [],
    },
    // 20 windows: lines at 3 and 9.
    { name: '20, distinct', size: 20, rule: 'exclude_all_tied', red: range(1, 3), advanced: range(4, 9) },
    {
      name: '20, tie 3=4 at the red line',
      size: 20,
      ties: [3, 4],
      rule: 'include_all_tied',
      red: range(1, 4),
      advanced: range(5, 9),
    },
    {
      name: '20, tie 3=4 at the red line',
      size: 20,
      ties: [3, 4],
      rule: 'exclude_all_tied',
      red: range(1, 2),
      advanced: range(3, 9),
    },
    {
      name: '20, tie 9=10 at the advanced line',
      size: 20,
      ties: [9, 10],
      rule: 'include_all_tied',
      red: range(1, 3),
      advanced: range(4, 10),
    },
    {
      name: '20, tie 9=10 at the advanced line',
      size: 20,
      ties: [9, 10],
      rule: 'exclude_all_tied',
      red: range(1, 3),
      advanced: range(4, 8),
    },
    {
      name: '20, tie 2=3 inside the red flags: no boundary',
      size: 20,
      ties: [2, 3],
      rule: 'exclude_all_tied',
      red: range(1, 3),
      advanced: range(4, 9),
    },
    // 40 windows: lines at 6 and 18; three-way ties.
    { name: '40, distinct', size: 40, rule: 'include_all_tied', red: range(1, 6), advanced: range(7, 18) },
    {
      name: '40, tie 6=7=8 at the red line',
      size: 40,
      ties: [6, 7, 8],
      rule: 'include_all_tied',
      red: range(1, 8),
      advanced: range(9, 18),
    },
    {
      name: '40, tie 6=7=8 at the red line',
      size: 40,
      ties: [6, 7, 8],
      rule: 'exclude_all_tied',
      red: range(1, 5),
      advanced: range(6, 18),
    },
    {
      name: '40, tie 17=18=19 at the advanced line',
      size: 40,
      ties: [17, 18, 19],
      rule: 'include_all_tied',
      red: range(1, 6),
      advanced: range(7, 19),
    },
    {
      name: '40, tie 17=18=19 at the advanced line',
      size: 40,
      ties: [17, 18, 19],
      rule: 'exclude_all_tied',
      red: range(1, 6),
      advanced: range(7, 16),
    },
  ];
  it.each(table)('$name, $rule → red $red, advanced $advanced', ({ size, ties, rule, rounding, red, advanced }) => {
    const list = group(scores(size, ties));
    const got = award(list, honours(rule, rounding));
    expect(got.red).toEqual(red);
    expect(got.advanced).toEqual(advanced);
    // Never by input order: any order of the input gives the same honours.
    const again = award(shuffled(list), honours(rule, rounding));
    expect([again.red, again.advanced]).toEqual([red, advanced]);
  });

  it('explains a tie at a boundary', () => {
    const { result } = award(group(scores(20, [3, 4])), honours('exclude_all_tied'));
    const red = result.honours.tiers[0]!;
    expect(red.tie).toEqual({ score: 98, windowIds: [windowId(3), windowId(4)], outcome: 'all_out' });
    expect(red.note).toBe(
      '15 % of 20 → 3 place(s) (round); 2 windows tied at 98 straddle the line: all out (exclude_all_tied): 2 awarded',
    );
    expect(result.honours.tiers[1]!.note).toBe('30 % of 20 → 6 place(s) (round): 7 awarded');
  });
});

describe('DOMAIN §5.7: disqualified windows keep score and rank; their places pass on', () => {
  const table: {
    name: string;
    size: number;
    ties?: number[];
    disqualified: Record<number, string[]>;
    rule: Honours['tieRule'];
    red: string[];
    advanced: string[];
  }[] = [
    {
      name: '7, the top window disqualified',
      size: 7,
      disqualified: { 1: ['CORRUPT_CONDUCT'] },
      rule: 'exclude_all_tied',
      red: ['2'],
      advanced: ['3', '4'],
    },
    {
      name: '7, an advanced window disqualified',
      size: 7,
      disqualified: { 3: ['SELF_SET_FEES'] },
      rule: 'exclude_all_tied',
      red: ['1'],
      advanced: ['2', '4'],
    },
    {
      name: '7, a window below the lines disqualified: no change',
      size: 7,
      disqualified: { 6: ['COMPLAINT_OR_MEDIA'] },
      rule: 'exclude_all_tied',
      red: ['1'],
      advanced: ['2', '3'],
    },
    {
      name: '20, one of a tie at the red line disqualified: tie gone',
      size: 20,
      ties: [3, 4],
      disqualified: { 4: ['DUTY_NEGLECT'] },
      rule: 'exclude_all_tied',
      red: ['1', '2', '3'],
      advanced: ['5', '6', '7', '8', '9', '10'],
    },
    {
      name: '3, all disqualified',
      size: 3,
      disqualified: { 1: ['X'], 2: ['X'], 3: ['X'] },
      rule: 'include_all_tied',
      red: [],
      advanced: [],
    },
    {
      name: '1, the only window disqualified (ceil would give it the red flag)',
      size: 1,
      disqualified: { 1: ['DUTY_NEGLECT'] },
      rule: 'include_all_tied',
      red: [],
      advanced: [],
    },
  ];
  it.each(table)('$name', ({ size, ties, disqualified, rule, red, advanced }) => {
    const list = group(scores(size, ties));
    const got = award(list, { ...honours(rule), rounding: size === 1 ? 'ceil' : 'round' }, disqualified);
    expect(got.red).toEqual(red);
    expect(got.advanced).toEqual(advanced);
    for (const n of Object.keys(disqualified)) {
      const entry = got.result.entries.find((e) => e.windowId === windowId(Number(n)))!;
      expect(entry.honour).toBeNull();
      expect(entry.score).toBe(list[Number(n) - 1]!.score);
      expect(entry.disqualified).toEqual(disqualified[Number(n)]);
    }
    expect(got.result.honours.skipped.map((s) => s.windowId)).toEqual(
      Object.keys(disqualified).map((n) => windowId(Number(n))),
    );
  });

  it('the disqualified top window keeps rank 1', () => {
    const { result } = award(group(scores(7)), honours('exclude_all_tied'), { 1: ['CORRUPT_CONDUCT'] });
    expect(result.entries.slice(0, 2).map((e) => [e.number, e.rank, e.honour])).toEqual([
      ['1', 1, null],
      ['2', 2, 'red_flag'],
    ]);
  });
});

describe('DOMAIN §5.5: ranking — competition ranking, window number for display only', () => {
  const table: { name: string; scores: number[]; order: string[]; ranks: number[] }[] = [
    { name: 'distinct', scores: [90, 95, 80], order: ['2', '1', '3'], ranks: [1, 2, 3] },
    {
      name: 'a tie shares a rank, the next skips (1, 2, 2, 4)',
      scores: [99, 95, 95, 90],
      order: ['1', '2', '3', '4'],
      ranks: [1, 2, 2, 4],
    },
    {
      name: 'ties listed by window number, natural order',
      scores: [95, 95, 95, 99, 95, 95, 95, 95, 95, 95],
      order: ['4', '1', '2', '3', '5', '6', '7', '8', '9', '10'],
      ranks: [1, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    },
    { name: 'half points separate', scores: [94.5, 95, 94.5], order: ['2', '1', '3'], ranks: [1, 2, 2] },
    { name: 'one window', scores: [60], order: ['1'], ranks: [1] },
  ];
  it.each(table)('$name', ({ scores: s, order, ranks }) => {
    const list = group(s);
    for (const input of [list, shuffled(list), [...list].reverse()]) {
      const ranked = rankGroup(input);
      expect(ranked.map((r) => r.number)).toEqual(order);
      expect(ranked.map((r) => r.rank)).toEqual(ranks);
    }
  });
});
