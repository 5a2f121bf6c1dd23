import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  closeLeaveChain,
  decideStep,
  derivedId,
  leaveConsequences,
  markDeceit,
  outingIsHalfDay,
  outingNotice,
  outingTally,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../../src/domain';
import { assessMonth, DeductionRecordSchema } from '../../../src/domain/assessment';
import { A, B, head, hd, leader, request, rules, staffA, supervision, uid, W2, window } from './fixtures';

const SHANGHAI = 'Asia/Shanghai';

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
          s.role === 'window_head'
            ? head
            : s.role === 'center_leader'
              ? leader
              : { ...leader, role: 'dept_leader', department: '公安局' },
          W,
          sub,
          rules,
        ),
      ),
    l,
  );

const outing = (n: number, startedAt: string, minutes: number, staffId = A): Outing => ({
  id: uid(3000 + n),
  staffId,
  windowId: W2,
  purpose: '送材料',
  startedAt,
  expectedReturnAt: null,
  returnedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
  registeredBy: uid(201),
  registeredByName: '甲',
  redacted: false,
});

describe('outings', () => {
  it('over 2 hours counts as half a day; exactly 2 hours does not', () => {
    expect(outingIsHalfDay(outing(1, '2026-03-02T09:00:00+08:00', 120), rules.outings)).toBe(false);
    expect(outingIsHalfDay(outing(1, '2026-03-02T09:00:00+08:00', 121), rules.outings)).toBe(true);
  });
  it('the monthly limit counts short outings by hall month; the 11th is over', () => {
    const list = Array.from({ length: 11 }, (_, i) =>
      outing(i, `2026-03-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`, 30),
    );
    list.push(outing(50, '2026-03-20T09:00:00+08:00', 180)); // half a day, not a short outing
    list.push(outing(51, '2026-02-28T23:30:00Z', 30)); // 2026-03-01 07:30 hall time: March
    const tally = outingTally(list, A, '2026-03', rules.outings, SHANGHAI);
    expect(tally.short).toHaveLength(12);
    expect(tally.halfDays).toEqual([uid(3050)]);
    expect(tally.overLimit).toEqual([uid(3009), uid(3010)]);
    expect(outingNotice(outingTally(list.slice(0, 9), A, '2026-03', rules.outings, SHANGHAI)).message.en).toBe(
      'outing 10 of 10 this month',
    );
    expect(outingNotice(tally).overLimit).toBe(true);
  });
});

describe('leaveConsequences → assessment records with their source', () => {
  it('overstay and a refused request filed afterwards become ABSENCE half days; outings over the limit OUTING_OVER_LIMIT', () => {
    const short = approveAll(request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }));
    const [overstayed] = must(
      closeLeaveChain(
        [short],
        { returnedOn: hd('2026-03-03', 'pm'), note: '', certificate: null, at },
        supervision,
        rules,
      ),
    );
    const afterwards = request({
      staffId: B,
      by: { ...staffA, staffId: B },
      from: hd('2026-03-09', 'am'),
      to: hd('2026-03-10', 'pm'),
      today: '2026-03-10',
    });
    const refused = must(
      decideStep(
        afterwards,
        { step: 0, decision: 'reject', comment: '理由不充分', decidedAt: '2026-03-10T09:00:00+08:00' },
        head,
        W,
        null,
        rules,
      ),
    );
    const outings = Array.from({ length: 11 }, (_, i) =>
      outing(i, `2026-03-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`, 20),
    );
    const out = leaveConsequences({
      month: '2026-03',
      leaves: [overstayed!, refused],
      substitutes: [],
      outings,
      rules,
      zone: SHANGHAI,
    });
    const byReason = Object.fromEntries(out.map((c) => [c.reason, c]));
    // back 03-03 pm after a leave ending 03-02 pm: 03-03 am is absence
    expect(byReason.overstay!.record).toMatchObject({
      itemCode: 'ABSENCE',
      quantity: 1,
      staffId: A,
      windowId: W2,
      source: 'leave',
      status: 'active',
    });
    // refused at 03-10 09:00 (am): away 03-09 am … 03-10 am = 3 half days
    expect(byReason.refused_afterwards!.record).toMatchObject({ itemCode: 'ABSENCE', quantity: 3, staffId: B });
    expect(byReason.outing_over_limit!.record).toMatchObject({
      itemCode: 'OUTING_OVER_LIMIT',
      quantity: 1,
      source: 'leave',
    });
    expect(byReason.outing_over_limit!.sourceKind).toBe('outing');
    for (const c of out) expect(DeductionRecordSchema.safeParse(c.record).success).toBe(true);
    // Computing again gives the same ids; another month gives none of these.
    expect(
      leaveConsequences({
        month: '2026-03',
        leaves: [overstayed!, refused],
        substitutes: [],
        outings,
        rules,
        zone: SHANGHAI,
      }).map((c) => c.record.id),
    ).toEqual(out.map((c) => c.record.id));
    expect(
      leaveConsequences({
        month: '2026-04',
        leaves: [overstayed!, refused],
        substitutes: [],
        outings,
        rules,
        zone: SHANGHAI,
      }),
    ).toEqual([]);
  });
  it('a leave that needed a substitute and had none (filed afterwards, approved) is NO_SUBSTITUTE; with a confirmed one nothing', () => {
    const l = approveAll(request({ from: hd('2026-02-26', 'am'), to: hd('2026-02-27', 'pm'), today: '2026-03-01' }));
    expect([l.status, l.substituteRequired]).toEqual(['approved', true]);
    const [c] = leaveConsequences({
      month: '2026-02',
      leaves: [l],
      substitutes: [],
      outings: [],
      rules,
      zone: SHANGHAI,
    });
    expect(c).toMatchObject({
      reason: 'no_substitute',
      sourceId: l.id,
      record: { itemCode: 'NO_SUBSTITUTE', quantity: 1 },
    });
    const sub = { leaveId: l.id, status: 'confirmed' } as SubstituteArrangement;
    expect(
      leaveConsequences({ month: '2026-02', leaves: [l], substitutes: [sub], outings: [], rules, zone: SHANGHAI }),
    ).toEqual([]);
  });
  it('the assessment engine scores them under the default scheme', () => {
    const short = approveAll(request());
    const [overstayed] = must(
      closeLeaveChain(
        [short],
        { returnedOn: hd('2026-03-04', 'am'), note: '', certificate: null, at },
        supervision,
        rules,
      ),
    );
    const records = leaveConsequences({
      month: '2026-03',
      leaves: [overstayed!],
      substitutes: [],
      outings: [],
      rules,
      zone: SHANGHAI,
    }).map((c) => c.record);
    const month = assessMonth({
      month: '2026-03',
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
      staff: [{ id: A, name: '甲', windowId: W2, post: 'A', phone: null }],
      deductions: records,
      bonuses: [],
      disqualifications: [],
      dutyPatrols: [],
    });
    expect(month.windows[0]!.score).toBe(98); // ABSENCE 1 point × 2 half days (03-03)
  });
  it('a leave found obtained by deceit (骗假): only the supervision section, only once, only a granted leave; its days taken are ABSENCE, month by month', () => {
    // 03-30 am … 04-02 pm (Mon–Thu): 4 half days in March, 4 in April.
    const asked = request({ from: hd('2026-03-30', 'am'), to: hd('2026-04-02', 'pm') });
    const granted = approveAll(asked, { leaveId: asked.id, status: 'confirmed' } as SubstituteArrangement);
    expect(granted.status).toBe('approved');
    expect(markDeceit(granted, head, '证明系伪造', at)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(markDeceit(granted, { ...supervision, staffId: A }, '证明系伪造', at)).toMatchObject({
      ok: false,
      code: 'forbidden',
    }); // not about one's own leave
    expect(markDeceit(request(), supervision, '证明系伪造', at)).toMatchObject({ ok: false, code: 'conflict' }); // still pending: nothing was obtained
    expect(markDeceit(granted, supervision, '   ', at)).toMatchObject({ ok: false, code: 'invalid' });
    const found = must(markDeceit(granted, supervision, ' 病假证明系伪造 ', at));
    expect(found.deceit).toEqual({
      foundAt: at,
      foundBy: supervision.id,
      foundByName: supervision.name,
      reason: '病假证明系伪造',
    });
    expect(markDeceit(found, supervision, '再次', at)).toMatchObject({ ok: false, code: 'conflict' });

    const march = leaveConsequences({
      month: '2026-03',
      leaves: [found],
      substitutes: [],
      outings: [],
      rules,
      zone: SHANGHAI,
    });
    const april = leaveConsequences({
      month: '2026-04',
      leaves: [found],
      substitutes: [],
      outings: [],
      rules,
      zone: SHANGHAI,
    });
    const deceit = (list: typeof march) => list.find((c) => c.reason === 'deceit')!;
    expect(deceit(march)).toMatchObject({
      sourceKind: 'leave',
      sourceId: found.id,
      record: { itemCode: 'ABSENCE', quantity: 4, staffId: A, source: 'leave' },
    });
    expect(deceit(april).record.quantity).toBe(4);
    expect(deceit(march).explanation.zh).not.toContain('伪造'); // what the deceit was stays with the (private) leave
    expect(
      leaveConsequences({
        month: '2026-03',
        leaves: [granted],
        substitutes: [],
        outings: [],
        rules,
        zone: SHANGHAI,
      }).some((c) => c.reason === 'deceit'),
    ).toBe(false);
    // Closed early (back 04-01 am): only the days taken, 03-30 am … 03-31 pm.
    const [closedEarly] = must(
      closeLeaveChain(
        [found],
        { returnedOn: hd('2026-04-01', 'am'), note: '', certificate: null, at: '2026-04-01T09:00:00+08:00' },
        supervision,
        rules,
      ),
    );
    expect(
      deceit(
        leaveConsequences({
          month: '2026-03',
          leaves: [closedEarly!],
          substitutes: [],
          outings: [],
          rules,
          zone: SHANGHAI,
        }),
      ).record.quantity,
    ).toBe(4);
    expect(
      leaveConsequences({
        month: '2026-04',
        leaves: [closedEarly!],
        substitutes: [],
        outings: [],
        rules,
        zone: SHANGHAI,
      }).some((c) => c.reason === 'deceit'),
    ).toBe(false);
  });
  it('derived ids are UUIDs and differ by key', () => {
    expect(derivedId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId('a')).not.toBe(derivedId('b'));
  });
});
