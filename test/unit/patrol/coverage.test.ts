import { describe, expect, it } from 'vitest';
import {
  dutyDays,
  dutyOfficerOn,
  isHallWorkingDay,
  patrolCoverageOf,
  rosterDays,
  windowsNeverChecked,
  type DutyRoster,
} from '../../../src/domain';

const F1 = 'f1';
const roster: DutyRoster[] = [
  {
    id: 'r1',
    month: '2026-03',
    floorId: F1,
    userId: 'u1',
    userName: '甲',
    dates: ['2026-03-02', '2026-03-03', '2026-03-04'],
    standIns: [{ date: '2026-03-04', userId: 'u2', userName: '乙' }],
  },
];
const round = (leaderId: string, day: string, slot: number, finished = true) => ({
  floorId: F1,
  leaderId,
  day,
  slot,
  finished,
});

describe('patrol coverage', () => {
  it('duty days: the listed dates, or the weekdays of the month, up to a day', () => {
    expect(dutyDays('2026-03', { dates: [] })).toHaveLength(22); // March 2026: 22 weekdays
    expect(dutyDays('2026-03', { dates: [] }, '2026-03-03')).toEqual(['2026-03-02', '2026-03-03']);
    expect(dutyDays('2026-03', { dates: ['2026-03-07'] })).toEqual(['2026-03-07']);
  });

  it('a roster entry without dates: the roster, the phone and coverage agree on the hall working days', () => {
    const everyWorkingDay: DutyRoster = {
      id: 'r2',
      month: '2026-03',
      floorId: F1,
      userId: 'u1',
      userName: '甲',
      dates: [],
      standIns: [],
    };
    expect(isHallWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(isHallWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(isHallWorkingDay('2026-03-08')).toBe(false); // Sunday
    // Who is on duty (roster, phone) on a Saturday: nobody; so coverage requires no round then.
    expect(dutyOfficerOn([everyWorkingDay], F1, '2026-03-07')).toBeNull();
    expect(dutyOfficerOn([everyWorkingDay], F1, '2026-03-09')).toMatchObject({ userId: 'u1' });
    const onDuty = rosterDays('2026-03', []).filter((d) => dutyOfficerOn([everyWorkingDay], F1, d));
    expect(dutyDays('2026-03', everyWorkingDay)).toEqual(onDuty);
    const { days } = patrolCoverageOf('2026-03', [everyWorkingDay], [], 2);
    expect(days.map((d) => d.day)).toEqual(rosterDays('2026-03', []));
    expect(days.map((d) => d.day)).not.toContain('2026-03-07');
    // Listed dates are duty days whatever the weekday.
    expect(dutyOfficerOn([{ ...everyWorkingDay, dates: ['2026-03-07'] }], F1, '2026-03-07')).toMatchObject({
      userId: 'u1',
    });
  });

  it('done vs required per officer and day; the stand-in answers for their day; unfinished and repeated slots do not count', () => {
    const { days, flags } = patrolCoverageOf(
      '2026-03',
      roster,
      [
        round('u1', '2026-03-02', 0),
        round('u1', '2026-03-02', 1),
        round('u1', '2026-03-02', 1),
        round('u1', '2026-03-03', 0),
        round('u1', '2026-03-03', 1, false),
        round('u2', '2026-03-04', 0),
        round('u2', '2026-03-04', 1),
      ],
      2,
    );
    expect(days.map((d) => [d.day, d.userId, d.standIn, d.done, d.required])).toEqual([
      ['2026-03-02', 'u1', false, 2, 2],
      ['2026-03-03', 'u1', false, 1, 2],
      ['2026-03-04', 'u2', true, 2, 2],
    ]);
    expect(flags).toEqual([
      { rosterId: 'r1', floorId: F1, userId: 'u1', userName: '甲', missedRounds: 1, daysShort: ['2026-03-03'] },
    ]);
  });

  it('no flag when every round is done; days after `until` are not counted yet', () => {
    const { flags, days } = patrolCoverageOf(
      '2026-03',
      roster,
      [round('u1', '2026-03-02', 0), round('u1', '2026-03-02', 1)],
      2,
      '2026-03-02',
    );
    expect(days).toHaveLength(1);
    expect(flags).toEqual([]);
  });

  it('windows never checked', () => {
    expect(windowsNeverChecked([{ id: 'a' }, { id: 'b' }, { id: 'c' }], ['b', 'b']).map((w) => w.id)).toEqual([
      'a',
      'c',
    ]);
  });
});
