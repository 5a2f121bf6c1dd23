import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  SchemeSchema,
  dayRounds,
  dueReminder,
  dutyFloorsOf,
  dutyOfficerOn,
  formatSlotTime,
  hallIso,
  roundSlots,
  roundStatus,
  slotForNow,
  type DutyRoster,
} from '../../../src/domain';

const F1 = '00000000-0000-4000-8000-000000000001';
const F2 = '00000000-0000-4000-8000-000000000002';
const U1 = '00000000-0000-4000-8000-0000000000a1';
const U2 = '00000000-0000-4000-8000-0000000000a2';
const at = (h: number, m = 0) => h * 60 + m;

describe('round slots', () => {
  it('default scheme: morning 08:30–11:30 and afternoon 14:00–17:30', () => {
    const slots = roundSlots(DEFAULT_SCHEME);
    expect(slots.map(formatSlotTime)).toEqual(['08:30–11:30', '14:00–17:30']);
    expect(slots.map((s) => s.slot)).toEqual([0, 1]);
  });

  it('a scheme saved before windows existed still parses (backwards compatible)', () => {
    const old = { ...DEFAULT_SCHEME, patrol: { roundsPerDay: 2 } };
    expect(SchemeSchema.safeParse(old).success).toBe(true);
  });

  it('uses the scheme windows when they match roundsPerDay, and validates them', () => {
    const scheme = SchemeSchema.parse({
      ...DEFAULT_SCHEME,
      patrol: {
        roundsPerDay: 3,
        windows: [
          { name: { zh: '早', en: 'Early' }, from: '08:00', to: '10:00' },
          { name: { zh: '中', en: 'Mid' }, from: '10:30', to: '12:00' },
          { name: { zh: '晚', en: 'Late' }, from: '15:00', to: '17:00' },
        ],
      },
    });
    expect(roundSlots(scheme).map(formatSlotTime)).toEqual(['08:00–10:00', '10:30–12:00', '15:00–17:00']);
    const bad = {
      ...DEFAULT_SCHEME,
      patrol: { roundsPerDay: 1, windows: [{ name: { zh: 'x', en: 'x' }, from: '12:00', to: '09:00' }] },
    };
    expect(SchemeSchema.safeParse(bad).success).toBe(false);
  });

  it('splits 08:30–17:30 evenly when windows are missing or do not match', () => {
    expect(roundSlots({ patrol: { roundsPerDay: 3 } }).map(formatSlotTime)).toEqual([
      '08:30–11:30',
      '11:30–14:30',
      '14:30–17:30',
    ]);
    expect(roundSlots({ patrol: { roundsPerDay: 1 } }).map(formatSlotTime)).toEqual(['08:30–17:30']);
  });

  it('slotForNow: the current window, else the next, else the last', () => {
    const slots = roundSlots(DEFAULT_SCHEME);
    expect(slotForNow(slots, at(7))).toBe(0);
    expect(slotForNow(slots, at(9))).toBe(0);
    expect(slotForNow(slots, at(12))).toBe(1);
    expect(slotForNow(slots, at(15))).toBe(1);
    expect(slotForNow(slots, at(19))).toBe(1);
  });
});

describe('round status and reminders', () => {
  const slots = roundSlots(DEFAULT_SCHEME);
  const day = '2026-03-02';
  const round = (slot: number, finished: boolean, extra: Partial<{ floorId: string; day: string }> = {}) => ({
    id: `r${slot}${finished}`,
    floorId: F1,
    day,
    slot,
    startedAt: `${day}T09:00:00+08:00`,
    finishedAt: finished ? `${day}T09:40:00+08:00` : null,
    ...extra,
  });

  it('status: not started, in progress, done', () => {
    expect(roundStatus([])).toBe('not_started');
    expect(roundStatus([round(0, false)])).toBe('in_progress');
    expect(roundStatus([round(0, false), round(0, true)])).toBe('done');
  });

  it('before the window nothing is due; inside it an unstarted round is due', () => {
    expect(dueReminder(dayRounds(slots, [], F1, day, at(8, 29)))).toBeNull();
    const due = dueReminder(dayRounds(slots, [], F1, day, at(8, 30)));
    expect(due?.slot.slot).toBe(0);
  });

  it('a started round is not due; a finished one is done', () => {
    expect(dueReminder(dayRounds(slots, [round(0, false)], F1, day, at(9)))).toBeNull();
    const states = dayRounds(slots, [round(0, true)], F1, day, at(15));
    expect(states.map((s) => s.status)).toEqual(['done', 'not_started']);
    expect(dueReminder(states)?.slot.slot).toBe(1);
  });

  it('after the window an unfinished round is missed, not due', () => {
    const states = dayRounds(slots, [round(1, false)], F1, day, at(18));
    expect(states.map((s) => [s.missed, s.due])).toEqual([
      [true, false],
      [true, false],
    ]);
    expect(dueReminder(states)).toBeNull();
  });

  it('rounds of other floors and days do not count', () => {
    const states = dayRounds(
      slots,
      [round(0, true, { floorId: F2 }), round(0, true, { day: '2026-03-01' })],
      F1,
      day,
      at(9),
    );
    expect(states[0]!.status).toBe('not_started');
    expect(states[0]!.due).toBe(true);
  });

  it('hallIso keeps the hall day in the string, whatever the device zone', () => {
    const d = new Date('2026-03-02T01:05:07Z');
    expect(hallIso(d, 'Asia/Shanghai').slice(0, 19)).toBe('2026-03-02T09:05:07');
    expect(Date.parse(hallIso(d, 'Asia/Shanghai'))).toBe(d.getTime());
  });
});

describe('duty roster', () => {
  const roster: DutyRoster[] = [
    {
      id: 'a',
      month: '2026-03',
      floorId: F1,
      userId: U1,
      userName: '周建华',
      dates: [],
      standIns: [{ date: '2026-03-05', userId: U2, userName: '吴丽萍' }],
    },
    {
      id: 'b',
      month: '2026-03',
      floorId: F2,
      userId: U2,
      userName: '吴丽萍',
      dates: ['2026-03-02', '2026-03-03'],
      standIns: [],
    },
  ];
  it('the officer of the month, the stand-in on their day, nobody off the listed dates', () => {
    expect(dutyOfficerOn(roster, F1, '2026-03-02')).toMatchObject({ userId: U1, standIn: false });
    expect(dutyOfficerOn(roster, F1, '2026-03-05')).toMatchObject({ userId: U2, standIn: true });
    expect(dutyOfficerOn(roster, F2, '2026-03-04')).toBeNull();
    expect(dutyOfficerOn(roster, F1, '2026-04-01')).toBeNull();
  });
  it('floors a user patrols on a day', () => {
    expect(dutyFloorsOf(roster, U2, '2026-03-02')).toEqual([F2]);
    expect(dutyFloorsOf(roster, U2, '2026-03-05')).toEqual([F1]);
    expect(dutyFloorsOf(roster, U1, '2026-03-05')).toEqual([]);
  });
});
