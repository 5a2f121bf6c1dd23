import { describe, expect, it } from 'vitest';
import {
  approvalChain,
  leaveDays,
  previewLeave,
  substituteRequirement,
  SchemeSchema,
  DEFAULT_SCHEME,
  leaveRulesOf,
} from '../../../src/domain';
import { A, B, hd, rules, SOLO, T1, W1, W2, W3, windowStaff } from './fixtures';

describe('leave length in half days', () => {
  it.each([
    ['one morning', hd('2026-03-02', 'am'), hd('2026-03-02', 'am'), 0.5],
    ['one day', hd('2026-03-02', 'am'), hd('2026-03-02', 'pm'), 1],
    ['Mon am – Tue am', hd('2026-03-02', 'am'), hd('2026-03-03', 'am'), 1.5],
    ['Mon pm – Wed pm', hd('2026-03-02', 'pm'), hd('2026-03-04', 'pm'), 2.5],
    ['Mon – Wed', hd('2026-03-02', 'am'), hd('2026-03-04', 'pm'), 3],
    ['Fri – Mon skips the weekend', hd('2026-03-06', 'am'), hd('2026-03-09', 'pm'), 2],
  ])('%s is %s day(s)', (_name, from, to, days) => {
    expect(leaveDays({ from, to }, false)).toBe(days);
  });
  it('counts weekends when the scheme says so', () => {
    expect(leaveDays({ from: hd('2026-03-06', 'am'), to: hd('2026-03-09', 'pm') }, true)).toBe(4);
  });
});

describe('approval chain (DOMAIN §6) at every boundary', () => {
  it.each([
    [0.5, ['window_head']],
    [1, ['window_head']], // exactly 1 day: the shift lead alone
    [1.5, ['window_head', 'center_leader']], // just over 1
    [2.5, ['window_head', 'center_leader']], // just under 3
    [3, ['window_head', 'dept_leader', 'center_leader']], // exactly 3
    [10, ['window_head', 'dept_leader', 'center_leader']],
  ])('%s day(s) → %j', (days, chain) => {
    expect(approvalChain(days, rules.leave)).toEqual(chain);
  });
  it('the same boundaries through the preview, from half days', () => {
    const chainOf = (to: ReturnType<typeof hd>) =>
      previewLeave(
        { staffId: A, windowId: W2, type: 'personal', from: hd('2026-03-02', 'am'), to },
        { rules, windowStaffIds: windowStaff[W2]!, leaves: [], today: '2026-03-01' },
      ).chain;
    expect(chainOf(hd('2026-03-02', 'pm'))).toEqual(['window_head']);
    expect(chainOf(hd('2026-03-03', 'am'))).toEqual(['window_head', 'center_leader']);
    expect(chainOf(hd('2026-03-04', 'am'))).toEqual(['window_head', 'center_leader']);
    expect(chainOf(hd('2026-03-04', 'pm'))).toEqual(['window_head', 'dept_leader', 'center_leader']);
  });
  it('a window head never approves their own leave; an empty chain goes to a center leader', () => {
    expect(approvalChain(1, rules.leave, 'window_head')).toEqual(['center_leader']);
    expect(approvalChain(3, rules.leave, 'window_head')).toEqual(['dept_leader', 'center_leader']);
  });
  it('is configurable in the scheme, and an old scheme without leave rules gets the defaults', () => {
    const custom = SchemeSchema.parse({
      ...DEFAULT_SCHEME,
      leave: {
        approvalTiers: [
          { upToDays: 2, inclusive: false, chain: ['window_head'] },
          { upToDays: null, inclusive: true, chain: ['center_leader'] },
        ],
      },
    });
    const r = leaveRulesOf(custom);
    expect(approvalChain(1.5, r.leave)).toEqual(['window_head']);
    expect(approvalChain(2, r.leave)).toEqual(['center_leader']);
    expect(r.leave.twoPersonBothAway).toBe('block'); // default kept
    const { leave: _l, outings: _o, ...old } = DEFAULT_SCHEME;
    const parsed = SchemeSchema.parse({ ...old, substitutes: { deductOwnScore: true } });
    expect(leaveRulesOf(parsed)).toEqual(rules);
  });
  it('refuses tiers that cannot work', () => {
    const bad = SchemeSchema.safeParse({
      ...DEFAULT_SCHEME,
      leave: { approvalTiers: [{ upToDays: 3, inclusive: true, chain: ['window_head'] }] },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('upToDays: null');
  });
});

describe('substitute requirement (DOMAIN §7), each staffing case', () => {
  const t = rules.substituteThresholds;
  it.each([
    ['one-person, half a day', 1, 0.5, true, 'one_person'],
    ['two-person, exactly 1 day', 2, 1, false, 'not_required'],
    ['two-person, 1.5 days', 2, 1.5, true, 'threshold'],
    ['three-person, exactly 5 days', 3, 5, false, 'not_required'],
    ['three-person, 5.5 days', 3, 5.5, true, 'threshold'],
    ['five-person, 6 days', 5, 6, true, 'threshold'],
  ])('%s → required %s', (_n, staffCount, days, required, code) => {
    const r = substituteRequirement({ staffCount, days, unattended: false }, t);
    expect([r.required, r.code]).toEqual([required, code]);
  });
  it('a window nobody else would attend needs a substitute whatever its size', () => {
    expect(substituteRequirement({ staffCount: 3, days: 1, unattended: true }, t)).toMatchObject({
      required: true,
      code: 'unattended',
    });
  });
  it('the preview applies it from the window staffing', () => {
    const p = (staffId: string, windowId: string, to: string) =>
      previewLeave(
        { staffId, windowId, type: 'personal', from: hd('2026-03-02', 'am'), to: hd(to, 'pm') },
        { rules, windowStaffIds: windowStaff[windowId]!, leaves: [], today: '2026-03-01' },
      ).substitute.required;
    expect(p(SOLO, W1, '2026-03-02')).toBe(true);
    expect(p(A, W2, '2026-03-02')).toBe(false);
    expect(p(B, W2, '2026-03-03')).toBe(true);
    expect(p(T1, W3, '2026-03-06')).toBe(false); // 5 days
    expect(p(T1, W3, '2026-03-09')).toBe(true); // 6 days
  });
});
