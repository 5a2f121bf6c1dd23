import { describe, expect, it } from 'vitest';
import { closeLeaveChain, decideStep, type LeaveRequest, type SubstituteArrangement } from '../../../src/domain';
import { assessRecords, leaveRecordsOf, monthInputFromRecords, provisionalAssessment, type MonthRecords } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { A, B, head, hd, leader, request, rules, staffB, supervision, uid, W2, window } from '../leave/fixtures';

const W = window(W2);
const at = '2026-03-01T10:00:00+08:00';
const must = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const approveAll = (l: LeaveRequest, sub: SubstituteArrangement | null = null) =>
  l.steps.reduce((acc, s, i) => must(decideStep(acc, { step: i, decision: 'approve', comment: '', decidedAt: at }, s.role === 'window_head' ? head : leader, W, sub, rules)), l);

// A: two days filed afterwards (补办) and approved with no substitute — a two-person window needs one over 1 day.
const noSubstitute = approveAll(request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-03', 'pm'), today: '2026-03-04' }));
// B: leave on 03-09, back only on 03-11 am: 03-10 am and pm are absence (旷工).
const [overstayed] = must(
  closeLeaveChain([approveAll(request({ staffId: B, by: staffB, from: hd('2026-03-09', 'am'), to: hd('2026-03-09', 'pm') }))], { returnedOn: hd('2026-03-11', 'am'), note: '', certificate: null, at }, supervision, rules),
);

const records = (over: Partial<MonthRecords> = {}): MonthRecords => ({
  month: '2026-03',
  zone: 'Asia/Shanghai',
  scheme: DEFAULT_SCHEME,
  windows: [{ id: W2, floorId: uid(1000), number: '102', name: '出入境', department: '公安局', kind: 'public_service', position: 0 }],
  staff: [
    { id: A, name: '甲', windowId: W2, post: 'A', phone: null },
    { id: B, name: '乙', windowId: W2, post: 'B', phone: null },
  ],
  violations: [],
  leave: { leaves: [noSubstitute, overstayed!], substitutes: [], outings: [] },
  ...over,
});

describe('leave consequences in the monthly assessment (issue #4 point 8)', () => {
  it('leave without a required substitute and an overstay deduct the window and the person, with their source', () => {
    expect(noSubstitute.substituteRequired).toBe(true);
    const result = assessRecords(records());
    const w = result.windows[0]!;
    expect(w.score).toBe(97); // NO_SUBSTITUTE 1 + ABSENCE 1 × 2 half days
    expect(Object.fromEntries(result.staff.map((s) => [s.staffId, s.score]))).toEqual({ [A]: 99, [B]: 98 });
    const contributions = w.sheet.categories.flatMap((c) => c.records);
    expect(contributions.map((r) => [r.itemCode, r.quantity, r.source, r.staffId]).sort()).toEqual([
      ['ABSENCE', 2, 'leave', B],
      ['NO_SUBSTITUTE', 1, 'leave', A],
    ]);
    // Every leave record in the result names the leave it comes from and why.
    const sources = new Map(result.leaveSources!.map((s) => [s.recordId, s]));
    for (const r of contributions) expect(sources.get(r.recordId)).toBeDefined();
    const bySource = Object.fromEntries(result.leaveSources!.map((s) => [s.reason, s]));
    expect(bySource.no_substitute).toMatchObject({ sourceKind: 'leave', sourceId: noSubstitute.id, windowId: W2, staffId: A });
    expect(bySource.no_substitute!.explanation.zh).toContain('未安排替岗');
    expect(bySource.overstay).toMatchObject({ sourceId: overstayed!.id, quantity: 2, staffId: B });
    expect(bySource.overstay!.explanation.zh).toContain('超假未归');
  });

  it('the same leave gives the same record ids; another month gives none', () => {
    const a = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set());
    const b = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set());
    expect(a.deductions.map((d) => d.id)).toEqual(b.deductions.map((d) => d.id));
    expect(leaveRecordsOf('2026-04', DEFAULT_SCHEME, records().leave!, new Set()).deductions).toEqual([]);
  });

  it('a dispute naming a leave record, overturned, takes it out; upheld, it stays', () => {
    const { deductions } = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set());
    const overstayId = deductions.find((d) => d.itemCode === 'ABSENCE')!.id;
    const overturned = assessRecords(records({ disputes: [{ violationId: overstayId, status: 'overturned' }] }));
    expect(overturned.windows[0]!.score).toBe(99);
    expect(overturned.windows[0]!.sheet.notCounted).toEqual([expect.objectContaining({ recordId: overstayId, reason: 'overturned' })]);
    expect(assessRecords(records({ disputes: [{ violationId: overstayId, status: 'upheld' }] })).windows[0]!.score).toBe(97);
  });

  it('without leave rows nothing changes, and the engine input is the one it was', () => {
    const input = monthInputFromRecords(records({ leave: undefined }));
    expect(input.deductions).toEqual([]);
    expect(assessRecords(records({ leave: undefined })).leaveSources).toBeUndefined();
  });

  it("the phone's provisional ranking counts them too", () => {
    const { leave, scheme: _scheme, ...rest } = records();
    const provisional = provisionalAssessment({
      ...rest,
      leave,
      schemes: [{ version: DEFAULT_SCHEME.version, effectiveFrom: '2026-01', scheme: DEFAULT_SCHEME }],
      dataAsOf: null,
      complete: true,
    })!;
    expect(provisional.result.windows[0]!.score).toBe(97);
    expect(provisional.result.leaveSources).toHaveLength(2);
  });
});
