import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The mutations' zod schemas are a lazily loaded chunk (kept off the first screen). A write made
// inside a caller's transaction (forwardAsLate) before that chunk is in must not let IndexedDB
// commit the transaction while it loads (a bare await did, in Chromium).
describe('enqueueMutation with the schemas not loaded yet', () => {
  afterEach(() => {
    vi.doUnmock('../../../src/domain/sync/mutations');
    vi.resetModules();
  });

  it('inside a caller transaction: waits for the schemas, the transaction stays usable, both writes land', async () => {
    vi.resetModules();
    vi.doMock('../../../src/domain/sync/mutations', async (importOriginal) => {
      await new Promise((resolve) => setTimeout(resolve, 50)); // a slow chunk, as on a phone
      return importOriginal();
    });
    const { enqueueMutation } = await import('../../../src/app/db/outbox');
    const { USER_A, makeDb, violationArgs } = await import('./helpers');
    const db = makeDb();
    const args = violationArgs();
    await db.transaction('rw', [db.outbox, db.violations], async () => {
      await db.violations.put({ ...violationArgs(), recordedBy: USER_A.id, syncState: 'synced' });
      await enqueueMutation(db, 'violation.record', args, USER_A);
      await db.outbox.count(); // the same transaction, still active
    });
    expect(await db.outbox.count()).toBe(1);
    expect(await db.violations.get(args.id)).toMatchObject({ syncState: 'pending' });
    expect(await db.violations.count()).toBe(2);
  });
});
