import { describe, expect, it } from 'vitest';
import {
  assessMonth,
  dutyNeglect,
  MonthInputSchema,
  type DutyPatrol,
  type MonthInput,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import {
  bonus,
  deduction,
  deductTo,
  hallWindow,
  monthInput,
  shuffled,
  staff,
  staffId,
  uid,
  windowId,
} from './fixtures';

/** 7 approval windows scoring 100, 99, …, 94 and 3 public-service windows 8–10 scoring 90, 92, 91. */
function hall(fields: Partial<MonthInput> = {}): MonthInput {
  const windows = [
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => hallWindow(n, 'approval')),
    ...[8, 9, 10].map((n) => hallWindow(n, 'public_service')),
  ];
  const target: Record<number, number> = { 1: 100, 2: 99, 3: 98, 4: 97, 5: 96, 6: 95, 7: 94, 8: 90, 9: 92, 10: 91 };
  return monthInput({
    windows,
    staff: windows.map((w, i) => staff(i + 1, i + 1)),
    deductions: windows.flatMap((_, i) => deductTo(target[i + 1]!, i + 1, i + 1)),
    ...fields,
  });
}

describe('assessMonth (DOMAIN §4–§5)', () => {
  it('scores, ranks and honours each group separately', () => {
    const result = assessMonth(hall());
    expect(result.month).toBe('2024-03');
    expect(result.schemeVersion).toBe(1);
    expect(Object.keys(result.groups)).toEqual(['approval', 'public_service']);
    expect(result.groups.approval!.entries.map((e) => [e.number, e.score, e.rank, e.honour])).toEqual([
      ['1', 100, 1, 'red_flag'],
      ['2', 99, 2, 'advanced'],
      ['3', 98, 3, 'advanced'],
      ['4', 97, 4, null],
      ['5', 96, 5, null],
      ['6', 95, 6, null],
      ['7', 94, 7, null],
    ]);
    // 3 windows: 0 red flags, 1 advanced.
    expect(result.groups.public_service!.entries.map((e) => [e.number, e.rank, e.honour])).toEqual([
      ['9', 1, 'advanced'],
      ['10', 2, null],
      ['8', 3, null],
    ]);
    expect(result.windows.map((w) => [w.number, w.rank, w.honour])).toEqual([
      ['1', 1, 'red_flag'],
      ['2', 2, 'advanced'],
      ['3', 3, 'advanced'],
      ['4', 4, null],
      ['5', 5, null],
      ['6', 6, null],
      ['7', 7, null],
      ['8', 3, null],
      ['9', 1, 'advanced'],
      ['10', 2, null],
    ]);
    expect(result.staff.map((s) => s.score)).toEqual([100, 99, 98, 97, 96, 95, 94, 90, 92, 91]);
  });

  it('is deterministic: any input order gives the same JSON, and the output survives JSON', () => {
    const input = hall({
      bonuses: [bonus({ bonusCode: 'MEDIA_CITY', points: 2, windowId: windowId(5), staffId: staffId(5) })],
    });
    const a = assessMonth(input);
    const b = assessMonth({
      ...input,
      windows: shuffled(input.windows),
      staff: shuffled(input.staff),
      deductions: shuffled(input.deductions),
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('a group not in scheme.rankingGroups is scored but not ranked', () => {
    const result = assessMonth(hall({ scheme: { ...DEFAULT_SCHEME, rankingGroups: ['approval'] } }));
    expect(Object.keys(result.groups)).toEqual(['approval']);
    expect(result.windows.find((w) => w.number === '9')).toMatchObject({ score: 92, rank: null, honour: null });
  });

  it('lists input that matches no window or staff member instead of dropping it silently', () => {
    const stray = deduction({ itemCode: 'EATING', windowId: uid(7, 1) });
    const outsider = deduction({ itemCode: 'EATING', windowId: windowId(2), staffId: uid(7, 2) });
    const result = assessMonth(hall({ deductions: [...hall().deductions, stray, outsider] }));
    expect(result.unmatched.map((u) => [u.id, u.reason])).toEqual(
      [
        [stray.id, 'unknown_window'],
        [outsider.id, 'unknown_staff'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    expect(result.windows.find((w) => w.number === '2')!.score).toBe(97); // 99 − 2: counted for the window
  });

  it('its fixture is valid input', () => {
    expect(MonthInputSchema.safeParse(hall()).success).toBe(true);
  });
});

describe('DOMAIN §5.7: disqualification (取消评优), each code, and duty neglect', () => {
  const codes = DEFAULT_SCHEME.disqualifications.map((d) => d.code);
  it('the default scheme has the four codes', () => {
    expect(codes).toEqual(['SELF_SET_FEES', 'CORRUPT_CONDUCT', 'COMPLAINT_OR_MEDIA', 'DUTY_NEGLECT']);
  });

  it.each(codes)('%s: the top window keeps score and rank, the red flag passes to window 2', (code) => {
    const result = assessMonth(hall({ disqualifications: [{ windowId: windowId(1), code, reason: 'r' }] }));
    const w1 = result.windows[0]!;
    expect([w1.score, w1.rank, w1.honour, w1.disqualifications]).toEqual([100, 1, null, [{ code, reason: 'r' }]]);
    expect(result.groups.approval!.entries.filter((e) => e.honour).map((e) => [e.number, e.honour])).toEqual([
      ['2', 'red_flag'],
      ['3', 'advanced'],
      ['4', 'advanced'],
    ]);
  });

  const patrols: { name: string; patrol: DutyPatrol; neglect: boolean; reason?: string }[] = [
    {
      name: 'all rounds walked',
      patrol: { windowId: windowId(1), roundsRequired: 44, roundsDone: 44 },
      neglect: false,
    },
    {
      name: 'more rounds than required',
      patrol: { windowId: windowId(1), roundsRequired: 44, roundsDone: 50 },
      neglect: false,
    },
    {
      name: 'one round missed',
      patrol: { windowId: windowId(1), roundsRequired: 44, roundsDone: 43 },
      neglect: true,
      reason: 'duty window patrolled 43 of 44 required rounds',
    },
    {
      name: 'no round walked',
      patrol: { windowId: windowId(1), roundsRequired: 44, roundsDone: 0 },
      neglect: true,
      reason: 'duty window patrolled 0 of 44 required rounds',
    },
  ];
  it.each(patrols)('duty patrols, $name → neglect $neglect', ({ patrol, neglect, reason }) => {
    expect(dutyNeglect(patrol)).toEqual(neglect ? { code: 'DUTY_NEGLECT', reason } : null);
    const result = assessMonth(hall({ dutyPatrols: [patrol] }));
    const w1 = result.windows[0]!;
    expect(w1.honour).toBe(neglect ? null : 'red_flag');
    expect(w1.disqualifications.map((d) => d.code)).toEqual(neglect ? ['DUTY_NEGLECT'] : []);
    expect(w1.score).toBe(100);
  });

  it('several disqualifications of one window are listed by code', () => {
    const result = assessMonth(
      hall({
        disqualifications: [
          { windowId: windowId(2), code: 'SELF_SET_FEES', reason: 'fees' },
          { windowId: windowId(2), code: 'COMPLAINT_OR_MEDIA', reason: 'tv' },
        ],
        dutyPatrols: [{ windowId: windowId(2), roundsRequired: 2, roundsDone: 1 }],
      }),
    );
    expect(result.windows[1]!.disqualifications.map((d) => d.code)).toEqual([
      'COMPLAINT_OR_MEDIA',
      'DUTY_NEGLECT',
      'SELF_SET_FEES',
    ]);
    expect(result.groups.approval!.honours.skipped).toEqual([
      { windowId: windowId(2), codes: ['COMPLAINT_OR_MEDIA', 'DUTY_NEGLECT', 'SELF_SET_FEES'] },
    ]);
  });
});
