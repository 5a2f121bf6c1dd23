import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { META } from '../../../src/app/db/database';
import { InvalidMutationError, discardRejected, enqueueMutation } from '../../../src/app/db/outbox';
import { forwardAsLate, updateViolation, withdrawViolation } from '../../../src/app/features/patrol/corrections';
import { SyncEngine } from '../../../src/app/sync/engine';
import { FakeClock, SERVER_TIME, STAFF_1, USER_A, fakeFetch, json, makeDb, route, violationArgs } from './helpers';

function rejectAll(code: string) {
  return fakeFetch(
    route({
      push: (req) =>
        json(422, {
          serverTime: SERVER_TIME,
          clockSkewMs: 0,
          results: req.body.mutations.map((m: { id: string }) => ({
            id: m.id,
            status: 'rejected',
            code,
            reason: `${code}!`,
          })),
        }),
    }),
  );
}

describe('corrections on the phone', () => {
  it('update and withdraw change the local row and queue the mutation', async () => {
    const db = makeDb();
    const args = violationArgs();
    await enqueueMutation(db, 'violation.record', args, USER_A);
    await updateViolation(db, { id: args.id, count: 2, staffId: STAFF_1 }, USER_A);
    expect(await db.violations.get(args.id)).toMatchObject({
      count: 2,
      staffId: STAFF_1,
      itemCode: 'OFF_POST',
      syncState: 'pending',
    });
    await withdrawViolation(db, args.id, ' 记错了 ', USER_A);
    expect(await db.violations.get(args.id)).toMatchObject({ status: 'withdrawn', withdrawReason: '记错了' });
    expect((await db.outbox.toArray()).map((e) => e.name)).toEqual([
      'violation.record',
      'violation.update',
      'violation.withdraw',
    ]);
    await expect(updateViolation(db, { id: crypto.randomUUID(), count: 2 }, USER_A)).rejects.toBeInstanceOf(
      InvalidMutationError,
    );
  });

  it('a record rejected as closed is forwarded as a late submission, replacing the rejected entry', async () => {
    const db = makeDb();
    const args = violationArgs();
    await enqueueMutation(db, 'violation.record', args, USER_A);
    await new SyncEngine({
      db,
      fetch: rejectAll('closed').fn,
      clock: new FakeClock(),
      getUser: () => ({ id: USER_A.id }),
    }).sync('manual');
    const rejected = (await db.outbox.toArray())[0]!;
    expect(rejected).toMatchObject({ state: 'rejected', code: 'closed' });
    const lateId = await forwardAsLate(db, rejected.id, '当天无网络', USER_A);
    expect(lateId).toBeTruthy();
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      name: 'violation.late_submit',
      state: 'pending',
      args: { id: lateId, reason: '当天无网络', violation: { id: args.id } },
    });
    expect(await db.violations.get(args.id)).toMatchObject({ lateSubmissionId: lateId, syncState: 'pending' });
    // Only closed rejections can be forwarded.
    expect(await forwardAsLate(db, entries[0]!.id, '', USER_A)).toBeNull();
  });

  it('discarding a rejected correction keeps the restored server row and clears its note', async () => {
    const db = makeDb();
    const args = violationArgs();
    await db.violations.put({ ...args, recordedBy: USER_A.id, status: 'active', syncState: 'synced' });
    await db.meta.put({ key: META.cursor, value: 42 });
    await updateViolation(db, { id: args.id, count: 5 }, USER_A);
    await new SyncEngine({
      db,
      fetch: rejectAll('closed').fn,
      clock: new FakeClock(),
      getUser: () => ({ id: USER_A.id }),
    }).sync('manual');
    const entry = (await db.outbox.toArray())[0]!;
    await db.meta.put({ key: META.cursor, value: 42 });
    await discardRejected(db, entry.id);
    expect(await db.outbox.count()).toBe(0);
    // The row already shows the server's version (restored when refused): no pull from scratch.
    expect(await db.violations.get(args.id)).toMatchObject({ count: 1, syncState: 'synced' });
    expect((await db.violations.get(args.id))?.refused).toBeUndefined();
    expect((await db.meta.get(META.cursor))?.value).toBe(42);
  });
});
