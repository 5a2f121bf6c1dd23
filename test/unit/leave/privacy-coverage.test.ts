import { describe, expect, it } from 'vitest';
import {
  coverageCalendar,
  excuseWarning,
  expectedInputsFrom,
  expectedStaff,
  leaveAccess,
  onLeaveUntil,
  openOutings,
  overdueReturns,
  projectLeave,
  projectOuting,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../../src/domain';
import {
  A,
  B,
  actor,
  dept,
  duty,
  head,
  hd,
  leader,
  request,
  rules,
  SOLO,
  staffA,
  staffB,
  supervision,
  uid,
  W1,
  W2,
  window,
} from './fixtures';

const SHANGHAI = 'Asia/Shanghai';

const W = window(W2);

describe('privacy of leave (issue #4 point 9)', () => {
  const oneDay = request({ type: 'sick' }); // chain: window head only
  const threeDays = request({ type: 'sick', from: hd('2026-03-02', 'am'), to: hd('2026-03-04', 'pm') });
  it.each([
    ['the requester', staffA, 'full', 'full'],
    ['the window head (first approver)', head, 'full', 'full'],
    ['the department leader: approver of the 3-day leave only', dept, 'summary', 'full'],
    ['a center leader: approver of the 3-day leave only', leader, 'summary', 'full'],
    ['the supervision section', supervision, 'full', 'full'],
    ['a duty leader', duty, 'summary', 'summary'],
    ['a colleague of the same window', staffB, 'summary', 'summary'],
    ['staff of another window', actor('staff', { staffId: uid(50), windowId: uid(51) }), 'none', 'none'],
    [
      'a leader of another department',
      actor('dept_leader', { windowId: uid(51), department: '税务局' }),
      'none',
      'none',
    ],
    [
      'the head of another window',
      actor('window_head', { windowId: uid(51), department: '税务局' }),
      'summary',
      'summary',
    ],
  ] as const)('%s sees 1-day: %s, 3-day: %s', (_who, viewer, one, three) => {
    expect(leaveAccess(viewer, oneDay, W)).toBe(one);
    expect(leaveAccess(viewer, threeDays, W)).toBe(three);
  });
  it('a summary has no type, reason, documents or comments — only "on leave until …"', () => {
    const withCert = {
      ...oneDay,
      attachments: [
        {
          hash: 'a'.repeat(64),
          kind: 'certificate' as const,
          mime: 'image/jpeg' as const,
          addedAt: '2026-03-01T09:00:00+08:00',
          addedBy: uid(201),
        },
      ],
    };
    const row = projectLeave(duty, withCert, W)!;
    expect(row.redacted).toBe(true);
    const text = JSON.stringify(row);
    for (const secret of ['sick', '家中有事', 'a'.repeat(64), 'steps', 'reason']) expect(text).not.toContain(secret);
    expect(onLeaveUntil(row).zh).toBe('请假至3月2日下午');
    expect(onLeaveUntil(row).en).toBe('on leave until 2 Mar afternoon');
    expect(projectLeave(actor('staff', { staffId: uid(50), windowId: uid(51) }), oneDay, W)).toBeNull();
  });
  it('an outing purpose is for the person, their window head and supervision', () => {
    const o: Outing = {
      id: uid(1),
      staffId: A,
      windowId: W2,
      purpose: '医院复查',
      startedAt: '2026-03-02T09:00:00+08:00',
      expectedReturnAt: null,
      returnedAt: null,
      registeredBy: uid(201),
      registeredByName: '甲',
      redacted: false,
    };
    expect(projectOuting(head, o, W)!.purpose).toBe('医院复查');
    expect(projectOuting(duty, o, W)).toMatchObject({ purpose: null, redacted: true });
  });
});

describe('leave feeds the patrol screen (who is expected)', () => {
  const staff = [
    { id: A, name: '甲', windowId: W2, post: 'A' },
    { id: B, name: '乙', windowId: W2, post: 'B' },
  ];
  const leave: LeaveRequest = {
    ...request({ from: hd('2026-03-02', 'pm'), to: hd('2026-03-04', 'pm') }),
    status: 'approved',
  };
  const sub = {
    id: uid(800),
    leaveId: leave.id,
    windowId: W2,
    forStaffId: A,
    substituteStaffId: null,
    substituteName: '王替岗',
    status: 'confirmed',
    from: leave.from,
    to: leave.to,
  } as SubstituteArrangement;
  it('an approved leave excuses from its first half day; the substitute stands in at that window', () => {
    const inputs = expectedInputsFrom([leave], [], [sub], SHANGHAI);
    const morning = expectedStaff(W2, staff, '2026-03-02T10:00:00+08:00', inputs);
    expect(morning.map((p) => [p.name, p.state])).toEqual([
      ['甲', 'expected'],
      ['乙', 'expected'],
    ]);
    const afternoon = expectedStaff(W2, staff, '2026-03-02T14:00:00+08:00', inputs);
    expect(afternoon.map((p) => [p.name, p.state, p.substituteFor])).toEqual([
      ['甲', 'away', null],
      ['王替岗', 'expected', A],
      ['乙', 'expected', null],
    ]);
    expect(
      excuseWarning({ itemCode: 'OFF_POST', staffId: A, observedAt: '2026-03-04T16:00:00+08:00' }, inputs),
    ).not.toBeNull();
    expect(
      excuseWarning({ itemCode: 'OFF_POST', staffId: A, observedAt: '2026-03-05T09:00:00+08:00' }, inputs),
    ).toBeNull();
  });
  it('a pending leave excuses nothing; a named, unconfirmed substitute is not shown', () => {
    const inputs = expectedInputsFrom([{ ...leave, status: 'pending' }], [], [{ ...sub, status: 'named' }], SHANGHAI);
    expect(expectedStaff(W2, staff, '2026-03-03T10:00:00+08:00', inputs).map((p) => p.state)).toEqual([
      'expected',
      'expected',
    ]);
  });
  it('a closed leave excuses only up to the return; redacted rows work the same', () => {
    const closed = { ...leave, status: 'closed' as const, until: hd('2026-03-03', 'am') };
    const summary = projectLeave(duty, closed, W)!;
    const inputs = expectedInputsFrom([summary], [], [], SHANGHAI);
    expect(expectedStaff(W2, staff, '2026-03-03T10:00:00+08:00', inputs)[0]!.state).toBe('away');
    expect(expectedStaff(W2, staff, '2026-03-03T14:00:00+08:00', inputs)[0]!.state).toBe('expected');
  });
  it('an open outing shows until the person is back', () => {
    const o: Outing = {
      id: uid(2),
      staffId: B,
      windowId: W2,
      purpose: null,
      startedAt: '2026-03-02T09:00:00+08:00',
      expectedReturnAt: null,
      returnedAt: null,
      registeredBy: uid(202),
      registeredByName: '乙',
      redacted: true,
    };
    const inputs = expectedInputsFrom([], [o], [], SHANGHAI);
    expect(expectedStaff(W2, staff, '2026-03-02T11:00:00+08:00', inputs)[1]).toMatchObject({
      state: 'away',
      absence: { kind: 'outing' },
    });
    expect(
      openOutings([o, { ...o, id: uid(3), returnedAt: '2026-03-02T10:00:00+08:00' }], W2).map((x) => x.id),
    ).toEqual([uid(2)]);
  });
});

describe('coverage calendar', () => {
  const staff = [
    { id: A, windowId: W2 },
    { id: B, windowId: W2 },
    { id: SOLO, windowId: W1 },
  ];
  it('shows who is away with the substitute, and windows at risk per half day', () => {
    const a: LeaveRequest = {
      ...request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-03', 'pm') }),
      status: 'approved',
      substituteRequired: true,
    };
    const solo: LeaveRequest = {
      ...request({
        staffId: SOLO,
        by: { ...staffA, staffId: SOLO, windowId: W1 },
        from: hd('2026-03-03', 'pm'),
        to: hd('2026-03-03', 'pm'),
      }),
      status: 'pending',
    };
    const sub = {
      id: uid(801),
      leaveId: a.id,
      windowId: W2,
      forStaffId: A,
      substituteName: '王替岗',
      status: 'confirmed',
      from: hd('2026-03-03', 'am'),
      to: a.to,
      badgeIssuedAt: null,
    } as SubstituteArrangement;
    const days = coverageCalendar({ month: '2026-03', staff, leaves: [a, solo], substitutes: [sub], rules });
    expect(days.map((d) => d.date).slice(0, 6)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-09',
    ]);
    const mon = days[0]!;
    expect(mon.away).toEqual([
      expect.objectContaining({
        staffId: A,
        halves: ['am', 'pm'],
        substitute: { id: sub.id, name: '王替岗', status: 'confirmed', badgeIssued: false },
      }),
    ]);
    // Monday the substitute has not started yet: a leave needing one without cover.
    expect(mon.atRisk).toEqual([
      { windowId: W2, halves: ['am', 'pm'], reason: 'substitute_missing', staffIds: [A], prospective: false },
    ]);
    const tue = days[1]!;
    expect(tue.atRisk).toEqual([
      { windowId: W1, halves: ['pm'], reason: 'unattended', staffIds: [SOLO], prospective: true },
    ]);
    expect(
      coverageCalendar({
        month: '2026-03',
        windowIds: [W1],
        staff,
        leaves: [a, solo],
        substitutes: [sub],
        rules,
      })[1]!.away.map((x) => x.staffId),
    ).toEqual([SOLO]);
  });
});

describe('overdue returns', () => {
  it('an approved leave past its end without 销假 is overdue, unless an extension is asked', () => {
    const l: LeaveRequest = {
      ...request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }),
      status: 'approved',
    };
    expect(overdueReturns([l], '2026-03-02T16:00:00+08:00', SHANGHAI)).toEqual([]);
    expect(overdueReturns([l], '2026-03-03T09:00:00+08:00', SHANGHAI).map((x) => x.id)).toEqual([l.id]);
    const ext = {
      ...request({ from: hd('2026-03-03', 'am'), to: hd('2026-03-03', 'pm'), extensionOf: l.id, leaves: [l] }),
      status: 'pending' as const,
    };
    expect(overdueReturns([l, ext], '2026-03-03T09:00:00+08:00', SHANGHAI)).toEqual([]);
    expect(overdueReturns([{ ...l, status: 'closed' }], '2026-03-03T09:00:00+08:00', SHANGHAI)).toEqual([]);
  });
});
