import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  InvalidMutationError,
  STORAGE_FULL_MESSAGE,
  StorageFullError,
  discardRejected,
  enqueueMutation,
  isQuotaError,
} from '../../../src/app/db/outbox';
import { recordViolation } from '../../../src/app/features/violations/record';
import { USER_A, WINDOW_1, makeDb, violationArgs } from './helpers';

describe('enqueueMutation', () => {
  it('writes the local row and the outbox entry together', async () => {
    const db = makeDb();
    const args = violationArgs({ note: '离岗' });
    const entry = await enqueueMutation(db, 'violation.record', args, USER_A);

    const row = await db.violations.get(args.id);
    expect(row).toMatchObject({
      ...args,
      recordedBy: USER_A.id,
      recordedByName: USER_A.displayName,
      syncState: 'pending',
    });
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      id: entry.id,
      name: 'violation.record',
      userId: USER_A.id,
      args,
      state: 'pending',
      attempts: 0,
    });
    expect(queued[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(queued[0]!.id).not.toBe(args.id);
    expect(typeof queued[0]!.seq).toBe('number');
  });

  it('refuses invalid args with a clear error and stores nothing', async () => {
    const db = makeDb();
    const bad = violationArgs({ count: 21 });
    const error = await enqueueMutation(db, 'violation.record', bad, USER_A).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidMutationError);
    expect(error.message).toContain('count');
    expect(await db.violations.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves neither row nor entry when the outbox write fails', async () => {
    const db = makeDb();
    db.outbox.hook('creating', () => {
      throw new Error('disk on fire');
    });
    const args = violationArgs();
    await expect(enqueueMutation(db, 'violation.record', args, USER_A)).rejects.toThrow(/disk on fire/);
    expect(await db.violations.get(args.id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves no outbox entry when the row write fails', async () => {
    const db = makeDb();
    db.violations.hook('creating', () => {
      throw new Error('row refused');
    });
    await expect(enqueueMutation(db, 'violation.record', violationArgs(), USER_A)).rejects.toThrow(/row refused/);
    expect(await db.outbox.count()).toBe(0);
  });

  it('turns a quota error into a clear message and keeps what was already queued', async () => {
    const db = makeDb();
    const first = violationArgs({ note: 'first' });
    await enqueueMutation(db, 'violation.record', first, USER_A);
    const before = await db.outbox.toArray();

    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const second = violationArgs({ note: 'second' });
    const error = await enqueueMutation(db, 'violation.record', second, USER_A).catch((e) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.message).toContain(STORAGE_FULL_MESSAGE.zh);
    expect(error.messageEn).toBe(STORAGE_FULL_MESSAGE.en);

    expect(await db.outbox.toArray()).toEqual(before);
    expect(await db.violations.get(first.id)).toBeDefined();
    expect(await db.violations.get(second.id)).toBeUndefined();
  });

  it('recognises quota errors however Dexie wraps them', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(
      isQuotaError({
        name: 'DatabaseClosedError',
        inner: { name: 'AbortError', inner: new DOMException('q', 'QuotaExceededError') },
      }),
    ).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'ConstraintError' } })).toBe(false);
  });
});

describe('recordViolation', () => {
  it('builds the args (new id, device time now) and queues them', async () => {
    const db = makeDb();
    const now = new Date('2026-03-02T09:20:00.000Z');
    const args = await recordViolation(
      db,
      {
        windowId: WINDOW_1,
        staffId: null,
        itemCode: 'EATING',
        count: 2,
        observedAt: new Date('2026-03-02T09:10:00.000Z'),
        note: '  早餐  ',
      },
      USER_A,
      () => now,
    );
    expect(args.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(args).toMatchObject({
      deviceRecordedAt: now.toISOString(),
      observedAt: '2026-03-02T09:10:00.000Z',
      note: '早餐',
      staffId: null,
      count: 2,
    });
    const [entry] = await db.outbox.toArray();
    expect(entry?.args).toEqual(args);
    expect((await db.violations.get(args.id))?.syncState).toBe('pending');
  });
});

describe('discardRejected', () => {
  it('removes only a rejected entry and its row', async () => {
    const db = makeDb();
    const args = violationArgs();
    const entry = await enqueueMutation(db, 'violation.record', args, USER_A);
    await discardRejected(db, entry.id);
    expect(await db.outbox.count()).toBe(1); // still pending: not discardable

    await db.outbox.where('id').equals(entry.id).modify({ state: 'rejected', reason: 'no such window' });
    await db.violations.update(args.id, { syncState: 'rejected' });
    await discardRejected(db, entry.id);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.violations.get(args.id)).toBeUndefined();
  });
});
