import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  answerRevoke,
  attachDocument,
  closeLeaveChain,
  confirmSubstitute,
  decideStep,
  issueBadge,
  leaveRulesOf,
  markDeceit,
  nameSubstitute,
  newLeaveRequest,
  previewLeave,
  requestRevoke,
  returnBadge,
  returnFromOuting,
  startOuting,
  withdrawLeave,
  type Actor,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../../src/domain';
import type { WindowDutyDb } from '../../../src/app/db/database';
import { withoutLocalFields } from '../../../src/app/db/shadow';
import { LeaveRefusedError } from '../../../src/app/db/leave-effects';
import * as actions from '../../../src/app/features/leave/actions';
import { sha256Hex } from '../../../src/app/features/patrol/photos';
import { applyPullPage } from '../../../src/app/sync/engine';
import { STAFF_1, WINDOW_1, makeDb } from './helpers';

/**
 * Issue 12 §3: the phone's optimistic row of every leave action is what the domain's machine
 * (the transitions the server applies) makes of the row the phone holds — no copy of the rules.
 */

const STAFF_2 = '55555555-5555-4555-8555-555555555552';
const DEPT = '公安局';
const rules = leaveRulesOf(null);
const window = { id: WINDOW_1, department: DEPT };
const at = () => new Date('2026-03-02T01:00:00.000Z'); // 09:00 in the hall
const AT = '2026-03-02T09:00:00+08:00';

const actor = (over: Partial<Actor> & Pick<Actor, 'id' | 'role'>): Actor => ({
  name: over.role,
  staffId: null,
  windowId: null,
  department: null,
  ...over,
});
const ME = actor({ id: '11111111-1111-4111-8111-111111111111', role: 'staff', staffId: STAFF_1, windowId: WINDOW_1 });
const HEAD = actor({
  id: '22222222-2222-4222-8222-222222222222',
  role: 'window_head',
  staffId: STAFF_2,
  windowId: WINDOW_1,
  department: DEPT,
});
const SUPER = actor({ id: '66666666-6666-4666-8666-666666666666', role: 'supervision' });
/** The outbox's user as a screen passes it: the profile's role and window. */
const userOf = (a: Actor) => ({
  id: a.id,
  displayName: a.name,
  role: a.role,
  staffId: a.staffId,
  windowId: a.windowId,
});

function serverLeave(id: string, over: Partial<LeaveRequest> = {}): LeaveRequest {
  return {
    id,
    redacted: false,
    staffId: STAFF_1,
    windowId: WINDOW_1,
    requestedBy: ME.id,
    requestedByName: ME.name,
    type: 'personal',
    from: { date: '2026-03-02', half: 'am' },
    to: { date: '2026-03-02', half: 'pm' },
    days: 1,
    reason: '家事',
    attachments: [],
    status: 'pending',
    steps: [{ role: 'window_head', decision: null, by: null, byName: null, comment: '', decidedAt: null }],
    substituteRequired: false,
    substituteReason: '',
    substituteId: null,
    extensionOf: null,
    filedAfterwards: false,
    submittedAt: '2026-03-01T20:00:00+08:00',
    withdrawnAt: null,
    revocation: null,
    closure: null,
    until: { date: '2026-03-02', half: 'pm' },
    ...over,
  };
}

const approved = (id: string, over: Partial<LeaveRequest> = {}) =>
  serverLeave(id, {
    status: 'approved',
    steps: [{ role: 'window_head', decision: 'approved', by: HEAD.id, byName: HEAD.name, comment: '', decidedAt: AT }],
    ...over,
  });

function substitute(leave: LeaveRequest, over: Partial<SubstituteArrangement> = {}): SubstituteArrangement {
  return {
    id: crypto.randomUUID(),
    leaveId: leave.id,
    windowId: WINDOW_1,
    forStaffId: STAFF_1,
    substituteStaffId: STAFF_2,
    substituteName: '乙',
    substitutePhone: null,
    from: leave.from,
    to: leave.to,
    status: 'named',
    namedBy: HEAD.id,
    namedByName: HEAD.name,
    namedAt: AT,
    confirmedBy: null,
    confirmedByName: null,
    confirmedAt: null,
    reportedAt: null,
    badgeNumber: null,
    badgeIssuedAt: null,
    badgeIssuedByName: null,
    badgeReturnedAt: null,
    badgeReturnedByName: null,
    ...over,
  };
}

let seq = 0;
async function pulled(db: WindowDutyDb, entity: 'leaves' | 'substitutes' | 'outings', data: { id: string }) {
  seq++;
  await applyPullPage(db, {
    serverTime: '2026-03-02T01:00:00.000Z',
    changes: [{ seq, entity, id: data.id, op: 'upsert', data: data as never }],
    cursor: seq,
    hasMore: false,
  });
}

async function hall(): Promise<WindowDutyDb> {
  const db = makeDb();
  await db.windows.put({ id: WINDOW_1, department: DEPT } as never);
  await db.staff.bulkPut([
    { id: STAFF_1, name: '甲', windowId: WINDOW_1 } as never,
    { id: STAFF_2, name: '乙', windowId: WINDOW_1 } as never,
  ]);
  return db;
}

/** The row as the server would have it: the phone's own fields left out. */
const shown = (row: unknown) => withoutLocalFields(row as Record<string, unknown>);

function value<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('each leave action: the optimistic row is the machine’s result', () => {
  it('leave.request: the chain, days and substitute need as the preview computes them', async () => {
    const db = await hall();
    const args = await actions.requestLeave(
      db,
      {
        staffId: STAFF_1,
        windowId: WINDOW_1,
        type: 'personal',
        from: { date: '2026-03-03', half: 'am' },
        to: { date: '2026-03-05', half: 'pm' },
        reason: '家事',
      },
      userOf(ME),
      at,
    );
    const preview = previewLeave(args, {
      rules,
      windowStaffIds: [STAFF_1, STAFF_2],
      leaves: [],
      substitutes: [],
      requesterRole: 'staff',
      today: '2026-03-02',
    });
    const expected = value(newLeaveRequest(args, preview, ME, WINDOW_1));
    expect(expected.steps.length).toBeGreaterThan(0);
    expect(shown(await db.leaves.get(args.id))).toEqual(expected);
    expect(await db.leaves.get(args.id)).toMatchObject({ syncState: 'pending' });
  });

  it('leave.decide, attach, withdraw', async () => {
    const db = await hall();
    const id = crypto.randomUUID();
    const leave = serverLeave(id);
    await pulled(db, 'leaves', leave);
    await actions.decideLeave(db, { leaveId: id, step: 0, approve: true, comment: ' 同意 ' }, userOf(HEAD), at);
    const decided = value(
      decideStep(leave, { step: 0, decision: 'approve', comment: '同意', decidedAt: AT }, HEAD, window, null, rules),
    );
    expect(decided.status).toBe('approved');
    expect(shown(await db.leaves.get(id))).toEqual(decided);

    const other = crypto.randomUUID();
    const pendingLeave = serverLeave(other, {
      from: { date: '2026-03-09', half: 'am' },
      to: { date: '2026-03-09', half: 'pm' },
    });
    await pulled(db, 'leaves', pendingLeave);
    const doc = new Blob(['%PDF-1.4 x'], { type: 'application/pdf' });
    await actions.attachToLeave(db, other, { blob: doc, kind: 'other' }, userOf(ME), at);
    const ref = { hash: await sha256Hex(doc), kind: 'other' as const, mime: 'application/pdf' as const };
    const attached = value(attachDocument(pendingLeave, ref, ME, AT));
    expect(shown(await db.leaves.get(other))).toEqual(attached);
    await actions.withdrawLeave(db, other, userOf(ME), at);
    expect(shown(await db.leaves.get(other))).toEqual(value(withdrawLeave(attached, ME, AT)));
  });

  it('revoke asked and answered; deceit found; 销假', async () => {
    const db = await hall();
    const id = crypto.randomUUID();
    const leave = approved(id);
    await pulled(db, 'leaves', leave);
    await actions.requestRevoke(db, id, ' 提前办完 ', userOf(ME), at);
    const asked = value(requestRevoke(leave, ME, '提前办完', AT));
    expect(shown(await db.leaves.get(id))).toEqual(asked);
    await actions.answerRevoke(db, id, false, ' 不同意 ', userOf(HEAD), at);
    const answered = value(answerRevoke(asked, HEAD, window, false, '不同意', AT));
    expect(shown(await db.leaves.get(id))).toEqual(answered);

    await actions.markDeceit(db, id, ' 病假条系伪造 ', userOf(SUPER), at);
    const found = value(markDeceit(answered, SUPER, '病假条系伪造', AT));
    expect(shown(await db.leaves.get(id))).toEqual(found);

    const closing = crypto.randomUUID();
    const long = approved(closing, {
      from: { date: '2026-03-09', half: 'am' },
      to: { date: '2026-03-11', half: 'pm' },
      until: { date: '2026-03-11', half: 'pm' },
    });
    await pulled(db, 'leaves', long);
    const returnedOn = { date: '2026-03-11', half: 'am' as const };
    await actions.closeLeave(db, { leaveId: closing, returnedOn, note: ' 回岗 ' }, userOf(ME), at);
    const [closed] = value(closeLeaveChain([long], { returnedOn, note: '回岗', certificate: null, at: AT }, ME, rules));
    expect(closed!.until).toEqual({ date: '2026-03-10', half: 'pm' });
    expect(shown(await db.leaves.get(closing))).toEqual(closed);
  });

  it('a substitute named, confirmed, badged and the badge returned', async () => {
    const db = await hall();
    const leave = serverLeave(crypto.randomUUID());
    await pulled(db, 'leaves', leave);
    const args = await actions.nameSubstitute(
      db,
      { leaveId: leave.id, substituteStaffId: STAFF_2, substituteName: '乙', substitutePhone: '13800000000' },
      userOf(ME),
      at,
    );
    const named = value(nameSubstitute(leave, { ...args }, ME, window));
    expect(named).toMatchObject({ windowId: WINDOW_1, forStaffId: STAFF_1 }); // from the leave, by the machine
    expect(shown(await db.substitutes.get(args.id))).toEqual(named);
    await actions.confirmSubstitute(db, args.id, userOf(HEAD), at);
    const confirmed = value(confirmSubstitute(named, HEAD, window, AT));
    expect(shown(await db.substitutes.get(args.id))).toEqual(confirmed);
    await actions.issueBadge(db, args.id, ' LS-01 ', userOf(SUPER), at);
    const badged = value(issueBadge(confirmed, SUPER, 'LS-01', AT));
    expect(shown(await db.substitutes.get(args.id))).toEqual(badged);
    await actions.returnBadge(db, args.id, userOf(SUPER), at);
    expect(shown(await db.substitutes.get(args.id))).toEqual(value(returnBadge(badged, SUPER, AT)));
  });

  it('an outing started and returned', async () => {
    const db = await hall();
    const args = await actions.startOuting(
      db,
      { staffId: STAFF_1, windowId: WINDOW_1, purpose: '送材料' },
      userOf(ME),
      at,
    );
    const started: Outing = value(startOuting(args, ME, window, []));
    expect(shown(await db.outings.get(args.id))).toEqual(started);
    const back = await actions.returnFromOuting(db, args.id, userOf(ME), () => new Date('2026-03-02T02:00:00.000Z'));
    expect(shown(await db.outings.get(args.id))).toEqual(value(returnFromOuting(started, ME, window, back.returnedAt)));
  });
});

describe('what the machine refuses on the phone is not queued', () => {
  it('a staff member cannot approve, the requester cannot confirm their own substitute; the row stays the server’s', async () => {
    const db = await hall();
    const leave = serverLeave(crypto.randomUUID());
    await pulled(db, 'leaves', leave);
    const own = await actions
      .decideLeave(db, { leaveId: leave.id, step: 0, approve: true, comment: '' }, userOf(ME), at)
      .catch((e) => e);
    expect(own).toBeInstanceOf(LeaveRefusedError);
    expect(own).toMatchObject({ code: 'forbidden' });
    expect((own as LeaveRefusedError).messageZh).toMatch(/^未保存：您的账号无权做这项更改/);
    const sub = substitute(leave);
    await pulled(db, 'substitutes', sub);
    const self = await actions.confirmSubstitute(db, sub.id, userOf(ME), at).catch((e) => e);
    expect(self).toMatchObject({ code: 'forbidden' });
    expect(await db.outbox.count()).toBe(0);
    expect(shown(await db.leaves.get(leave.id))).toEqual(leave);
    expect(await db.leaves.get(leave.id)).toMatchObject({ syncState: 'synced' });
  });

  it('the user’s role comes from the cached profile when the caller gives only the id', async () => {
    const db = await hall();
    await db.meta.put({
      key: 'profile',
      value: {
        id: HEAD.id,
        username: 'head1',
        displayName: HEAD.name,
        role: 'window_head',
        staffId: STAFF_2,
        windowId: WINDOW_1,
        floorId: null,
      },
    });
    const leave = serverLeave(crypto.randomUUID());
    await pulled(db, 'leaves', leave);
    await actions.decideLeave(
      db,
      { leaveId: leave.id, step: 0, approve: false, comment: '人手不足' },
      { id: HEAD.id },
      at,
    );
    expect(await db.leaves.get(leave.id)).toMatchObject({ status: 'rejected', syncState: 'pending' });
  });
});
