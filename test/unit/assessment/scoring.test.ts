import { describe, expect, it } from 'vitest';
import { scoreWindow, type DeductionRecord } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME, type Scheme } from '../../../src/domain/scheme';
import { deduction, schemeWithPolicy, windowId } from './fixtures';

const W = windowId(1);
const d = (itemCode: string, quantity = 1) => deduction({ itemCode, quantity, windowId: W });

describe('DOMAIN §4: capped (扣完为止) vs no-floor (不设底线) categories', () => {
  const table: {
    name: string;
    scheme: Scheme;
    records: DeductionRecord[];
    score: number;
    discipline: { recorded: number; taken: number; cut: number };
  }[] = [
    {
      name: 'below the weight: all taken',
      scheme: DEFAULT_SCHEME,
      records: [d('GAMING', 5)],
      score: 75,
      discipline: { recorded: 25, taken: 25, cut: 0 },
    },
    {
      name: 'exactly the weight: all taken',
      scheme: DEFAULT_SCHEME,
      records: [d('GAMING', 6)],
      score: 70,
      discipline: { recorded: 30, taken: 30, cut: 0 },
    },
    {
      name: 'over the weight, capped: cut at 30',
      scheme: DEFAULT_SCHEME,
      records: [d('GAMING', 7)],
      score: 70,
      discipline: { recorded: 35, taken: 30, cut: 5 },
    },
    {
      name: 'over the weight, no floor: all taken',
      scheme: schemeWithPolicy('no_floor', 'DISCIPLINE'),
      records: [d('GAMING', 7)],
      score: 65,
      discipline: { recorded: 35, taken: 35, cut: 0 },
    },
    {
      name: 'capped category plus another category',
      scheme: DEFAULT_SCHEME,
      records: [d('GAMING', 7), d('NO_BADGE', 3)],
      score: 67,
      discipline: { recorded: 35, taken: 30, cut: 5 },
    },
    {
      name: 'half points over the weight, capped',
      scheme: DEFAULT_SCHEME,
      records: [d('CHATTING', 61)],
      score: 70,
      discipline: { recorded: 30.5, taken: 30, cut: 0.5 },
    },
    {
      name: 'half points over the weight, no floor',
      scheme: schemeWithPolicy('no_floor'),
      records: [d('CHATTING', 61)],
      score: 69.5,
      discipline: { recorded: 30.5, taken: 30.5, cut: 0 },
    },
    {
      name: 'no floor on the total either: below zero',
      scheme: schemeWithPolicy('no_floor'),
      records: [d('GAMING', 24)],
      score: -20,
      discipline: { recorded: 120, taken: 120, cut: 0 },
    },
    {
      name: 'every category capped: floor is base − Σ weights',
      scheme: DEFAULT_SCHEME,
      records: [d('GAMING', 24), d('COMPUTER_MISUSE', 20), d('OVERDUE_CASE', 40), d('QUARREL', 20)],
      score: 0,
      discipline: { recorded: 120, taken: 30, cut: 90 },
    },
  ];
  it.each(table)('$name → $score', ({ scheme, records, score, discipline }) => {
    const sheet = scoreWindow(scheme, W, { deductions: records, bonuses: [] });
    expect(sheet.score).toBe(score);
    const cat = sheet.categories.find((c) => c.code === 'DISCIPLINE')!;
    expect({ recorded: cat.recorded, taken: cat.taken, cut: cat.cut }).toEqual(discipline);
    expect(sheet.base - sheet.deductionsTaken + sheet.bonusGranted).toBe(score);
  });

  it('explains what the cap cut and why', () => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: [d('GAMING', 7)], bonuses: [] });
    const cat = sheet.categories[0]!;
    expect(cat.note).toBe('35 recorded exceeds the weight 30: capped (扣完为止), 5 not taken');
    expect(sheet.categories.slice(1).map((c) => c.note)).toEqual([null, null, null]);
    const noFloor = scoreWindow(schemeWithPolicy('no_floor'), W, { deductions: [d('GAMING', 7)], bonuses: [] });
    expect(noFloor.categories[0]!.note).toBe('35 recorded exceeds the weight 30: no floor (不设底线), all taken');
  });
});

describe('DOMAIN §4: item points × quantity per unit, exact to 0.5 steps', () => {
  const table: { name: string; records: DeductionRecord[]; taken: number; score: number }[] = [
    { name: 'occurrence: eating 2 × 3', records: [d('EATING', 3)], taken: 6, score: 94 },
    { name: 'half day: absence 1 × 3 half days', records: [d('ABSENCE', 3)], taken: 3, score: 97 },
    { name: 'case: overdue 1 × 4 cases', records: [d('OVERDUE_CASE', 4)], taken: 4, score: 96 },
    {
      name: 'seven half-point records',
      records: Array.from({ length: 7 }, () => d('CHATTING')),
      taken: 3.5,
      score: 96.5,
    },
    {
      name: 'half points across categories',
      records: [d('DRESS', 3), d('NOTICE_INCOMPLETE'), d('MEETING_LATE', 2), d('LATE_EARLY')],
      taken: 3.5,
      score: 96.5,
    },
  ];
  it.each(table)('$name → $score', ({ records, taken, score }) => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: records, bonuses: [] });
    expect(sheet.deductionsTaken).toBe(taken);
    expect(sheet.score).toBe(score);
  });

  it('does not drift: three 0.1-point records make 99.7, not 99.69999…', () => {
    const scheme: Scheme = {
      ...DEFAULT_SCHEME,
      items: [...DEFAULT_SCHEME.items, { ...DEFAULT_SCHEME.items[0]!, code: 'TENTH', points: 0.1 }],
    };
    const sheet = scoreWindow(scheme, W, { deductions: [d('TENTH'), d('TENTH'), d('TENTH')], bonuses: [] });
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3);
    expect(sheet.deductionsTaken).toBe(0.3);
    expect(sheet.score).toBe(99.7);
  });

  it("lists every record's contribution in scheme item order, then record id, in every category", () => {
    const records = [d('UNTIDY', 2), d('EATING'), d('OFF_POST', 2), d('EATING', 2)];
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: [...records].reverse(), bonuses: [] });
    expect(sheet.categories.map((c) => c.code)).toEqual(['DISCIPLINE', 'NETWORK', 'CASES', 'CONDUCT']);
    expect(sheet.categories[0]!.records.map((r) => [r.itemCode, r.points, r.quantity, r.amount])).toEqual([
      ['OFF_POST', 1, 2, 2],
      ['EATING', 2, 1, 2],
      ['EATING', 2, 2, 4],
    ]);
    expect(sheet.categories[0]!.records.map((r) => r.recordId)).toEqual([
      records[2]!.id,
      records[1]!.id,
      records[3]!.id,
    ]);
    expect(sheet.categories[3]!.records).toEqual([
      {
        recordId: records[0]!.id,
        itemCode: 'UNTIDY',
        points: 0.5,
        quantity: 2,
        unit: 'occurrence',
        amount: 1,
        source: 'patrol',
        staffId: null,
        substituteFor: null,
      },
    ]);
    expect(sheet.score).toBe(91);
  });

  it('does not count a record whose item is not in the scheme, and says so', () => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: [d('NOPE'), d('EATING')], bonuses: [] });
    expect(sheet.score).toBe(98);
    expect(sheet.notCounted.map((n) => [n.reason, n.note])).toEqual([
      ['unknown_item', 'item NOPE is not in scheme v1'],
    ]);
  });

  it('counts only records at the window', () => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, {
      deductions: [d('EATING'), deduction({ itemCode: 'GAMING', windowId: windowId(2) })],
      bonuses: [],
    });
    expect(sheet.score).toBe(98);
  });
});
