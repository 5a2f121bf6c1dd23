import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { attachPhotos, scaledSize, sha256Hex, uploadPendingPhotos } from '../../../src/app/features/patrol/photos';
import { USER_A, makeDb, violationArgs } from './helpers';

const blob = (text: string) => new Blob([text], { type: 'image/jpeg' });

describe('photo evidence on the phone', () => {
  it('scales the long side to 1600 px at most, never up', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('hashes with sha256 (hex)', async () => {
    expect(await sha256Hex(blob('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keeps at most 3 per record; uploads only once the record is synced; resumes after a failure', async () => {
    const db = makeDb();
    const v = violationArgs();
    await db.violations.put({ ...v, recordedBy: USER_A.id, syncState: 'pending' });
    expect(await attachPhotos(db, v.id, [blob('1'), blob('2'), blob('3'), blob('4')])).toHaveLength(3);
    expect(await attachPhotos(db, v.id, [blob('5')])).toHaveLength(0);

    const calls: { url: string; body: unknown }[] = [];
    let failNext = true;
    const fetchFn = async (url: string, init?: RequestInit) => {
      calls.push({ url, body: init?.body });
      if (failNext) {
        failNext = false;
        throw new TypeError('offline');
      }
      return new Response('{}', { status: 201 });
    };
    expect(await uploadPendingPhotos(db, fetchFn)).toBe(0); // the record is not on the server yet
    expect(calls).toHaveLength(0);

    await db.violations.update(v.id, { syncState: 'synced' });
    expect(await uploadPendingPhotos(db, fetchFn)).toBe(0); // offline: stops at the first failure
    expect(calls).toHaveLength(1);
    expect(await uploadPendingPhotos(db, fetchFn)).toBe(3); // resumes
    expect(calls[1]!.url).toMatch(new RegExp(`^/api/photos/[0-9a-f]{64}\\?violationId=${v.id}$`));
    expect(await db.photos.where('uploaded').equals(1).count()).toBe(3);
    expect(await uploadPendingPhotos(db, fetchFn)).toBe(0);
    expect(calls).toHaveLength(4);
  });
});
