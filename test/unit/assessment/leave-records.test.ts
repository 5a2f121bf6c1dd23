import { describe, expect, it } from 'vitest';
import { closeLeaveChain, decideStep, type LeaveRequest, type SubstituteArrangement } from '../../../src/domain';
import {
  assessRecords,
  leaveRecordsOf,
  monthInputFromRecords,
  provisionalAssessment,
  type MonthRecords,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { A, B, head, hd, leader, request, rules, staffB, supervision, uid, W2, window } from '../leave/fixtures';

const W = window(W2);
const at = '2026-03-01T10:00:00+08:00';
const must = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const approveAll = (l: LeaveRequest, sub: SubstituteArrangement | null = null) =>
  l.steps.reduce(
    (acc, s, i) =>
      must(
        decideStep(
          acc,
          { step: i, decision: 'approve', comment: '', decidedAt: at },
          s.role === 'window_head' ? head : leader,
          W,
          sub,
          rules,
        ),
      ),
    l,
  );

// A: two days filed afterwards (补办) and approved with no substitute — a two-person window needs one over 1 day.
const noSubstitute = approveAll(
  request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-03', 'pm'), today: '2026-03-04' }),
);
// B: leave on 03-09, back only on 03-11 am: 03-10 am and pm are absence (旷工).
const [overstayed] = must(
  closeLeaveChain(
    [approveAll(request({ staffId: B, by: staffB, from: hd('2026-03-09', 'am'), to: hd('2026-03-09', 'pm') }))],
    { returnedOn: hd('2026-03-11', 'am'), note: '', certificate: null, at },
    supervision,
    rules,
  ),
);

const records = (over: Partial<MonthRecords> = {}): MonthRecords => ({
  month: '2026-03',
  zone: 'Asia/Shanghai',
  scheme: DEFAULT_SCHEME,
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
    expect(bySource.no_substitute).toMatchObject({
      sourceKind: 'leave',
      sourceId: noSubstitute.id,
      windowId: W2,
      staffId: A,
    });
    expect(bySource.no_substitute!.explanation.zh).toContain('未安排替岗');
    expect(bySource.overstay).toMatchObject({ sourceId: overstayed!.id, quantity: 2, staffId: B });
    expect(bySource.overstay!.explanation.zh).toContain('超假未归');
  });

  it('the same leave gives the same record ids; another month gives none', () => {
    const a = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set(), 'Asia/Shanghai');
    const b = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set(), 'Asia/Shanghai');
    expect(a.deductions.map((d) => d.id)).toEqual(b.deductions.map((d) => d.id));
    expect(leaveRecordsOf('2026-04', DEFAULT_SCHEME, records().leave!, new Set(), 'Asia/Shanghai').deductions).toEqual(
      [],
    );
  });

  it('a dispute naming a leave record, overturned, takes it out; upheld, it stays', () => {
    const { deductions } = leaveRecordsOf('2026-03', DEFAULT_SCHEME, records().leave!, new Set(), 'Asia/Shanghai');
    const overstayId = deductions.find((d) => d.itemCode === 'ABSENCE')!.id;
    const overturned = assessRecords(records({ disputes: [{ violationId: overstayId, status: 'overturned' }] }));
    expect(overturned.windows[0]!.score).toBe(99);
    expect(overturned.windows[0]!.sheet.notCounted).toEqual([
      expect.objectContaining({ recordId: overstayId, reason: 'overturned' }),
    ]);
    expect(
      assessRecords(records({ disputes: [{ violationId: overstayId, status: 'upheld' }] })).windows[0]!.score,
    ).toBe(97);
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

describe('off post while away on leave or an outing is excused (DOMAIN §3)', () => {
  const record = (n: number, staffId: string, itemCode: string, observedAt: string) => ({
    id: uid(5000 + n),
    windowId: W2,
    staffId,
    itemCode,
    count: 1,
    status: 'active' as const,
    observedAt,
  });
  const outing = {
    id: uid(6001),
    staffId: B,
    windowId: W2,
    purpose: '送材料',
    startedAt: '2026-03-16T09:00:00+08:00',
    expectedReturnAt: null,
    returnedAt: '2026-03-16T10:00:00+08:00',
    registeredBy: uid(201),
    registeredByName: '乙',
    redacted: false as const,
  };
  it('OFF_POST during approved leave or a registered outing does not count, and says why; other items and other times do', () => {
    const violations = [
      record(1, A, 'OFF_POST', '2026-03-02T10:00:00+08:00'), // A's approved leave (03-02 – 03-03): excused
      record(2, A, 'EATING', '2026-03-03T10:00:00+08:00'), // leave excuses off post only
      record(3, A, 'OFF_POST', '2026-03-05T10:00:00+08:00'), // back at work: counts
      record(4, B, 'OFF_POST', '2026-03-16T09:30:00+08:00'), // during B's outing: excused
      record(5, B, 'OFF_POST', '2026-03-16T10:30:00+08:00'), // after B's return: counts
    ];
    const result = assessRecords(
      records({ violations, leave: { leaves: [noSubstitute], substitutes: [], outings: [outing] } }),
    );
    const w = result.windows[0]!;
    const counted = w.sheet.categories
      .flatMap((c) => c.records)
      .filter((r) => r.source === 'patrol')
      .map((r) => r.recordId)
      .sort();
    expect(counted).toEqual([uid(5002), uid(5003), uid(5005)].sort());
    expect(
      w.sheet.notCounted
        .filter((n) => n.reason === 'excused')
        .map((n) => n.recordId)
        .sort(),
    ).toEqual([uid(5001), uid(5004)].sort());
    // Without the leave and the outing, all five count.
    const plain = assessRecords(records({ violations, leave: { leaves: [], substitutes: [], outings: [] } }))
      .windows[0]!;
    expect(plain.sheet.categories.flatMap((c) => c.records).filter((r) => r.source === 'patrol')).toHaveLength(5);
  });
  it('a leave still waiting for approval excuses nothing', () => {
    const waiting = request({ from: hd('2026-03-20', 'am'), to: hd('2026-03-20', 'pm') });
    expect(waiting.status).toBe('pending');
    const result = assessRecords(
      records({
        violations: [record(6, A, 'OFF_POST', '2026-03-20T10:00:00+08:00')],
        leave: { leaves: [waiting], substitutes: [], outings: [] },
      }),
    );
    expect(result.windows[0]!.sheet.notCounted.filter((n) => n.reason === 'excused')).toEqual([]);
  });
});
