import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LeaveRequest } from '../../../src/domain';
import { InvalidMutationError, enqueueMutation } from '../../../src/app/db/outbox';
import { applyPullPage, prepareForUser } from '../../../src/app/sync/engine';
import { STAFF_1, USER_A, USER_B, WINDOW_1, makeDb } from './helpers';

// The leave machine runs on the phone: who acts carries their role and window.
const ME = { ...USER_A, role: 'staff' as const, staffId: STAFF_1, windowId: WINDOW_1 };
const HEAD = { ...USER_B, role: 'window_head' as const, staffId: null, windowId: WINDOW_1 };

const leaveArgs = () => ({
  id: crypto.randomUUID(),
  staffId: STAFF_1,
  windowId: WINDOW_1,
  type: 'sick',
  from: { date: '2026-03-02', half: 'am' as const },
  to: { date: '2026-03-04', half: 'pm' as const },
  reason: '发烧',
  attachments: [],
  extensionOf: null,
  submittedAt: '2026-03-01T20:00:00+08:00',
});

const serverLeave = (id: string): LeaveRequest => ({
  ...leaveArgs(),
  id,
  redacted: false,
  requestedBy: USER_A.id,
  requestedByName: '甲',
  days: 3,
  attachments: [],
  status: 'pending',
  steps: [
    { role: 'window_head', decision: null, by: null, byName: null, comment: '', decidedAt: null },
    { role: 'center_leader', decision: null, by: null, byName: null, comment: '', decidedAt: null },
  ],
  substituteRequired: true,
  substituteReason: '',
  substituteId: null,
  filedAfterwards: false,
  withdrawnAt: null,
  revocation: null,
  closure: null,
  until: { date: '2026-03-04', half: 'pm' },
});

describe('leave on the phone, offline', () => {
  it('a request is stored with its outbox entry in one go, pending', async () => {
    const db = makeDb();
    const args = leaveArgs();
    const entry = await enqueueMutation(db, 'leave.request', args, ME);
    expect(entry.rowKey).toBe(`leaves:${args.id}`);
    expect(await db.leaves.get(args.id)).toMatchObject({
      id: args.id,
      status: 'pending',
      reason: '发烧',
      requestedBy: USER_A.id,
      syncState: 'pending',
    });
    const bad = await enqueueMutation(db, 'leave.request', { ...args, id: crypto.randomUUID(), reason: ' ' }, ME).catch(
      (e) => e,
    );
    expect(bad).toBeInstanceOf(InvalidMutationError);
    expect(await db.outbox.count()).toBe(1);
  });

  it('an approver decides a pulled request offline; the row shows it until the server answers', async () => {
    const db = makeDb();
    const id = crypto.randomUUID();
    await applyPullPage(db, {
      serverTime: new Date().toISOString(),
      changes: [{ seq: 1, entity: 'leaves', id, op: 'upsert', data: serverLeave(id) }],
      cursor: 1,
      hasMore: false,
    });
    expect(await db.leaves.get(id)).toMatchObject({ syncState: 'synced' });
    await enqueueMutation(
      db,
      'leave.decide',
      { leaveId: id, step: 0, decision: 'approve', comment: '同意', decidedAt: '2026-03-01T21:00:00+08:00' },
      HEAD,
    );
    const row = (await db.leaves.get(id)) as LeaveRequest & { syncState: string };
    expect(row.steps[0]).toMatchObject({
      decision: 'approved',
      by: USER_B.id,
      byName: USER_B.displayName,
      decidedAt: '2026-03-01T21:00:00+08:00',
    });
    expect(row.syncState).toBe('pending');
    // A pull while the decision waits keeps the local row.
    await applyPullPage(db, {
      serverTime: new Date().toISOString(),
      changes: [{ seq: 2, entity: 'leaves', id, op: 'upsert', data: serverLeave(id) }],
      cursor: 2,
      hasMore: false,
    });
    expect(((await db.leaves.get(id)) as LeaveRequest).steps[0]!.decision).toBe('approved');
  });

  it('a change of a leave not on the phone cannot be queued', async () => {
    const db = makeDb();
    const error = await enqueueMutation(
      db,
      'leave.withdraw',
      { leaveId: crypto.randomUUID(), at: '2026-03-01T21:00:00+08:00' },
      USER_A,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidMutationError);
    expect(await db.outbox.count()).toBe(0);
  });

  it("another user signing in on the phone does not keep the previous user's leave rows", async () => {
    const db = makeDb();
    await prepareForUser(db, USER_A.id);
    const id = crypto.randomUUID();
    await applyPullPage(db, {
      serverTime: new Date().toISOString(),
      changes: [{ seq: 1, entity: 'leaves', id, op: 'upsert', data: serverLeave(id) }],
      cursor: 1,
      hasMore: false,
    });
    // Another week: the machine refuses a request overlapping one's own leave.
    const queued = {
      ...leaveArgs(),
      from: { date: '2026-03-09', half: 'am' as const },
      to: { date: '2026-03-10', half: 'pm' as const },
    };
    await enqueueMutation(db, 'leave.request', queued, ME);
    await prepareForUser(db, USER_B.id);
    expect((await db.leaves.toArray()).map((l) => l.id)).toEqual([queued.id]); // only the one still waiting to be sent
  });
});
