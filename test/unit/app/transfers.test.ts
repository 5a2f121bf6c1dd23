import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { META } from '../../../src/app/db/database';
import { Transfers, type TransferQueue } from '../../../src/app/sync/transfers';
import { TRANSFER_KINDS, type TransferKind, type TransfersState } from '../../../src/app/sync/transfer-status';
import { PEEK_TRANSFERS } from '../../../src/app/sync/transfer-counts';
import { USER_A, WINDOW_1, makeDb } from './helpers';

/** Transfers over a real (fake-indexeddb) database whose queue modules say when they load and run. */
function transfersOn(db: ReturnType<typeof makeDb>) {
  const loaded: TransferKind[] = [];
  const ran: TransferKind[] = [];
  const changes: TransfersState[] = [];
  const queue = (kind: TransferKind) => (): Promise<TransferQueue> => {
    loaded.push(kind);
    return Promise.resolve({
      run: async () => {
        ran.push(kind);
        return { done: 0 };
      },
    });
  };
  const transfers = new Transfers({
    db,
    fetch: () => Promise.reject(new Error('no network in this test')),
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    now: () => 0,
    delay: () => 1000,
    queues: Object.fromEntries(TRANSFER_KINDS.map((kind) => [kind, queue(kind)])),
    onChange: (state) => changes.push(state),
  });
  return { transfers, loaded, ran, changes };
}

const photo = (hash: string, uploaded: 0 | 1 | 2, createdAt: string, refusedStatus?: number) => ({
  hash,
  violationId: '66666666-6666-4666-8666-666666666661',
  blob: new Blob(['x']),
  uploaded,
  createdAt,
  ...(refusedStatus ? { refusedStatus } : {}),
});

describe('transfers: what a run loads', () => {
  it('a sync with nothing queued loads and runs none of the queues, and changes no status', async () => {
    const db = makeDb();
    const { transfers, loaded, ran, changes } = transfersOn(db);
    await transfers.run();
    await transfers.refresh();
    expect(loaded).toEqual([]);
    expect(ran).toEqual([]);
    expect(changes).toEqual([]); // nothing changed: the status bar is not told
  });

  it('a waiting photo loads and runs the photo queue alone, and shows it running meanwhile', async () => {
    const db = makeDb();
    await db.photos.add(photo('a', 0, '2026-03-02T09:00:00.000Z'));
    const { transfers, loaded, ran, changes } = transfersOn(db);
    await transfers.run();
    expect(loaded).toEqual(['photos']);
    expect(ran).toEqual(['photos']);
    expect(changes.some((state) => state.photos.running)).toBe(true);
    expect(transfers.status.photos).toMatchObject({ running: false, waiting: 1, refused: 0 });
  });

  it('counts what each queue holds from IndexedDB alone, the latest refusal first', async () => {
    const db = makeDb();
    await db.photos.bulkAdd([
      photo('a', 0, '2026-03-02T09:00:00.000Z'),
      photo('b', 2, '2026-03-02T09:01:00.000Z', 413),
      photo('c', 2, '2026-03-02T09:05:00.000Z', 415),
      photo('d', 1, '2026-03-02T09:06:00.000Z'),
    ]);
    const { transfers, loaded } = transfersOn(db);
    await transfers.refresh();
    expect(loaded).toEqual([]);
    expect(transfers.status.photos).toMatchObject({ waiting: 1, refused: 2, refusedStatus: 415 });
    expect(transfers.status.leaveFiles).toMatchObject({ waiting: 0, refused: 0, refusedStatus: null });
  });

  it("one's own explanations are due only for someone with a window or a staff sheet, once a version is held", async () => {
    const db = makeDb();
    const dutyLeader = { id: USER_A.id, username: 'duty1', displayName: USER_A.displayName, role: 'duty_leader' };
    await db.meta.put({ key: META.profile, value: dutyLeader });
    expect((await PEEK_TRANSFERS.explanations(db)).due).toBe(false);
    await db.meta.put({ key: META.profile, value: { ...dutyLeader, role: 'window_staff', windowId: WINDOW_1 } });
    expect((await PEEK_TRANSFERS.explanations(db)).due).toBe(false); // no published version on the phone
    await db.assessments.put({ id: '77777777-7777-4777-8777-777777777771', month: '2026-02', version: 1 } as never);
    expect((await PEEK_TRANSFERS.explanations(db)).due).toBe(true);
  });
});
