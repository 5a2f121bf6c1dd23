import { describe, expect, it } from 'vitest';
import {
  NO_ABSENCES,
  absenceConversions,
  defaultStaffFor,
  excuseWarning,
  expectedStaff,
  type ExpectedInputs,
} from '../../../src/domain';

const W = 'w1';
const staff = [
  { id: 'b', name: '李四', windowId: W, post: 'B' },
  { id: 'a', name: '张三', windowId: W, post: 'A' },
  { id: 'x', name: '王五', windowId: 'w2', post: 'A' },
];
const inputs: ExpectedInputs = {
  leaves: [
    { id: 'L1', staffId: 'a', from: '2026-03-02T08:00:00+08:00', to: '2026-03-02T12:00:00+08:00', kind: 'personal' },
  ],
  outings: [{ id: 'O1', staffId: 'b', from: '2026-03-02T14:00:00+08:00', to: '2026-03-02T15:00:00+08:00' }],
  substitutes: [
    {
      id: 'S1',
      windowId: W,
      forStaffId: 'a',
      substituteName: '赵替',
      substituteStaffId: null,
      from: '2026-03-02T08:00:00+08:00',
      to: '2026-03-02T12:00:00+08:00',
    },
  ],
};

describe('expected staff', () => {
  it('with no absences: the window staff in post order, all expected', () => {
    const people = expectedStaff(W, staff, '2026-03-02T09:00:00+08:00', NO_ABSENCES);
    expect(people.map((p) => [p.name, p.state])).toEqual([
      ['张三', 'expected'],
      ['李四', 'expected'],
    ]);
    expect(defaultStaffFor(people)).toBeNull(); // two people: the window
  });

  it('leave covering the moment: away, the substitute expected in their place', () => {
    const people = expectedStaff(W, staff, '2026-03-02T09:00:00+08:00', inputs);
    expect(people.map((p) => [p.name, p.state, p.substituteFor])).toEqual([
      ['张三', 'away', null],
      ['赵替', 'expected', 'a'],
      ['李四', 'expected', null],
    ]);
    expect(people[0]!.absence?.kind).toBe('leave');
  });

  it('leave ends at its end (exclusive); outing covers the afternoon', () => {
    const noon = expectedStaff(W, staff, '2026-03-02T12:00:00+08:00', inputs);
    expect(noon.map((p) => p.state)).toEqual(['expected', 'expected']);
    const afternoon = expectedStaff(W, staff, '2026-03-02T14:30:00+08:00', inputs);
    expect(afternoon.map((p) => [p.name, p.state, p.absence?.kind ?? null])).toEqual([
      ['张三', 'expected', null],
      ['李四', 'away', 'outing'],
    ]);
    expect(defaultStaffFor(afternoon)).toBe('a'); // the only person at post
  });

  it('one-person window defaults to that person', () => {
    expect(defaultStaffFor(expectedStaff('w2', staff, '2026-03-02T09:00:00+08:00', NO_ABSENCES))).toBe('x');
  });
});

describe('excused warning', () => {
  it('OFF_POST for someone on approved leave or outing warns; others do not', () => {
    const w = excuseWarning({ itemCode: 'OFF_POST', staffId: 'a', observedAt: '2026-03-02T10:00:00+08:00' }, inputs);
    expect(w?.absence.kind).toBe('leave');
    expect(w?.message.zh).toContain('请假');
    expect(
      excuseWarning({ itemCode: 'OFF_POST', staffId: 'b', observedAt: '2026-03-02T14:10:00+08:00' }, inputs)?.absence
        .kind,
    ).toBe('outing');
    expect(
      excuseWarning({ itemCode: 'OFF_POST', staffId: 'b', observedAt: '2026-03-02T10:00:00+08:00' }, inputs),
    ).toBeNull();
    expect(
      excuseWarning({ itemCode: 'EATING', staffId: 'a', observedAt: '2026-03-02T10:00:00+08:00' }, inputs),
    ).toBeNull();
    expect(
      excuseWarning({ itemCode: 'OFF_POST', staffId: null, observedAt: '2026-03-02T10:00:00+08:00' }, inputs),
    ).toBeNull();
  });
});

describe('absence conversion', () => {
  const off = (
    id: string,
    staffId: string | null,
    time: string,
    extra: Partial<{ count: number; itemCode: string; status: 'active' | 'withdrawn'; day: string }> = {},
  ) => ({
    id,
    staffId,
    itemCode: extra.itemCode ?? 'OFF_POST',
    observedAt: `${extra.day ?? '2026-03-02'}T${time}:00+08:00`,
    count: extra.count ?? 1,
    status: extra.status ?? 'active',
  });

  it('one OFF_POST alone is not absence', () => {
    expect(absenceConversions([off('1', 'a', '09:00')])).toEqual([]);
  });

  it('twice the same day: half a day of absence, explained', () => {
    const [c, ...rest] = absenceConversions([off('1', 'a', '09:00'), off('2', 'a', '09:20')]);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      staffId: 'a',
      day: '2026-03-02',
      violationIds: ['1', '2'],
      reasons: ['twice'],
      minutes: 20,
      halfDays: 1,
      itemCode: 'ABSENCE',
    });
    expect(c!.explanation.zh).toContain('旷工半天');
  });

  it('a record with count 2 counts as two sightings', () => {
    expect(absenceConversions([off('1', 'a', '09:00', { count: 2 })])[0]?.reasons).toEqual(['twice']);
  });

  it('more than 30 minutes by the recorded times: both reasons', () => {
    const [c] = absenceConversions([off('2', 'a', '10:31'), off('1', 'a', '10:00')]);
    expect(c).toMatchObject({ reasons: ['twice', 'over_30_min'], minutes: 31, violationIds: ['1', '2'] });
    expect(c!.explanation.en).toContain('10:00 to 10:31');
    const [exact] = absenceConversions([off('1', 'a', '10:00'), off('2', 'a', '10:30')]);
    expect(exact!.reasons).toEqual(['twice']);
  });

  it('different days, other items, the window, withdrawn records do not combine', () => {
    expect(
      absenceConversions([
        off('1', 'a', '09:00'),
        off('2', 'a', '09:00', { day: '2026-03-03' }),
        off('3', 'a', '10:00', { itemCode: 'EATING' }),
        off('4', null, '10:00'),
        off('5', null, '11:00'),
        off('6', 'a', '11:00', { status: 'withdrawn' }),
      ]),
    ).toEqual([]);
  });

  it('per person and day', () => {
    const out = absenceConversions([
      off('1', 'b', '09:00'),
      off('2', 'b', '15:00'),
      off('3', 'a', '09:00'),
      off('4', 'a', '09:05'),
    ]);
    expect(out.map((c) => [c.staffId, c.reasons])).toEqual([
      ['a', ['twice']],
      ['b', ['twice', 'over_30_min']],
    ]);
  });
});
