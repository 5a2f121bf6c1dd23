import { describe, expect, it } from 'vitest';
import { blockingReason, leaveRulesOf, DEFAULT_SCHEME, previewLeave, type LeaveRow } from '../../../src/domain';
import { A, B, hd, request, rules, staffB, T1, T2, T3, W2, W3, windowStaff } from './fixtures';

const ctx = (leaves: LeaveRow[], windowId = W2, r = rules) => ({
  rules: r,
  windowStaffIds: windowStaff[windowId]!,
  leaves,
  today: '2026-03-01',
});
const draft = (staffId: string, windowId: string, from: string, to: string) => ({
  staffId,
  windowId,
  type: 'personal',
  from: hd(from, 'am'),
  to: hd(to, 'pm'),
});

describe('conflicts (issue #4 point 4)', () => {
  it('both staff of a two-person window away at once: blocked, with the other leave named', () => {
    const other = request({ staffId: B, by: staffB, from: hd('2026-03-03', 'am'), to: hd('2026-03-03', 'pm') });
    const p = previewLeave(draft(A, W2, '2026-03-02', '2026-03-03'), ctx([other]));
    expect(p.blocked).toBe(true);
    expect(p.conflicts).toEqual([expect.objectContaining({ code: 'both_away', severity: 'block', leaveId: other.id })]);
    expect(blockingReason(p)?.zh).toContain('两人不得同时请假');
  });
  it('no conflict when the two leaves do not share a half day (am / pm of the same day)', () => {
    const other = request({ staffId: B, by: staffB, from: hd('2026-03-03', 'pm'), to: hd('2026-03-03', 'pm') });
    const p = previewLeave({ ...draft(A, W2, '2026-03-02', '2026-03-03'), to: hd('2026-03-03', 'am') }, ctx([other]));
    expect(p.conflicts).toEqual([]);
    expect(p.blocked).toBe(false);
  });
  it('a withdrawn or rejected leave of the colleague is no conflict', () => {
    const other = {
      ...request({ staffId: B, by: staffB, from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }),
      status: 'withdrawn' as const,
    };
    expect(previewLeave(draft(A, W2, '2026-03-02', '2026-03-02'), ctx([other])).blocked).toBe(false);
  });
  it('a redacted colleague leave (what a staff phone has) is enough to find the conflict', () => {
    const full = request({ staffId: B, by: staffB });
    const summary: LeaveRow = {
      id: full.id,
      redacted: true,
      staffId: B,
      windowId: W2,
      from: full.from,
      to: full.to,
      until: full.until,
      status: 'approved',
      substituteRequired: false,
      substituteId: null,
      extensionOf: null,
      filedAfterwards: false,
    };
    expect(previewLeave(draft(A, W2, '2026-03-02', '2026-03-02'), ctx([summary])).conflicts[0]?.code).toBe('both_away');
  });
  it('a center may only warn about it', () => {
    const warnRules = leaveRulesOf({
      ...DEFAULT_SCHEME,
      leave: { ...DEFAULT_SCHEME.leave, twoPersonBothAway: 'warn' },
    });
    const other = request({ staffId: B, by: staffB });
    const p = previewLeave(draft(A, W2, '2026-03-02', '2026-03-02'), ctx([other], W2, warnRules));
    expect(p.blocked).toBe(false);
    expect(p.conflicts[0]).toMatchObject({ code: 'both_away', severity: 'warn' });
    expect(p.substitute).toMatchObject({ required: true, code: 'unattended' });
  });
  it('overlapping requests of one person: blocked', () => {
    const mine = request({ from: hd('2026-03-04', 'am'), to: hd('2026-03-05', 'pm') });
    const p = previewLeave(draft(A, W2, '2026-03-05', '2026-03-06'), ctx([mine]));
    expect(p.conflicts.map((c) => [c.code, c.severity])).toEqual([['own_overlap', 'block']]);
  });
  it('a larger window left with nobody: warned, and a substitute becomes required', () => {
    const t2 = request({ staffId: T2, by: { ...staffB, staffId: T2, windowId: W3 } });
    const t3 = request({ staffId: T3, by: { ...staffB, staffId: T3, windowId: W3 } });
    const p = previewLeave(draft(T1, W3, '2026-03-02', '2026-03-02'), ctx([t2, t3], W3));
    expect(p.blocked).toBe(false);
    expect(p.conflicts).toEqual([expect.objectContaining({ code: 'window_unattended', severity: 'warn' })]);
    expect(p.substitute).toMatchObject({ required: true, code: 'unattended' });
    // With a confirmed substitute for one of them the window is attended.
    const sub = {
      id: 'x',
      leaveId: t2.id,
      windowId: W3,
      forStaffId: T2,
      status: 'confirmed',
      from: t2.from,
      to: t2.to,
    } as never;
    expect(
      previewLeave(draft(T1, W3, '2026-03-02', '2026-03-02'), { ...ctx([t2, t3], W3), substitutes: [sub] }).substitute
        .required,
    ).toBe(false);
  });
});

describe('request validity and documents', () => {
  it('official business needs its notice when submitted; sick leave may bring the certificate at return', () => {
    const official = previewLeave({ ...draft(A, W2, '2026-03-02', '2026-03-02'), type: 'official' }, ctx([]));
    expect(official.blocked).toBe(true);
    expect(official.attachments[0]).toMatchObject({ kind: 'notice', blocking: true });
    const withNotice = previewLeave(
      { ...draft(A, W2, '2026-03-02', '2026-03-02'), type: 'official', attachments: [{ kind: 'notice' }] },
      ctx([]),
    );
    expect(withNotice.blocked).toBe(false);
    const sick = previewLeave({ ...draft(A, W2, '2026-03-02', '2026-03-04'), type: 'sick' }, ctx([]));
    expect(sick.blocked).toBe(false);
    expect(sick.attachments[0]).toMatchObject({ kind: 'certificate', due: 'close', blocking: false });
    expect(sick.attachments[0]!.message.zh).toContain('按事假处理');
  });
  it('refuses unknown types, reversed dates and a weekend-only leave', () => {
    expect(
      previewLeave({ ...draft(A, W2, '2026-03-02', '2026-03-02'), type: 'holiday' }, ctx([])).invalid[0]?.en,
    ).toContain('unknown leave type');
    expect(previewLeave(draft(A, W2, '2026-03-03', '2026-03-02'), ctx([])).invalid[0]?.en).toContain(
      'ends before it starts',
    );
    expect(previewLeave(draft(A, W2, '2026-03-07', '2026-03-08'), ctx([])).invalid[0]?.en).toContain('no working day');
  });
  it('a leave starting before the day it is asked is filed afterwards (补办)', () => {
    expect(previewLeave(draft(A, W2, '2026-02-27', '2026-03-02'), ctx([])).filedAfterwards).toBe(true);
    expect(previewLeave(draft(A, W2, '2026-03-01', '2026-03-02'), ctx([])).filedAfterwards).toBe(false);
  });
  it('an extension (续假) must follow on at once and is judged on the whole leave', () => {
    const base = {
      ...request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-03', 'pm') }),
      status: 'approved' as const,
    };
    const ext = previewLeave({ ...draft(A, W2, '2026-03-04', '2026-03-04'), extensionOf: base.id }, ctx([base]));
    expect(ext.invalid).toEqual([]);
    expect([ext.days, ext.totalDays]).toEqual([1, 3]);
    expect(ext.chain).toEqual(['window_head', 'dept_leader', 'center_leader']);
    expect(ext.substitute.required).toBe(true); // two-person window, 3 days in all
    const gap = previewLeave({ ...draft(A, W2, '2026-03-05', '2026-03-05'), extensionOf: base.id }, ctx([base]));
    expect(gap.invalid[0]?.en).toContain('right after');
  });
});
