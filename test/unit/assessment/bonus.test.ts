import { describe, expect, it } from 'vitest';
import { scoreStaff, scoreWindow, type BonusRecord, type DeductionRecord } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { bonus, deduction, staffId, windowId } from './fixtures';

const W = windowId(1);

describe('DOMAIN §4 附加分: the bonus cap (20) and one event, one bonus (就高不就低)', () => {
  const table: {
    name: string;
    bonuses: BonusRecord[];
    deductions?: DeductionRecord[];
    recorded: number;
    granted: number;
    score: number;
    counted: boolean[];
  }[] = [
    {
      name: 'one bonus',
      bonuses: [bonus({ bonusCode: 'MEDIA_PROVINCE', points: 5 })],
      recorded: 5,
      granted: 5,
      score: 105,
      counted: [true],
    },
    {
      name: 'different events all count',
      bonuses: [
        bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'a' }),
        bonus({ bonusCode: 'INFO_ADOPTED', points: 1, eventId: 'b' }),
      ],
      recorded: 3,
      granted: 3,
      score: 103,
      counted: [true, true],
    },
    {
      name: 'same event: only the highest (province 5 over city 2)',
      bonuses: [
        bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'e' }),
        bonus({ bonusCode: 'MEDIA_PROVINCE', points: 5, eventId: 'e' }),
      ],
      recorded: 5,
      granted: 5,
      score: 105,
      counted: [false, true],
    },
    {
      name: 'same event, three records: one counts',
      bonuses: [
        bonus({ bonusCode: 'PUBLIC_THANKS', points: 3, eventId: 'e' }),
        bonus({ bonusCode: 'PUBLIC_THANKS', points: 1, eventId: 'e' }),
        bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'e' }),
      ],
      recorded: 3,
      granted: 3,
      score: 103,
      counted: [true, false, false],
    },
    {
      name: 'exactly the cap',
      bonuses: [1, 2, 3, 4].map((i) => bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, eventId: `g${i}` })),
      recorded: 20,
      granted: 20,
      score: 120,
      counted: [true, true, true, true],
    },
    {
      name: 'over the cap: capped at 20',
      bonuses: [1, 2, 3, 4, 5].map((i) => bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, eventId: `g${i}` })),
      recorded: 25,
      granted: 20,
      score: 120,
      counted: [true, true, true, true, true],
    },
    {
      name: 'one-event rule before the cap',
      bonuses: [
        ...[1, 2, 3].map((i) => bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, eventId: `g${i}` })),
        bonus({ bonusCode: 'MEDIA_PROVINCE', points: 5, eventId: 'g1' }),
        bonus({ bonusCode: 'FULL_ATTENDANCE', points: 2, eventId: 'f' }),
      ],
      recorded: 17,
      granted: 17,
      score: 117,
      counted: [true, true, true, false, true],
    },
    {
      name: 'deductions and bonus: 100 − 30 + 20',
      bonuses: [1, 2, 3, 4, 5].map((i) => bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, eventId: `g${i}` })),
      deductions: [deduction({ itemCode: 'GAMING', quantity: 8 })],
      recorded: 25,
      granted: 20,
      score: 90,
      counted: [true, true, true, true, true],
    },
    {
      name: 'half-point bonus from a range',
      bonuses: [bonus({ bonusCode: 'PUBLIC_THANKS', points: 1.5 })],
      deductions: [deduction({ itemCode: 'CHATTING' })],
      recorded: 1.5,
      granted: 1.5,
      score: 101,
      counted: [true],
    },
  ];
  it.each(table)('$name → $score', ({ bonuses, deductions, recorded, granted, score, counted }) => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: deductions ?? [], bonuses });
    expect(sheet.bonus.recorded).toBe(recorded);
    expect(sheet.bonus.granted).toBe(granted);
    expect(sheet.bonus.cut).toBe(recorded - granted);
    expect(sheet.score).toBe(score);
    const countedById = new Map(sheet.bonus.lines.map((l) => [l.recordId, l.counted]));
    expect(bonuses.map((b) => countedById.get(b.id))).toEqual(counted);
  });

  it('explains a dropped bonus and the cap', () => {
    const low = bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'news-1' });
    const high = bonus({ bonusCode: 'MEDIA_PROVINCE', points: 5, eventId: 'news-1' });
    const many = [1, 2, 3, 4].map((i) => bonus({ bonusCode: 'GOV_COMMENDATION', points: 5, eventId: `g${i}` }));
    const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: [], bonuses: [low, high, ...many] });
    const dropped = sheet.bonus.lines.find((l) => l.recordId === low.id)!;
    expect(dropped.counted).toBe(false);
    expect(dropped.note).toBe(
      `same event news-1 as record ${high.id} (5 points): one event earns one bonus, the highest (就高不就低)`,
    );
    expect(sheet.bonus.note).toBe('bonus 25 exceeds the cap 20: 5 not granted');
    // Stable order: event id, then points high to low.
    expect(sheet.bonus.lines.map((l) => l.eventId)).toEqual(['g1', 'g2', 'g3', 'g4', 'news-1', 'news-1']);
    expect(sheet.bonus.lines.slice(4).map((l) => l.points)).toEqual([5, 2]);
  });

  it('equal points in one event: one counts (the lowest record id), whatever the input order', () => {
    const a = bonus({ bonusCode: 'SUGGESTION_ADOPTED', points: 2, eventId: 'e' });
    const b = bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'e' });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const sheet = scoreWindow(DEFAULT_SCHEME, W, { deductions: [], bonuses: order });
      expect(sheet.bonus.lines.map((l) => [l.recordId, l.counted])).toEqual([
        [a.id, true],
        [b.id, false],
      ]);
      expect(sheet.score).toBe(102);
    }
  });

  const invalid: { name: string; record: BonusRecord; reason: string }[] = [
    {
      name: 'withdrawn',
      record: bonus({ bonusCode: 'MEDIA_CITY', points: 2, status: 'withdrawn' }),
      reason: 'withdrawn',
    },
    { name: 'unknown bonus code', record: bonus({ bonusCode: 'NOPE', points: 2 }), reason: 'unknown_bonus' },
    {
      name: 'points above the item range',
      record: bonus({ bonusCode: 'PUBLIC_THANKS', points: 4 }),
      reason: 'points_out_of_range',
    },
    {
      name: 'points below the item range',
      record: bonus({ bonusCode: 'MEDIA_PROVINCE', points: 2 }),
      reason: 'points_out_of_range',
    },
  ];
  it.each(invalid)('does not count a bonus record: $name', ({ record, reason }) => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, {
      deductions: [],
      bonuses: [record, bonus({ bonusCode: 'INFO_ADOPTED', points: 1 })],
    });
    expect(sheet.score).toBe(101);
    expect(sheet.notCounted.map((n) => [n.kind, n.reason])).toEqual([['bonus', reason]]);
  });

  it("a window-level bonus is the window's; a person's bonus counts for both, once per event", () => {
    const team = bonus({ bonusCode: 'PUBLIC_THANKS', points: 3, eventId: 'banner', staffId: null });
    const p1 = bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'news', staffId: staffId(1) });
    const p2 = bonus({ bonusCode: 'MEDIA_CITY', points: 2, eventId: 'news', staffId: staffId(2) });
    const records = { deductions: [], bonuses: [team, p1, p2] };
    expect(scoreWindow(DEFAULT_SCHEME, W, records).score).toBe(105);
    expect(scoreStaff(DEFAULT_SCHEME, staffId(1), records).score).toBe(102);
    expect(scoreStaff(DEFAULT_SCHEME, staffId(2), records).score).toBe(102);
  });
});
