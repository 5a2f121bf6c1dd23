import { describe, expect, it } from 'vitest';
import {
  actorFromProfile,
  decideStep,
  inboxOf,
  leaveProgress,
  nameSubstitute,
  outingTally,
  outingWarnings,
  requestRevoke,
  type LeaveRequest,
} from '../../../src/domain';
import { A, B, dept, head, hd, leader, request, rules, SOLO, staffA, staffB, uid, W1, W2, window } from './fixtures';

const SHANGHAI = 'Asia/Shanghai';

const W = window(W2);
const windows = [W, window(W1)];
const at = '2026-03-01T10:00:00+08:00';
const must = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('approver inbox', () => {
  const three = request({ type: 'sick', from: hd('2026-03-02', 'am'), to: hd('2026-03-04', 'pm') });
  it('each approver sees the step that waits for them, in turn', () => {
    const input = (l: LeaveRequest, subs = []) => ({ leaves: [l], substitutes: subs, windows, rules });
    expect(inboxOf(head, input(three))).toContainEqual({
      kind: 'decide',
      leaveId: three.id,
      step: 0,
      role: 'window_head',
    });
    expect(inboxOf(dept, input(three)).map((i) => i.kind)).toEqual(['arrange_substitute']); // not their step yet
    expect(inboxOf(staffA, input(three))).toEqual([]);
    const afterHead = must(
      decideStep(three, { step: 0, decision: 'approve', comment: '', decidedAt: at }, head, W, null, rules),
    );
    expect(inboxOf(dept, input(afterHead))).toContainEqual({
      kind: 'decide',
      leaveId: three.id,
      step: 1,
      role: 'dept_leader',
    });
    expect(inboxOf(leader, input(afterHead))).toEqual([]);
  });
  it('a named substitute waits for confirmation by the head, the department or the substitute', () => {
    const sub = must(
      nameSubstitute(
        three,
        { id: uid(990), substituteStaffId: uid(77), substituteName: '替岗', substitutePhone: null, at },
        staffA,
        W,
      ),
    );
    const input = { leaves: [{ ...three, substituteId: sub.id }], substitutes: [sub], windows, rules };
    expect(inboxOf(head, input)).toContainEqual({
      kind: 'confirm_substitute',
      leaveId: three.id,
      substituteId: sub.id,
    });
    expect(inboxOf({ ...staffB, staffId: uid(77), windowId: uid(78) }, input)).toEqual([
      { kind: 'confirm_substitute', leaveId: three.id, substituteId: sub.id },
    ]);
    expect(inboxOf(staffA, input)).toEqual([]);
  });
  it('a revocation waits for an approver of that request', () => {
    const approved = must(
      decideStep(request(), { step: 0, decision: 'approve', comment: '', decidedAt: at }, head, W, null, rules),
    );
    const asked = must(requestRevoke(approved, staffA, '不用请了', at));
    expect(inboxOf(head, { leaves: [asked], substitutes: [], windows, rules })).toEqual([
      { kind: 'answer_revoke', leaveId: asked.id },
    ]);
  });
});

describe('requester progress', () => {
  it('shows each step, the substitute, the filing and the return', () => {
    const three = request({ type: 'sick', from: hd('2026-03-02', 'am'), to: hd('2026-03-04', 'pm') });
    const after = must(
      decideStep(three, { step: 0, decision: 'approve', comment: '同意', decidedAt: at }, head, W, null, rules),
    );
    expect(leaveProgress(after, null, rules).map((l) => [l.label.en, l.state, l.by])).toEqual([
      ['Window shift lead', 'done', '班长'],
      ['Department leader', 'current', null],
      ['Center leader', 'waiting', null],
      ['Substitute', 'waiting', null],
      ['Filed with the supervision section', 'waiting', null],
      ['Closed on return', 'waiting', null],
    ]);
    const rejected = must(
      decideStep(after, { step: 1, decision: 'reject', comment: '人手不足', decidedAt: at }, dept, W, null, rules),
    );
    expect(leaveProgress(rejected, null, rules).map((l) => l.state)).toEqual([
      'done',
      'rejected',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });
});

describe('outing warnings', () => {
  it('a one-person window, or a colleague away, leaves the window unattended', () => {
    const tally = outingTally([], SOLO, '2026-03', rules.outings, SHANGHAI);
    expect(outingWarnings({ staffId: SOLO, windowStaffIds: [SOLO], awayStaffIds: [], tally }).unattended).toBe(true);
    expect(outingWarnings({ staffId: A, windowStaffIds: [A, B], awayStaffIds: [], tally }).unattended).toBe(false);
    const away = outingWarnings({ staffId: A, windowStaffIds: [A, B], awayStaffIds: [B], tally });
    expect([away.unattended, away.messages.length]).toEqual([true, 2]);
  });
});

describe('actorFromProfile', () => {
  it('takes the department from the synced window', () => {
    const a = actorFromProfile(
      { id: uid(1), displayName: '孙卫民', role: 'dept_leader', staffId: null, windowId: W2 },
      windows,
    );
    expect(a).toEqual({
      id: uid(1),
      name: '孙卫民',
      role: 'dept_leader',
      staffId: null,
      windowId: W2,
      department: '公安局',
    });
    expect(
      actorFromProfile(
        { id: uid(2), displayName: '钱国栋', role: 'center_leader', staffId: null, windowId: null },
        windows,
      ).department,
    ).toBeNull();
  });
});
