import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { enqueueMutation, InvalidMutationError } from '../../../src/app/db/outbox';
import { applyPullPage } from '../../../src/app/sync/engine';
import { USER_A, WINDOW_1, makeDb } from './helpers';

const VIOLATION = '66666666-6666-4666-8666-666666666661';

describe('a dispute on the phone (dispute.file)', () => {
  it('is stored with its outbox entry in one go, pending; the pulled server row marks it synced', async () => {
    const db = makeDb();
    const args = {
      id: crypto.randomUUID(),
      violationId: VIOLATION,
      reason: '当时在办理业务',
      filedAt: '2026-11-03T10:00:00+08:00',
    };
    const entry = await enqueueMutation(db, 'dispute.file', args, USER_A);
    expect(entry.rowKey).toBe(`disputes:${args.id}`);
    expect(await db.disputes.get(args.id)).toMatchObject({
      ...args,
      filedBy: USER_A.id,
      filedByName: USER_A.displayName,
      status: 'pending',
      syncState: 'pending',
    });
    expect(await db.outbox.count()).toBe(1);

    // The server applied it; the outbox entry is acknowledged, the next pull brings the row.
    await db.outbox.clear();
    const server = {
      ...args,
      filedAt: '2026-11-03T02:00:00.000Z',
      windowId: WINDOW_1,
      month: '2026-10',
      filedByName: USER_A.displayName,
      filedBy: USER_A.id,
      status: 'overturned',
      decidedBy: USER_A.id,
      decidedByName: 'x',
      decisionReason: '核实属实',
      decidedAt: '2026-11-04T02:00:00.000Z',
    };
    await applyPullPage(db, {
      serverTime: '2026-11-04T03:00:00.000Z',
      changes: [{ seq: 1, entity: 'disputes', id: args.id, op: 'upsert', data: server }],
      cursor: 1,
      hasMore: false,
    });
    expect(await db.disputes.get(args.id)).toMatchObject({
      status: 'overturned',
      month: '2026-10',
      syncState: 'synced',
    });
  });

  it('without a reason it is refused on the phone and nothing is queued', async () => {
    const db = makeDb();
    await expect(
      enqueueMutation(
        db,
        'dispute.file',
        { id: crypto.randomUUID(), violationId: VIOLATION, reason: ' ', filedAt: '2026-11-03T10:00:00+08:00' },
        USER_A,
      ),
    ).rejects.toBeInstanceOf(InvalidMutationError);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.disputes.count()).toBe(0);
  });

  it('a published version lands in its table as it is (no sync state: phones never write it)', async () => {
    const db = makeDb();
    const version = { id: crypto.randomUUID(), month: '2026-10', version: 1, result: { windows: [] } };
    await applyPullPage(db, {
      serverTime: '2026-11-04T03:00:00.000Z',
      changes: [{ seq: 2, entity: 'assessments', id: version.id, op: 'upsert', data: version }],
      cursor: 2,
      hasMore: false,
    });
    expect(await db.assessments.where('month').equals('2026-10').toArray()).toEqual([version]);
  });
});
