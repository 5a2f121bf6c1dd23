import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEME,
  expectedStaff,
  leaveRulesOf,
  type LeaveRequest,
  type SubstituteArrangement,
} from '../../../src/domain';
import type { LocalLeave, LocalSubstitute, WindowDutyDb } from '../../../src/app/db/database';
import { InvalidMutationError } from '../../../src/app/db/outbox';
import * as actions from '../../../src/app/features/leave/actions';
import { expectedAtPost } from '../../../src/app/features/leave/expected';
import { uploadPendingLeaveFiles } from '../../../src/app/features/leave/files';
import { inboxByLeave, inboxFor } from '../../../src/app/features/leave/inbox';
import { describeLeaveChange } from '../../../src/app/features/leave/rejections';
import { sha256Hex } from '../../../src/app/features/patrol/photos';
import { applyPullPage } from '../../../src/app/sync/engine';
import { STAFF_1, USER_A, USER_B, WINDOW_1, makeDb } from './helpers';

const STAFF_2 = '55555555-5555-4555-8555-555555555552';
// The leave machine runs on the phone: who acts carries their role and window (as the cached profile has them).
const ME = { ...USER_A, role: 'staff' as const, staffId: STAFF_1, windowId: WINDOW_1 };
const DEPT = { ...USER_B, role: 'dept_leader' as const, staffId: null, windowId: WINDOW_1 };
const SUPER = { ...USER_A, role: 'supervision' as const, staffId: null, windowId: null };
const OTHER = '55555555-5555-4555-8555-555555555553';
const at = () => new Date('2026-03-02T01:00:00.000Z'); // 09:00 hall time
const rules = leaveRulesOf(DEFAULT_SCHEME);
const pdf = (text: string) => new Blob([`%PDF-1.4 ${text}`], { type: 'application/pdf' });

function serverLeave(id: string, over: Partial<LeaveRequest> = {}): LeaveRequest {
  return {
    id,
    redacted: false,
    staffId: STAFF_1,
    windowId: WINDOW_1,
    requestedBy: USER_A.id,
    requestedByName: USER_A.displayName,
    type: 'sick',
    from: { date: '2026-03-02', half: 'am' },
    to: { date: '2026-03-04', half: 'pm' },
    days: 3,
    reason: '发烧',
    attachments: [],
    status: 'pending',
    steps: [
      { role: 'window_head', decision: null, by: null, byName: null, comment: '', decidedAt: null },
      { role: 'dept_leader', decision: null, by: null, byName: null, comment: '', decidedAt: null },
      { role: 'center_leader', decision: null, by: null, byName: null, comment: '', decidedAt: null },
    ],
    substituteRequired: true,
    substituteReason: 'a 2-person window needs a substitute for leave over 1 day(s)',
    substituteId: null,
    extensionOf: null,
    filedAfterwards: false,
    submittedAt: '2026-03-01T20:00:00+08:00',
    withdrawnAt: null,
    revocation: null,
    closure: null,
    until: { date: '2026-03-04', half: 'pm' },
    ...over,
  };
}

let seq = 0;
async function pulled(db: WindowDutyDb, entity: 'leaves' | 'substitutes' | 'outings', data: { id: string }) {
  seq++;
  await applyPullPage(db, {
    serverTime: new Date().toISOString(),
    changes: [{ seq, entity, id: data.id, op: 'upsert', data: data as never }],
    cursor: seq,
    hasMore: false,
  });
}

describe('leave actions on the phone (row and outbox entry in one transaction)', () => {
  it('a request keeps its documents beside it and queues one change listing them by hash', async () => {
    const db = makeDb();
    const doc = pdf('notice');
    const args = await actions.requestLeave(
      db,
      {
        staffId: STAFF_1,
        windowId: WINDOW_1,
        type: 'official',
        from: { date: '2026-03-02', half: 'pm' },
        to: { date: '2026-03-03', half: 'am' },
        reason: '  市里开会  ',
        documents: [{ blob: doc, kind: 'notice', name: '通知.pdf' }],
      },
      ME,
      at,
    );
    expect(args).toMatchObject({
      reason: '市里开会',
      submittedAt: expect.stringMatching(/^2026-03-02T\d\d:00:00[+-]\d\d:\d\d$/),
      extensionOf: null,
    });
    expect(args.attachments).toEqual([
      { hash: await sha256Hex(doc), kind: 'notice', mime: 'application/pdf', name: '通知.pdf' },
    ]);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ name: 'leave.request', state: 'pending', rowKey: `leaves:${args.id}` });
    expect(await db.leaves.get(args.id)).toMatchObject({ status: 'pending', syncState: 'pending', type: 'official' });
    const files = await db.leave_files.toArray();
    expect(files.map((f) => [f.leaveId, f.hash, f.mime, f.uploaded])).toEqual([
      [args.id, args.attachments[0]!.hash, 'application/pdf', 0],
    ]);
  });

  it('bad input is refused before anything is written', async () => {
    const db = makeDb();
    const noReason = await actions
      .requestLeave(
        db,
        {
          staffId: STAFF_1,
          windowId: WINDOW_1,
          type: 'personal',
          from: { date: '2026-03-02', half: 'am' },
          to: { date: '2026-03-02', half: 'pm' },
          reason: '   ',
        },
        ME,
        at,
      )
      .catch((e) => e);
    expect(noReason).toBeInstanceOf(InvalidMutationError);
    const wrongType = await actions
      .requestLeave(
        db,
        {
          staffId: STAFF_1,
          windowId: WINDOW_1,
          type: 'personal',
          from: { date: '2026-03-02', half: 'am' },
          to: { date: '2026-03-02', half: 'pm' },
          reason: 'x',
          documents: [{ blob: new Blob(['x'], { type: 'text/plain' }), kind: 'other' }],
        },
        ME,
        at,
      )
      .catch((e) => e);
    expect(String(wrongType)).toMatch(/unsupported document type text\/plain/);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.leaves.count()).toBe(0);
    expect(await db.leave_files.count()).toBe(0);
  });

  it('an approver decides offline; naming and confirming a substitute takes the leave out of the inbox at once', async () => {
    const db = makeDb();
    const id = crypto.randomUUID();
    await pulled(
      db,
      'leaves',
      serverLeave(id, {
        steps: serverLeave(id).steps.map((s, i) =>
          i === 0 ? { ...s, decision: 'approved', by: USER_B.id, byName: '班长' } : s,
        ),
      }),
    );
    const dept = {
      id: USER_B.id,
      name: '部门领导',
      role: 'dept_leader' as const,
      staffId: null,
      windowId: WINDOW_1,
      department: '公安局',
    };
    const windows = [{ id: WINDOW_1, department: '公安局' }];
    await db.windows.put({ id: WINDOW_1, department: '公安局' } as never);
    const inbox = async () =>
      inboxFor(dept, await db.leaves.toArray(), await db.substitutes.toArray(), windows, rules)
        .map((i) => i.kind)
        .sort();
    expect(await inbox()).toEqual(['arrange_substitute', 'decide']);

    const named = await actions.nameSubstitute(
      db,
      { leaveId: id, substituteStaffId: OTHER, substituteName: ' 替岗人 ', substitutePhone: '' },
      DEPT,
      at,
    );
    // The optimistic row knows its window and person (from the leave) and the leave's period.
    expect(await db.substitutes.get(named.id)).toMatchObject({
      windowId: WINDOW_1,
      forStaffId: STAFF_1,
      substituteName: '替岗人',
      substitutePhone: null,
      status: 'named',
      from: { date: '2026-03-02', half: 'am' },
      to: { date: '2026-03-04', half: 'pm' },
      syncState: 'pending',
    });
    expect(await inbox()).toEqual(['confirm_substitute', 'decide']);
    await actions.confirmSubstitute(db, named.id, DEPT, at);
    await actions.decideLeave(db, { leaveId: id, step: 1, approve: true, comment: ' 同意 ' }, DEPT, at);
    expect(await inbox()).toEqual([]);
    const row = (await db.leaves.get(id)) as LocalLeave & LeaveRequest;
    expect(row.steps[1]).toMatchObject({ decision: 'approved', by: USER_B.id, comment: '同意' });
    expect((await db.outbox.toArray()).map((e) => e.name)).toEqual([
      'substitute.name',
      'substitute.confirm',
      'leave.decide',
    ]);
  });

  it('an approved leave: ask to revoke, 销假 with the certificate; a leave not on the phone cannot be changed', async () => {
    const db = makeDb();
    const id = crypto.randomUUID();
    await pulled(db, 'leaves', serverLeave(id, { status: 'approved' }));
    await actions.requestRevoke(db, id, ' 提前康复 ', ME, at);
    expect(((await db.leaves.get(id)) as LeaveRequest).revocation).toMatchObject({ reason: '提前康复', answer: null });
    const cert = pdf('证明');
    const closed = await actions.closeLeave(
      db,
      { leaveId: id, returnedOn: { date: '2026-03-04', half: 'am' }, note: '', certificate: cert },
      ME,
      at,
    );
    expect(closed.certificate).toEqual({ hash: await sha256Hex(cert), kind: 'certificate', mime: 'application/pdf' });
    expect(await db.leaves.get(id)).toMatchObject({ status: 'closed', syncState: 'pending' });
    expect((await db.leave_files.toArray()).map((f) => f.hash)).toEqual([closed.certificate!.hash]);
    const withdraw = await actions.withdrawLeave(db, crypto.randomUUID(), ME, at).catch((e) => e);
    expect(withdraw).toBeInstanceOf(InvalidMutationError); // not on this phone
    expect((await db.outbox.toArray()).map((e) => e.name)).toEqual(['leave.revoke_request', 'leave.close']);
  });

  it('an outing: leaving and return', async () => {
    const db = makeDb();
    const started = await actions.startOuting(db, { staffId: STAFF_1, windowId: WINDOW_1, purpose: '送材料' }, ME, at);
    await actions.returnFromOuting(db, started.id, ME, () => new Date('2026-03-02T02:30:00.000Z'));
    const row = await db.outings.get(started.id);
    expect(row).toMatchObject({ purpose: '送材料', expectedReturnAt: null, syncState: 'pending' });
    expect(Date.parse(row!.returnedAt!) - Date.parse(row!.startedAt)).toBe(90 * 60_000);
  });

  it('the supervision section logs the temporary badge on a confirmed arrangement', async () => {
    const db = makeDb();
    const sub: SubstituteArrangement = {
      id: crypto.randomUUID(),
      leaveId: crypto.randomUUID(),
      windowId: WINDOW_1,
      forStaffId: STAFF_1,
      substituteStaffId: null,
      substituteName: '替岗人',
      substitutePhone: null,
      from: { date: '2026-03-02', half: 'am' },
      to: { date: '2026-03-04', half: 'pm' },
      status: 'confirmed',
      namedBy: USER_B.id,
      namedByName: '部门领导',
      namedAt: '2026-03-01T10:00:00+08:00',
      confirmedBy: USER_B.id,
      confirmedByName: '部门领导',
      confirmedAt: '2026-03-01T10:00:00+08:00',
      reportedAt: '2026-03-01T10:00:00+08:00',
      badgeNumber: null,
      badgeIssuedAt: null,
      badgeIssuedByName: null,
      badgeReturnedAt: null,
      badgeReturnedByName: null,
    };
    await pulled(db, 'substitutes', sub);
    await actions.issueBadge(db, sub.id, ' LS-07 ', SUPER, at);
    expect(await db.substitutes.get(sub.id)).toMatchObject({
      badgeNumber: 'LS-07',
      badgeIssuedByName: USER_A.displayName,
    });
    await actions.returnBadge(db, sub.id, SUPER, at);
    expect((await db.substitutes.get(sub.id))?.badgeReturnedAt).toBeTruthy();
  });
});

describe('leave documents upload after the server lists them', () => {
  it('waits for the synced row that names the hash, sends the bytes with their type, keeps a refused one', async () => {
    const db = makeDb();
    const id = crypto.randomUUID();
    const cert = pdf('c1');
    const hash = await sha256Hex(cert);
    await db.leave_files.put({
      leaveId: id,
      hash,
      mime: 'application/pdf',
      blob: cert,
      uploaded: 0,
      createdAt: '2026-03-02T01:00:00.000Z',
    });
    const calls: { url: string; type: string | null }[] = [];
    let status = 404;
    const fetchFn = async (url: string, init?: RequestInit) => {
      calls.push({ url, type: new Headers(init?.headers).get('content-type') });
      return new Response('{}', { status });
    };
    expect(await uploadPendingLeaveFiles(db, fetchFn)).toBe(0); // the leave is not on the phone
    await pulled(db, 'leaves', serverLeave(id));
    expect(await uploadPendingLeaveFiles(db, fetchFn)).toBe(0); // on the phone, but not listing it yet
    expect(calls).toHaveLength(0);

    await pulled(
      db,
      'leaves',
      serverLeave(id, {
        attachments: [
          {
            hash,
            kind: 'certificate',
            mime: 'application/pdf',
            addedAt: '2026-03-02T09:00:00+08:00',
            addedBy: USER_A.id,
          },
        ],
      }),
    );
    expect(await uploadPendingLeaveFiles(db, fetchFn)).toBe(0); // 404: the server is behind; tried again later
    expect((await db.leave_files.get([id, hash]))?.uploaded).toBe(0);
    status = 201;
    expect(await uploadPendingLeaveFiles(db, fetchFn)).toBe(1);
    expect(calls.at(-1)).toEqual({ url: `/api/leave-files/${hash}?leaveId=${id}`, type: 'application/pdf' });
    expect((await db.leave_files.get([id, hash]))?.uploaded).toBe(1);

    const other = pdf('c2');
    const otherHash = await sha256Hex(other);
    await db.leave_files.put({
      leaveId: id,
      hash: otherHash,
      mime: 'application/pdf',
      blob: other,
      uploaded: 0,
      createdAt: '2026-03-02T02:00:00.000Z',
    });
    await pulled(
      db,
      'leaves',
      serverLeave(id, {
        attachments: [
          {
            hash: otherHash,
            kind: 'certificate',
            mime: 'application/pdf',
            addedAt: '2026-03-02T09:00:00+08:00',
            addedBy: USER_B.id,
          },
        ],
      }),
    );
    status = 403;
    expect(await uploadPendingLeaveFiles(db, fetchFn)).toBe(0);
    expect((await db.leave_files.get([id, otherHash]))?.uploaded).toBe(2); // refused for good: kept, not retried
  });
});

describe('the patrol screen reads who is away from synced rows', () => {
  it('on leave until … (no reason), the substitute with the badge; a leave not yet confirmed by the server excuses nobody', () => {
    const leave = {
      ...serverLeave('00000000-0000-4000-8000-000000000001', { status: 'approved' }),
      syncState: 'synced',
    } as LocalLeave;
    const summary: LocalLeave = {
      id: '00000000-0000-4000-8000-000000000002',
      redacted: true,
      staffId: STAFF_2,
      windowId: WINDOW_1,
      from: leave.from,
      to: leave.to,
      until: leave.to,
      status: 'approved',
      substituteRequired: false,
      substituteId: null,
      extensionOf: null,
      filedAfterwards: false,
      syncState: 'pending',
    };
    const sub: LocalSubstitute = {
      id: '00000000-0000-4000-8000-000000000003',
      leaveId: leave.id,
      windowId: WINDOW_1,
      forStaffId: STAFF_1,
      substituteStaffId: null,
      substituteName: '替岗人',
      substitutePhone: null,
      from: leave.from,
      to: leave.to,
      status: 'confirmed',
      namedBy: USER_B.id,
      namedByName: '部门',
      namedAt: '2026-03-01T10:00:00+08:00',
      confirmedBy: USER_B.id,
      confirmedByName: '部门',
      confirmedAt: '2026-03-01T10:00:00+08:00',
      reportedAt: '2026-03-01T10:00:00+08:00',
      badgeNumber: 'LS-07',
      badgeIssuedAt: '2026-03-02T08:00:00+08:00',
      badgeIssuedByName: '督查科',
      badgeReturnedAt: null,
      badgeReturnedByName: null,
      syncState: 'synced',
    };
    const atPost = expectedAtPost({ leaves: [leave, summary], outings: [], substitutes: [sub] }, 'Asia/Shanghai');
    const staff = [
      { id: STAFF_1, name: '甲', windowId: WINDOW_1, post: 'A' },
      { id: STAFF_2, name: '乙', windowId: WINDOW_1, post: 'B' },
    ];
    const people = expectedStaff(WINDOW_1, staff, '2026-03-03T10:00:00+08:00', atPost.inputs);
    expect(people.map((p) => [p.name, p.state, atPost.note(p, WINDOW_1, 'zh')])).toEqual([
      ['甲', 'away', '请假至3月4日下午'],
      ['替岗人', 'expected', '替岗 临时挂牌LS-07'],
      ['乙', 'expected', ''], // the pending summary does not excuse yet
    ]);
    expect(atPost.note(people[0]!, WINDOW_1, 'en')).toBe('on leave until 4 Mar afternoon');
  });

  it('a refused leave change reads with whose leave and which step', () => {
    const leave = { ...serverLeave('00000000-0000-4000-8000-000000000001'), syncState: 'rejected' } as LocalLeave;
    const text = describeLeaveChange(
      { name: 'leave.decide', args: { leaveId: leave.id, step: 1, decision: 'approve' } },
      new Map([[leave.id, leave]]),
      () => '甲',
      'zh',
    );
    expect(text).toBe('请假审批 · 甲 · 3月2日上午–3月4日下午 · 第2步 批准');
  });
});

describe('another user on the same phone', () => {
  it('keeps only the leave documents still waiting to be uploaded', async () => {
    const { prepareForUser } = await import('../../../src/app/sync/engine');
    const db = makeDb();
    await prepareForUser(db, USER_A.id);
    const leaveId = crypto.randomUUID();
    await db.leave_files.bulkPut([
      {
        leaveId,
        hash: 'a'.repeat(64),
        mime: 'application/pdf',
        blob: pdf('1'),
        uploaded: 1,
        createdAt: '2026-03-02T01:00:00.000Z',
      },
      {
        leaveId,
        hash: 'b'.repeat(64),
        mime: 'application/pdf',
        blob: pdf('2'),
        uploaded: 0,
        createdAt: '2026-03-02T01:00:00.000Z',
      },
    ]);
    await prepareForUser(db, USER_B.id);
    expect((await db.leave_files.toArray()).map((f) => f.hash)).toEqual(['b'.repeat(64)]);
  });
});

describe('销假 of a leave with an extension (续假)', () => {
  it('keeps the certificate under the last approved extension, where the server files it', async () => {
    const db = makeDb();
    const base = crypto.randomUUID();
    const ext = crypto.randomUUID();
    await pulled(db, 'leaves', serverLeave(base, { status: 'approved' }));
    await pulled(
      db,
      'leaves',
      serverLeave(ext, {
        status: 'approved',
        extensionOf: base,
        from: { date: '2026-03-05', half: 'am' },
        to: { date: '2026-03-05', half: 'pm' },
        until: { date: '2026-03-05', half: 'pm' },
      }),
    );
    const cert = pdf('ext');
    await actions.closeLeave(
      db,
      { leaveId: base, returnedOn: { date: '2026-03-06', half: 'am' }, note: '', certificate: cert },
      ME,
      at,
    );
    expect((await db.leave_files.toArray()).map((f) => f.leaveId)).toEqual([ext]);
  });
});

describe('the approver inbox order', () => {
  it('lists the leave that starts soonest first (then the one asked for first), whatever the ids', () => {
    const head = {
      id: USER_B.id,
      name: '班长',
      role: 'window_head' as const,
      staffId: null,
      windowId: WINDOW_1,
      department: '公安局',
    };
    const windows = [{ id: WINDOW_1, department: '公安局' }];
    const day = (date: string, half: 'am' | 'pm' = 'am') => ({ date, half });
    const leave = (id: string, from: { date: string; half: 'am' | 'pm' }, submittedAt: string): LocalLeave => ({
      ...serverLeave(id, { from, to: from, until: from, days: 0.5, substituteRequired: false, submittedAt }),
      syncState: 'synced',
    });
    // Ids in the opposite order of what the approver should see.
    const rows = [
      leave('ffffffff-0000-4000-8000-000000000001', day('2026-03-05'), '2026-03-01T08:00:00+08:00'),
      leave('eeeeeeee-0000-4000-8000-000000000002', day('2026-03-16'), '2026-03-01T07:00:00+08:00'),
      leave('dddddddd-0000-4000-8000-000000000003', day('2026-03-05', 'pm'), '2026-03-01T06:00:00+08:00'),
      leave('cccccccc-0000-4000-8000-000000000004', day('2026-03-05'), '2026-03-01T09:00:00+08:00'),
      leave('bbbbbbbb-0000-4000-8000-000000000005', day('2026-03-09'), '2026-03-01T05:00:00+08:00'),
    ];
    const order = inboxByLeave(inboxFor(head, rows, [], windows, rules)).map((e) => e.leaveId.slice(0, 8));
    expect(order).toEqual(['ffffffff', 'cccccccc', 'dddddddd', 'bbbbbbbb', 'eeeeeeee']);
  });
});
