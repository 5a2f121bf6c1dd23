import { describe, expect, it } from 'vitest';
import {
  answerRevoke,
  closeLeaveChain,
  confirmSubstitute,
  decideStep,
  issueBadge,
  leaveStage,
  nameSubstitute,
  requestRevoke,
  returnBadge,
  withdrawLeave,
  type LeaveRequest,
  type SubstituteArrangement,
} from '../../../src/domain';
import {
  dept,
  duty,
  hd,
  head,
  leader,
  leader2,
  request,
  rules,
  staffA,
  staffB,
  supervision,
  uid,
  W2,
  window,
} from './fixtures';

const W = window(W2);
const at = '2026-03-01T10:00:00+08:00';
const must = <T>(r: { ok: true; value: T } | { ok: false; code: string; reason: string }): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.reason}`);
  return r.value;
};
const approve = (
  l: LeaveRequest,
  step: number,
  who = [head, dept, leader][step]!,
  sub: SubstituteArrangement | null = null,
) => decideStep(l, { step, decision: 'approve', comment: '', decidedAt: at }, who, W, sub, rules);

/** A 3-day sick leave at the two-person window: chain head → dept → center, substitute required. */
const sick3 = () => request({ type: 'sick', from: hd('2026-03-02', 'am'), to: hd('2026-03-04', 'pm') });

describe('deciding steps', () => {
  it('goes step by step and waits for the substitute before it is approved', () => {
    let l = sick3();
    expect(l.steps.map((s) => s.role)).toEqual(['window_head', 'dept_leader', 'center_leader']);
    expect(l.substituteRequired).toBe(true);
    expect(leaveStage(l, null, rules)).toEqual({ kind: 'step', index: 0, role: 'window_head' });
    l = must(approve(l, 0));
    l = must(approve(l, 1));
    l = must(approve(l, 2));
    expect(l.status).toBe('pending');
    expect(leaveStage(l, null, rules)).toEqual({ kind: 'substitute', needs: 'name' });
    let sub = must(
      nameSubstitute(
        l,
        { id: uid(700), substituteStaffId: null, substituteName: '王替岗', substitutePhone: null, at },
        dept,
        W,
      ),
    );
    expect(leaveStage(l, sub, rules)).toEqual({ kind: 'substitute', needs: 'confirm' });
    sub = must(confirmSubstitute(sub, head, W, at));
    expect(sub.reportedAt).toBe(at); // 报备 at once
    // The server settles the request when the substitute is confirmed.
    expect(leaveStage(l, sub, rules)).toEqual({ kind: 'done', status: 'pending' });
    expect(
      must(approve({ ...l, steps: l.steps.map((s, i) => (i === 2 ? { ...s, decision: null } : s)) }, 2, leader, sub))
        .status,
    ).toBe('approved');
  });
  it('the first valid decision wins: a second approver on another phone gets a conflict naming the first', () => {
    let l = must(approve(sick3(), 0));
    l = must(approve(l, 1));
    const first = must(approve(l, 2, leader));
    const second = approve(first, 2, leader2);
    expect(second).toMatchObject({ ok: false, code: 'conflict' });
    expect(!second.ok && second.reason).toContain('already approved by 中心领导');
    const again = approve(first, 2, leader);
    expect(!again.ok && again.reason).toContain('you (on another device)');
  });
  it('a decision out of order, by the wrong person, or on a finished request is refused with the reason', () => {
    const l = sick3();
    expect(approve(l, 1)).toMatchObject({ ok: false, code: 'conflict' });
    expect(approve(l, 0, dept)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(approve(l, 0, { ...head, windowId: uid(999) })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(approve(l, 0, staffA)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(approve(l, 0, duty)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(approve(l, 5)).toMatchObject({ ok: false, code: 'invalid' });
    const withdrawn = must(withdrawLeave(l, staffA, at));
    const late = approve(withdrawn, 0);
    expect(!late.ok && late.reason).toBe(
      `the request was withdrawn by the requester at ${at}; your decision was not applied`,
    );
    // Rejected at step 2 while the center leader decided offline: told who rejected it.
    const rejected = must(
      decideStep(
        must(approve(l, 0)),
        { step: 1, decision: 'reject', comment: '人手不足', decidedAt: at },
        dept,
        W,
        null,
        rules,
      ),
    );
    const after = approve(rejected, 2, leader);
    expect(!after.ok && after.reason).toBe(
      `the request was already rejected by 部门领导 at ${at}; your decision was not applied`,
    );
  });
  it('a rejection ends the request and needs a comment', () => {
    const l = sick3();
    expect(
      decideStep(l, { step: 0, decision: 'reject', comment: ' ', decidedAt: at }, head, W, null, rules),
    ).toMatchObject({ ok: false, code: 'invalid' });
    const r = must(
      decideStep(l, { step: 0, decision: 'reject', comment: '窗口业务繁忙', decidedAt: at }, head, W, null, rules),
    );
    expect(r.status).toBe('rejected');
    expect(r.steps[0]).toMatchObject({ decision: 'rejected', byName: '班长', comment: '窗口业务繁忙' });
  });
  it('a leave filed afterwards may be approved without a substitute', () => {
    const l = request({ from: hd('2026-02-26', 'am'), to: hd('2026-02-27', 'pm') });
    expect(l.filedAfterwards).toBe(true);
    expect(l.substituteRequired).toBe(true);
    expect(must(approve(must(approve(l, 0, head)), 1, leader)).status).toBe('approved');
  });
});

describe('withdraw and revoke', () => {
  const approved = () => must(approve(request(), 0));
  it('withdraw only before approval, only by the requester', () => {
    expect(withdrawLeave(request(), staffB, at)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(withdrawLeave(approved(), staffA, at)).toMatchObject({ ok: false, code: 'conflict' });
  });
  it('revoke after approval takes effect only with an approver consenting', () => {
    const l = approved();
    expect(l.status).toBe('approved');
    const asked = must(requestRevoke(l, staffA, '事情已解决', at));
    expect(asked.status).toBe('approved');
    expect(requestRevoke(asked, staffA, 'again', at)).toMatchObject({ ok: false, code: 'conflict' });
    expect(answerRevoke(asked, staffB, W, true, '', at)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(answerRevoke(asked, leader, W, true, '', at)).toMatchObject({ ok: false, code: 'forbidden' }); // not in a 1-day chain
    const refused = must(answerRevoke(asked, head, W, false, '已安排', at));
    expect(refused.status).toBe('approved');
    const consented = must(answerRevoke(must(requestRevoke(refused, staffA, '再次申请', at)), head, W, true, '', at));
    expect(consented.status).toBe('revoked');
  });
});

describe('销假: certificate rule, overstay, early return', () => {
  const approvedSick = () => {
    let l = sick3();
    for (const i of [0, 1, 2])
      l = must(approve(l, i, [head, dept, leader][i]!, { status: 'confirmed' } as SubstituteArrangement));
    return l;
  };
  const cert = { hash: 'a'.repeat(64), kind: 'certificate' as const, mime: 'image/jpeg' as const };
  it('sick leave with the certificate handed in at return stays sick leave', () => {
    const [closed] = must(
      closeLeaveChain(
        [approvedSick()],
        { returnedOn: hd('2026-03-05', 'am'), note: '', certificate: cert, at },
        staffA,
        rules,
      ),
    );
    expect(closed!.closure).toMatchObject({ effectiveType: 'sick', certificateMissing: false, overstayHalfDays: 0 });
    expect(closed!.attachments.map((a) => a.kind)).toEqual(['certificate']);
  });
  it('without it the days count as personal leave', () => {
    const [closed] = must(
      closeLeaveChain(
        [approvedSick()],
        { returnedOn: hd('2026-03-05', 'am'), note: '', certificate: null, at },
        staffA,
        rules,
      ),
    );
    expect(closed!.closure).toMatchObject({ effectiveType: 'personal', certificateMissing: true });
  });
  it('overstaying counts the working half days past the end (weekend skipped)', () => {
    const l = approvedSick(); // to Wed 2026-03-04 pm
    const [closed] = must(
      closeLeaveChain([l], { returnedOn: hd('2026-03-09', 'pm'), note: '', certificate: cert, at }, supervision, rules),
    );
    // Thu, Fri (4 half days) + Mon am = 5
    expect(closed!.closure!.overstayHalfDays).toBe(5);
    expect(closed!.until).toEqual(l.to);
  });
  it('an early return shortens the leave', () => {
    const [closed] = must(
      closeLeaveChain(
        [approvedSick()],
        { returnedOn: hd('2026-03-03', 'pm'), note: '', certificate: cert, at },
        staffA,
        rules,
      ),
    );
    expect(closed!.until).toEqual(hd('2026-03-03', 'am'));
    expect(closed!.closure!.overstayHalfDays).toBe(0);
  });
  it('a chain with an extension closes together; overstay counts from the extension end', () => {
    const base = approvedSick();
    const ext = {
      ...request({
        type: 'sick',
        from: hd('2026-03-05', 'am'),
        to: hd('2026-03-05', 'pm'),
        extensionOf: base.id,
        leaves: [base],
      }),
      status: 'approved' as const,
    };
    const closed = must(
      closeLeaveChain(
        [base, ext],
        { returnedOn: hd('2026-03-06', 'am'), note: '', certificate: cert, at },
        staffA,
        rules,
      ),
    );
    expect(closed.map((c) => [c.status, c.closure!.overstayHalfDays, c.closure!.certificateMissing])).toEqual([
      ['closed', 0, false],
      ['closed', 0, false],
    ]);
  });
  it('cannot close what is not approved, or for someone else', () => {
    expect(
      closeLeaveChain(
        [sick3()],
        { returnedOn: hd('2026-03-05', 'am'), note: '', certificate: null, at },
        staffA,
        rules,
      ),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(
      closeLeaveChain(
        [approvedSick()],
        { returnedOn: hd('2026-03-05', 'am'), note: '', certificate: null, at },
        staffB,
        rules,
      ),
    ).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('substitutes and temporary badges', () => {
  const l = sick3();
  const named = must(
    nameSubstitute(
      l,
      { id: uid(701), substituteStaffId: uid(77), substituteName: '李替岗', substitutePhone: '13900000000', at },
      staffA,
      W,
    ),
  );
  it('the person on leave cannot confirm their own substitute; the substitute themself can', () => {
    expect(confirmSubstitute(named, staffA, W, at)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(must(confirmSubstitute(named, { ...staffB, staffId: uid(77) }, W, at)).status).toBe('confirmed');
  });
  it('the badge is issued by supervision to a confirmed substitute and returned once', () => {
    expect(issueBadge(named, supervision, 'T-01', at)).toMatchObject({ ok: false, code: 'conflict' });
    const confirmed = must(confirmSubstitute(named, head, W, at));
    expect(issueBadge(confirmed, head, 'T-01', at)).toMatchObject({ ok: false, code: 'forbidden' });
    const issued = must(issueBadge(confirmed, supervision, 'T-01', at));
    const back = must(returnBadge(issued, supervision, '2026-03-05T08:30:00+08:00'));
    expect([back.badgeNumber, back.badgeReturnedAt]).toEqual(['T-01', '2026-03-05T08:30:00+08:00']);
    expect(returnBadge(back, supervision, at)).toMatchObject({ ok: false, code: 'conflict' });
  });
  it('a substitute covers a period within the leave and is not the person on leave', () => {
    expect(
      nameSubstitute(
        l,
        { id: uid(702), substituteStaffId: l.staffId, substituteName: 'x', substitutePhone: null, at },
        head,
        W,
      ),
    ).toMatchObject({ ok: false, code: 'invalid' });
    expect(
      nameSubstitute(
        l,
        {
          id: uid(702),
          substituteStaffId: null,
          substituteName: 'x',
          substitutePhone: null,
          to: hd('2026-03-10', 'pm'),
          at,
        },
        head,
        W,
      ),
    ).toMatchObject({ ok: false, code: 'invalid' });
    expect(
      nameSubstitute(
        l,
        { id: uid(702), substituteStaffId: null, substituteName: 'x', substitutePhone: null, at },
        duty,
        W,
      ),
    ).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
