import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/domain';
import { enqueueMutation } from '../../../src/app/db/outbox';
import { updateViolation, withdrawViolation } from '../../../src/app/features/patrol/corrections';
import { SyncEngine } from '../../../src/app/sync/engine';
import { FakeClock, SERVER_TIME, USER_A, fakeFetch, json, makeDb, pullFrom, route, violationArgs } from './helpers';

/** Issue 13 §6: a refused change never shows as if it had happened. */

function refuse(code: string, pull = pullFrom([])) {
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
            reason: '月份已结账',
          })),
        }),
      pull,
    }),
  );
}

function engine(db: ReturnType<typeof makeDb>, fetch: ReturnType<typeof fakeFetch>) {
  return new SyncEngine({ db, fetch: fetch.fn, clock: new FakeClock(), getUser: () => ({ id: USER_A.id }) });
}

async function serverRow(db: ReturnType<typeof makeDb>, overrides: Record<string, unknown> = {}) {
  const args = violationArgs({ note: '原备注', ...overrides });
  await db.violations.put({ ...args, recordedBy: USER_A.id, status: 'active', syncState: 'synced' });
  return args;
}

describe('a refused change of a row the server has', () => {
  it('keeps the server version beside a local change, and restores it when refused', async () => {
    const db = makeDb();
    const args = await serverRow(db);
    await updateViolation(db, { id: args.id, note: '新备注', count: 3 }, USER_A);
    const patched = await db.violations.get(args.id);
    expect(patched).toMatchObject({
      note: '新备注',
      count: 3,
      syncState: 'pending',
      serverVersion: { note: '原备注', count: 1 },
    });
    expect(patched?.serverVersion).not.toHaveProperty('syncState');

    await engine(db, refuse('closed')).sync('manual');
    const row = await db.violations.get(args.id);
    expect(row).toMatchObject({
      note: '原备注',
      count: 1,
      syncState: 'synced',
      refused: { code: 'closed', reason: '月份已结账' },
    });
    expect(row).not.toHaveProperty('serverVersion');
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['rejected']);
  });

  it('a second local change keeps the first server version; a withdrawal refused brings the record back', async () => {
    const db = makeDb();
    const args = await serverRow(db);
    await updateViolation(db, { id: args.id, note: '一' }, USER_A);
    await withdrawViolation(db, args.id, '记错了', USER_A);
    expect((await db.violations.get(args.id))?.serverVersion).toMatchObject({ note: '原备注', status: 'active' });
    await engine(db, refuse('closed')).sync('manual');
    expect(await db.violations.get(args.id)).toMatchObject({ note: '原备注', status: 'active', syncState: 'synced' });
  });

  it('a pull while only refused changes are queued updates the row and keeps the note', async () => {
    const db = makeDb();
    const args = await serverRow(db);
    await updateViolation(db, { id: args.id, note: '新备注' }, USER_A);
    const server: Change[] = [
      {
        seq: 1,
        entity: 'violations',
        id: args.id,
        op: 'upsert',
        data: { ...args, note: '督查改过', recordedBy: USER_A.id, status: 'active' },
      } as unknown as Change,
    ];
    await engine(db, refuse('closed', pullFrom(server))).sync('manual');
    expect(await db.violations.get(args.id)).toMatchObject({
      note: '督查改过',
      syncState: 'synced',
      refused: { code: 'closed' },
    });
  });

  it('a record only this phone has stays marked rejected (there is no server version)', async () => {
    const db = makeDb();
    const args = violationArgs();
    await enqueueMutation(db, 'violation.record', args, USER_A);
    expect(await db.violations.get(args.id)).not.toHaveProperty('serverVersion');
    await engine(db, refuse('closed')).sync('manual');
    expect(await db.violations.get(args.id)).toMatchObject({ syncState: 'rejected', rejectionCode: 'closed' });
  });

  it('the provisional ranking counts the server version of a row whose correction was refused', async () => {
    const db = makeDb();
    const args = await serverRow(db, { count: 1 });
    await updateViolation(db, { id: args.id, count: 4 }, USER_A);
    await engine(db, refuse('closed')).sync('manual');
    // computeProvisional reads the month's rows by this index, as they are stored.
    const rows = await db.violations.where('observedAt').between('2026-03-01', '2026-04-01').toArray();
    expect(rows.map((r) => [r.count, r.syncState])).toEqual([[1, 'synced']]);
  });
});

describe('changes queued behind a refused one', () => {
  it('are replayed on the server version: the refused one is gone, the taken one stays', async () => {
    const db = makeDb();
    const args = await serverRow(db);
    await updateViolation(db, { id: args.id, note: '被拒绝的' }, USER_A);
    await updateViolation(db, { id: args.id, count: 2 }, USER_A);
    const [first] = await db.outbox.toArray();
    const fetch = fakeFetch(
      route({
        push: (req) =>
          json(200, {
            serverTime: SERVER_TIME,
            clockSkewMs: 0,
            results: req.body.mutations.map((m: { id: string }) =>
              m.id === first!.id
                ? { id: m.id, status: 'rejected', code: 'conflict', reason: 'no' }
                : { id: m.id, status: 'applied' },
            ),
          }),
      }),
    );
    await engine(db, fetch).sync('manual');
    const row = await db.violations.get(args.id);
    expect(row).toMatchObject({ note: '原备注', count: 2, syncState: 'synced', refused: { code: 'conflict' } });
    expect(row).not.toHaveProperty('serverVersion');
    // A next change keeps this row (what the server now has) as its server version.
    await updateViolation(db, { id: args.id, count: 3 }, USER_A);
    expect((await db.violations.get(args.id))?.serverVersion).toMatchObject({ note: '原备注', count: 2 });
  });
});
