import { describe, expect, it } from 'vitest';
import {
  mayPatrolFloor,
  mayRecordOn,
  patrolFloorsOn,
  patrolsOn,
  type DutyRoster,
  type Patroller,
} from '../../../src/domain';

const F1 = '44444444-4444-4444-8444-444444444441';
const F2 = '44444444-4444-4444-8444-444444444442';
const duty1: Patroller = { id: '11111111-1111-4111-8111-111111111111', role: 'duty_leader', floorId: F1 };
const duty2: Patroller = { id: '22222222-2222-4222-8222-222222222222', role: 'duty_leader', floorId: F2 };
const head: Patroller = { id: '33333333-3333-4333-8333-333333333333', role: 'window_head', floorId: F1 };
const standIn: Patroller = { id: '55555555-5555-4555-8555-555555555555', role: 'window_head', floorId: null };
const staff: Patroller = { id: '66666666-6666-4666-8666-666666666666', role: 'staff', floorId: F1 };
const section: Patroller = { id: '77777777-7777-4777-8777-777777777777', role: 'supervision', floorId: null };

// March 2026: head1 is floor 1's duty officer on the 2nd and 3rd, with a stand-in on the 3rd; duty2 has floor 1 on the 4th.
const roster: DutyRoster[] = [
  {
    id: 'a0000000-0000-4000-8000-000000000001',
    month: '2026-03',
    floorId: F1,
    userId: head.id,
    userName: '负责人',
    dates: ['2026-03-02', '2026-03-03'],
    standIns: [{ date: '2026-03-03', userId: standIn.id, userName: '替班' }],
  },
  {
    id: 'a0000000-0000-4000-8000-000000000002',
    month: '2026-03',
    floorId: F2,
    userId: duty2.id,
    userName: '吴',
    dates: ['2026-03-04'],
    standIns: [],
  },
];

describe('who patrols which floor (DOMAIN §2)', () => {
  it('a window head patrols by the roster: his floor on his days, not on others; a stand-in on the day named', () => {
    expect(patrolFloorsOn(head, roster, '2026-03-02')).toEqual([F1]);
    expect(patrolFloorsOn(head, roster, '2026-03-03')).toEqual([]); // the stand-in has that day
    expect(patrolFloorsOn(standIn, roster, '2026-03-03')).toEqual([F1]);
    expect(patrolFloorsOn(head, roster, '2026-03-05')).toEqual([]);
    expect(mayPatrolFloor(head, roster, F2, '2026-03-02')).toBe(false);
    expect(patrolsOn(head, roster, '2026-03-02')).toBe(true);
    expect(patrolsOn(head, roster, '2026-04-02')).toBe(false);
  });

  it('a floor duty leader: the roster when it names him that day, else his own floor', () => {
    expect(patrolFloorsOn(duty2, roster, '2026-03-04')).toEqual([F2]);
    expect(patrolFloorsOn(duty2, roster, '2026-03-05')).toEqual([F2]);
    expect(mayPatrolFloor(duty2, roster, F1, '2026-03-02')).toBe(false); // duty2 started floor-1 rounds: refused now
    expect(mayPatrolFloor(duty1, roster, F1, '2026-03-02')).toBe(true);
    expect(patrolFloorsOn({ ...duty1, floorId: null }, roster, '2026-03-02')).toEqual([]);
  });

  it('the supervision section walks any floor; staff never', () => {
    expect(patrolFloorsOn(section, roster, '2026-03-02')).toBe('all');
    expect(mayPatrolFloor(section, roster, F2, '2026-03-09')).toBe(true);
    expect(patrolsOn(staff, roster, '2026-03-02')).toBe(false);
  });

  it('recording: by role for duty leaders and the section; a window head only on his rostered floor and day', () => {
    expect(mayRecordOn(duty1, roster, F2, '2026-03-09')).toBe(true);
    expect(mayRecordOn(section, roster, F2, '2026-03-09')).toBe(true);
    expect(mayRecordOn(head, roster, F1, '2026-03-02')).toBe(true);
    expect(mayRecordOn(head, roster, F2, '2026-03-02')).toBe(false);
    expect(mayRecordOn(head, roster, F1, '2026-03-05')).toBe(false);
    expect(mayRecordOn(staff, roster, F1, '2026-03-02')).toBe(false);
  });
});
