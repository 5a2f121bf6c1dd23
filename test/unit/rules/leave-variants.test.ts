import { describe, expect, it } from 'vitest';
import { approvalChain, leaveRulesOf, substituteRequirement, type LeaveRequest } from '../../../src/domain';
import { assessRecords, type MonthRecords } from '../../../src/domain/assessment';
import { CHAIN_PRESETS, chainPresetOf, tierRanges } from '../../../src/domain/leave/chain-presets';
import { daysText, parseDaysText } from '../../../src/domain/leave/half-day-threshold';
import { DEFAULT_SCHEME, SchemeSchema, type Scheme } from '../../../src/domain/scheme';
import { substituteReasonText } from '../../../src/app/features/leave/substitute-reason';
import { A, B, request, hd, staffB, uid, W2 } from '../leave/fixtures';

/** Issue #15 variants 4, 6 and 7; every expected value worked out by hand from the rule. */

const approved = (l: LeaveRequest): LeaveRequest => ({ ...l, status: 'approved' });

/** 004: 请事假半天扣0.5分，一天扣1分 — personal leave deducts item LEAVE_PERSONAL, 0.5 per half day. */
const scheme004: Scheme = SchemeSchema.parse({
  ...DEFAULT_SCHEME,
  version: 2,
  items: [
    ...DEFAULT_SCHEME.items,
    {
      code: 'LEAVE_PERSONAL',
      category: 'DISCIPLINE',
      name: { zh: '请事假', en: 'Personal leave' },
      points: 0.5,
      unit: 'half_day',
      spotCheck: false,
    },
  ],
  leaveDeductions: [{ type: 'personal', itemCode: 'LEAVE_PERSONAL' }],
});

const records = (scheme: Scheme, leaves: LeaveRequest[]): MonthRecords => ({
  month: '2026-03',
  zone: 'Asia/Shanghai',
  scheme,
  windows: [
    {
      id: W2,
      floorId: uid(1000),
      number: '102',
      name: '出入境',
      department: '公安局',
      kind: 'public_service',
      position: 0,
    },
  ],
  staff: [
    { id: A, name: '甲', windowId: W2, post: 'A', phone: null },
    { id: B, name: '乙', windowId: W2, post: 'B', phone: null },
  ],
  violations: [],
  leave: { leaves, substitutes: [], outings: [] },
});

describe('variant 4: leave that itself deducts (scheme.leaveDeductions)', () => {
  // A: personal leave Mon 03-02 am – pm (1 day = 2 half days; a two-person window needs no substitute for 1 day).
  const personal = approved(request({ staffId: A, from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }));
  // B: annual leave the same day: not listed, deducts nothing.
  const annual = approved(
    request({ staffId: B, by: staffB, type: 'annual', from: hd('2026-03-03', 'am'), to: hd('2026-03-03', 'am') }),
  );

  it('004: personal leave deducts 0.5 per half day; other types nothing', () => {
    const result = assessRecords(records(scheme004, [personal, annual]));
    // 2 half days × 0.5 = 1 point: window 100 − 1 = 99; A 99, B 100.
    expect(result.windows[0]!.score).toBe(99);
    expect(Object.fromEntries(result.staff.map((s) => [s.staffId, s.score]))).toEqual({ [A]: 99, [B]: 100 });
    const source = result.leaveSources!.find((s) => s.reason === 'leave_deduction')!;
    expect(source).toMatchObject({ staffId: A, itemCode: 'LEAVE_PERSONAL', quantity: 2, sourceId: personal.id });
    expect(source.explanation.zh).toContain('事假');
  });

  it('the default scheme (no leaveDeductions): leave deducts nothing, results unchanged', () => {
    const result = assessRecords(records(DEFAULT_SCHEME, [personal, annual]));
    expect(result.windows[0]!.score).toBe(100);
    expect(result.leaveSources ?? []).toEqual([]);
  });

  it('a sick leave closed without its certificate counts as personal leave (004: 否则按事假处理)', () => {
    // Sick leave Wed 03-04 am only = 1 half day, closed with the certificate missing → personal: 1 × 0.5.
    const sick = request({ staffId: A, type: 'sick', from: hd('2026-03-04', 'am'), to: hd('2026-03-04', 'am') });
    const closed: LeaveRequest = {
      ...sick,
      status: 'closed',
      closure: {
        returnedOn: hd('2026-03-04', 'pm'),
        closedAt: '2026-03-04T14:00:00+08:00',
        closedBy: uid(207),
        closedByName: '督查科',
        note: '',
        overstayHalfDays: 0,
        effectiveType: 'personal',
        certificateMissing: true,
      },
    };
    expect(assessRecords(records(scheme004, [closed])).windows[0]!.score).toBe(99.5); // 100 − 0.5
  });

  it('is validated: an unknown item or leave type is refused, bounded', () => {
    const bad = SchemeSchema.safeParse({ ...scheme004, leaveDeductions: [{ type: 'personal', itemCode: 'NOPE' }] });
    expect(bad.success).toBe(false);
    const badType = SchemeSchema.safeParse({
      ...scheme004,
      leaveDeductions: [{ type: 'holiday', itemCode: 'LEAVE_PERSONAL' }],
    });
    expect(badType.success).toBe(false);
    // An old scheme without the field still parses.
    expect(SchemeSchema.safeParse(DEFAULT_SCHEME).success).toBe(true);
  });
});

describe('variant 6: substitute thresholds in half days, shown in the leave preview', () => {
  // 004 §12: a one-person window needs a substitute only when away more than half a day.
  const thresholds004 = [
    { staffCount: 1, overDays: 0.5 },
    { staffCount: 2, overDays: 1 },
    { staffCount: null, overDays: 5 },
  ];
  it('004: half a day away needs none, one day needs one (0.5 > 0.5 is false; 1 > 0.5)', () => {
    const half = substituteRequirement({ staffCount: 1, days: 0.5, unattended: false }, thresholds004);
    expect(half.required).toBe(false);
    expect(half.message.zh).toBe('无需替岗（1人窗口，超过半天才需替岗）');
    const day = substituteRequirement({ staffCount: 1, days: 1, unattended: false }, thresholds004);
    expect(day).toMatchObject({ required: true, code: 'threshold', overDays: 0.5 });
    expect(day.message.zh).toBe('1人窗口请假超过半天需安排替岗');
    expect(day.message.en).toBe('a 1-person window needs a substitute for leave over half a day');
    // The stored message reads back in either language.
    expect(substituteReasonText(day.message.en, 'zh')).toBe('1人窗口请假超过半天需安排替岗');
    expect(substituteReasonText(half.message.zh, 'en')).toBe('a 1-person window needs one over half a day');
  });
  it('DOMAIN / 003: a one-person window needs one for any absence (default unchanged)', () => {
    const r = substituteRequirement(
      { staffCount: 1, days: 0.5, unattended: false },
      leaveRulesOf(DEFAULT_SCHEME).substituteThresholds,
    );
    expect(r).toMatchObject({ required: true, code: 'one_person' });
  });
  it('days in words and back; only half-day steps parse in the scheme', () => {
    expect([0.5, 1, 1.5, 2].map((d) => daysText(d).zh)).toEqual(['半天', '1天', '1天半', '2天']);
    expect(['半天', '1天半', '2 day(s)', 'half a day'].map(parseDaysText)).toEqual([0.5, 1.5, 2, 0.5]);
    const sub = (overDays: number) =>
      SchemeSchema.safeParse({
        ...DEFAULT_SCHEME,
        substitutes: { deductOwnScore: true, required: [{ staffCount: 1, overDays }] },
      }).success;
    expect([sub(0.5), sub(0.3), sub(-1)]).toEqual([true, false, false]);
  });
});

describe('variant 7: the approval chain of each source reading', () => {
  const lengths = [0.5, 1, 1.5, 2, 2.5, 3, 4];
  const chains = (code: string) => {
    const tiers = CHAIN_PRESETS.find((p) => p.code === code)!.tiers;
    return lengths.map((d) => approvalChain(d, { approvalTiers: tiers }).join('>'));
  };
  const H = 'window_head';
  const HC = 'window_head>center_leader';
  const HDC = 'window_head>dept_leader>center_leader';
  it('DOMAIN (= 003 (2)): ≤ 1 day shift lead; > 1 and < 3 shift lead → center; ≥ 3 all three', () => {
    expect(chains('domain')).toEqual([H, H, HC, HC, HC, HDC, HDC]);
    expect(chainPresetOf(leaveRulesOf(DEFAULT_SCHEME).leave.approvalTiers)).toBe('domain');
  });
  it('003 (1): the department leader from 2 days (含二天)', () => {
    expect(chains('source_003_two_days')).toEqual([H, H, HC, HDC, HDC, HDC, HDC]);
  });
  it('004: ≤ 1 day the center leader alone; over 1 day head → department → center', () => {
    expect(chains('source_004')).toEqual(['center_leader', 'center_leader', HDC, HDC, HDC, HDC, HDC]);
  });
  it('every preset is a valid scheme and the editor shows each length range', () => {
    for (const p of CHAIN_PRESETS)
      expect(SchemeSchema.safeParse({ ...DEFAULT_SCHEME, leave: { approvalTiers: p.tiers } }).success, p.code).toBe(
        true,
      );
    expect(tierRanges(CHAIN_PRESETS[0]!.tiers).map((r) => r.range.zh)).toEqual(['≤ 1天', '> 1天 且 < 3天', '≥ 3天']);
    expect(chainPresetOf([{ upToDays: null, inclusive: true, chain: ['center_leader'] }])).toBeNull();
  });
});
