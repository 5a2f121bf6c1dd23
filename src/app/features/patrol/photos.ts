import type { PhotoRow, WindowDutyDb } from '../../db/database';
import {
  failureOf,
  OfflineError,
  RefusedError,
  ServerError,
  UnauthenticatedError,
  upload,
  type ApiAnswer,
  type FetchFn,
} from '../../http/client';
import type { TransferQueue, TransferRun } from '../../sync/transfers';

/** Photo evidence on the phone (issue #3 e): scaled, hashed, kept in Dexie, uploaded after the record. */

export const PHOTO_LONG_SIDE = 1600;
export const PHOTO_QUALITY = 0.85;
export const MAX_PHOTOS = 3;

/** The size a photo is scaled to: long side at most `max`, never enlarged. */
export function scaledSize(width: number, height: number, max = PHOTO_LONG_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Scale a picked image to a JPEG (OffscreenCanvas where available, else a canvas element). */
export async function scalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const { width, height } = scaledSize(bitmap.width, bitmap.height);
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('could not encode the photo'))),
        'image/jpeg',
        PHOTO_QUALITY,
      ),
    );
  } finally {
    bitmap.close();
  }
}

export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keep up to MAX_PHOTOS (already scaled) photos of a record; they upload once the record is applied. */
export async function attachPhotos(db: WindowDutyDb, violationId: string, blobs: Blob[]): Promise<PhotoRow[]> {
  const existing = await db.photos.where('violationId').equals(violationId).count();
  const rows: PhotoRow[] = [];
  for (const blob of blobs.slice(0, Math.max(0, MAX_PHOTOS - existing))) {
    rows.push({ hash: await sha256Hex(blob), violationId, blob, uploaded: 0, createdAt: new Date().toISOString() });
  }
  if (rows.length) await db.photos.bulkPut(rows);
  return rows;
}

/** HTTP statuses that refuse a photo for good: it is kept (marked refused), not sent again. */
const REFUSED_FOR_GOOD = [400, 403, 409, 413, 415];

/**
 * Upload photos whose record the server has applied (syncState synced), oldest first. Offline,
 * signed out or a server error stop the run (the engine tries again with backoff); a refusal
 * marks the photo refused with its status and keeps it; a record never waits for its photos.
 * One run at a time: the sync engine's transfers (sync/transfers.ts) run it.
 */
export async function uploadPhotosOnce(db: WindowDutyDb, fetchFn: FetchFn): Promise<TransferRun> {
  let done = 0;
  const pending = await db.photos.where('uploaded').equals(0).toArray();
  pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const photo of pending) {
    const record = await db.violations.get(photo.violationId);
    if (!record || record.syncState !== 'synced') continue;
    let answer: ApiAnswer;
    try {
      answer = await upload(
        fetchFn,
        `/api/photos/${photo.hash}?violationId=${encodeURIComponent(photo.violationId)}`,
        photo.blob,
        { headers: { 'content-type': 'image/jpeg' } },
      );
    } catch (error) {
      if (error instanceof OfflineError) return { done, stopped: 'offline' };
      throw error;
    }
    const failure = failureOf(answer);
    if (!failure) {
      await db.photos.update([photo.violationId, photo.hash], { uploaded: 1, refusedStatus: undefined });
      done++;
    } else if (failure instanceof RefusedError && REFUSED_FOR_GOOD.includes(failure.status)) {
      await db.photos.update([photo.violationId, photo.hash], { uploaded: 2, refusedStatus: failure.status });
    } else if (failure instanceof UnauthenticatedError) {
      return { done, stopped: 'signed_out' };
    } else if (failure instanceof ServerError) {
      return { done, stopped: 'server_error' };
    }
  }
  return { done };
}

/** One run, counting the photos uploaded (tests, the benchmark). */
export async function uploadPendingPhotos(db: WindowDutyDb, fetchFn: FetchFn): Promise<number> {
  return (await uploadPhotosOnce(db, fetchFn)).done;
}

/** The photo queue of the sync engine's transfers. */
export const photoQueue: TransferQueue = {
  async count(db) {
    const [waiting, refused] = await Promise.all([
      db.photos.where('uploaded').equals(0).count(),
      db.photos.where('uploaded').equals(2).toArray(),
    ]);
    const latest = refused.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return { waiting, refused: refused.length, refusedStatus: latest?.refusedStatus ?? null };
  },
  run: uploadPhotosOnce,
};
