import { describe, expect, it } from 'vitest';
import {
  DutyRosterInputSchema,
  DutyRosterPatchSchema,
  daysOfMonth,
  overlappingDays,
  rosterDays,
} from '../../../src/domain';

const U1 = '00000000-0000-4000-8000-000000000001';
const U2 = '00000000-0000-4000-8000-000000000002';
const F = '00000000-0000-4000-8000-0000000000f1';

describe('duty roster input', () => {
  it('days of a month, leap years included; an empty list covers the hall working days (Mon–Fri)', () => {
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(daysOfMonth('2027-02').at(-1)).toBe('2027-02-28');
    expect(rosterDays('2026-04', [])).toHaveLength(22); // April 2026: 30 days, 22 of them Mon–Fri
    expect(rosterDays('2026-04', []).slice(0, 3)).toEqual(['2026-04-01', '2026-04-02', '2026-04-03']); // Sat 4th, Sun 5th left out
    expect(rosterDays('2026-04', [])).not.toContain('2026-04-04');
    expect(rosterDays('2026-04', ['2026-04-03', '2026-04-01'])).toEqual(['2026-04-01', '2026-04-03']);
  });

  it('overlap of two entries of a floor', () => {
    expect(overlappingDays('2026-04', ['2026-04-01', '2026-04-02'], ['2026-04-02', '2026-04-03'])).toEqual([
      '2026-04-02',
    ]);
    expect(overlappingDays('2026-04', ['2026-04-01'], ['2026-04-02'])).toEqual([]);
    expect(overlappingDays('2026-04', [], ['2026-04-09'])).toEqual(['2026-04-09']);
    // A weekend day listed by one entry does not clash with an entry on working days only.
    expect(overlappingDays('2026-04', [], ['2026-04-04', '2026-04-05'])).toEqual([]);
  });

  it('accepts a valid entry (defaults: working days, no stand-ins)', () => {
    expect(DutyRosterInputSchema.parse({ month: '2026-04', floorId: F, userId: U1 })).toEqual({
      month: '2026-04',
      floorId: F,
      userId: U1,
      dates: [],
      standIns: [],
    });
    const ok = DutyRosterInputSchema.safeParse({
      month: '2026-04',
      floorId: F,
      userId: U1,
      dates: ['2026-04-01'],
      standIns: [{ date: '2026-04-01', userId: U2 }],
    });
    expect(ok.success).toBe(true);
  });

  it('refuses dates outside the month, a day twice, stand-ins off duty, twice a day or for oneself', () => {
    const issues = (v: object) => {
      const r = DutyRosterInputSchema.safeParse({ month: '2026-04', floorId: F, userId: U1, ...v });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({ dates: ['2026-05-01'] })).toEqual(['2026-05-01 is not a day of 2026-04']);
    expect(issues({ dates: ['2026-04-31'] })).toEqual(['2026-04-31 is not a day of 2026-04']);
    expect(issues({ dates: ['2026-04-02', '2026-04-02'] })).toEqual(['2026-04-02 is listed twice']);
    expect(issues({ dates: ['2026-04-02'], standIns: [{ date: '2026-04-03', userId: U2 }] })).toEqual([
      '2026-04-03 is not a day of duty of this entry',
    ]);
    expect(
      issues({
        standIns: [
          { date: '2026-04-03', userId: U2 },
          { date: '2026-04-03', userId: U2 },
        ],
      }),
    ).toEqual(['two stand-ins on 2026-04-03']);
    expect(issues({ standIns: [{ date: '2026-04-03', userId: U1 }] })).toEqual([
      'the duty officer cannot stand in for himself',
    ]);
    expect(DutyRosterPatchSchema.safeParse({}).success).toBe(false);
  });
});
