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
import { UPLOAD_BYTES_MAX } from '../../../domain/files/limits';
import { compareText } from '../../../domain/text-order';

/** Photo evidence on the phone (issue #3 e): scaled, hashed, kept in Dexie, uploaded after the record. */

export const PHOTO_LONG_SIDE = 1600;
/**
 * A JPEG whose own n/8 scale (see reducedScale) lands between this and PHOTO_LONG_SIDE is kept at
 * that scale: a 12-MP 4000×3000 photo as 1500×1125, with no second resampling.
 */
export const PHOTO_MIN_LONG_SIDE = 1400;
export const PHOTO_QUALITY = 0.85;
export const MAX_PHOTOS = 3;

/** The size a photo is scaled to: long side at most `max`, never enlarged. */
export function scaledSize(width: number, height: number, max = PHOTO_LONG_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The n/8 scale to decode a JPEG of this long side at (libjpeg-turbo scales in the DCT domain, for
 * a fraction of the whole decode's work), and whether that decode is already the kept photo
 * (`kept`: its long side within PHOTO_MIN_LONG_SIDE..PHOTO_LONG_SIDE) or is drawn to
 * PHOTO_LONG_SIDE after (the smallest n/8 still at least that). null: decode the photo whole
 * (it is small already). A decoded side is ceil(side × n / 8).
 */
export function reducedScale(longSide: number): { eighths: number; kept: boolean } | null {
  const within = Math.floor((PHOTO_LONG_SIDE * 8) / longSide);
  if (within >= 8) return null;
  if (within >= 1 && Math.ceil((longSide * within) / 8) >= PHOTO_MIN_LONG_SIDE) return { eighths: within, kept: true };
  const above = Math.ceil((PHOTO_LONG_SIDE * 8) / longSide);
  return above >= 8 ? null : { eighths: above, kept: false };
}

/** A decoded photo: its bitmap (upright) and the size it is kept at, upright. */
interface DecodedPhoto {
  bitmap: ImageBitmap;
  width: number;
  height: number;
}

/**
 * Scale a picked image to a JPEG (OffscreenCanvas where available, else a canvas element). A
 * JPEG is decoded already reduced where WebCodecs' ImageDecoder is there (decodeJpegReduced),
 * else in full by createImageBitmap; either way EXIF orientation is applied and the long side
 * ends up at most PHOTO_LONG_SIDE.
 */
export async function scalePhoto(file: Blob): Promise<Blob> {
  const { bitmap, width, height } = (await decodeJpegReduced(file).catch(() => null)) ?? (await decodeFull(file));
  // Drawn 1:1 when the decode already has the kept size (no resampling), scaled otherwise.
  const draw = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) =>
    bitmap.width === width && bitmap.height === height
      ? ctx.drawImage(bitmap, 0, 0)
      : ctx.drawImage(bitmap, 0, 0, width, height);
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      draw(canvas.getContext('2d')!);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    draw(canvas.getContext('2d')!);
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

/** Pictures every upload route takes as they are (photos, leave documents, dispute evidence). */
const KEPT_AS_IS = ['image/jpeg', 'image/png'];

/**
 * A picked picture made ready to keep: scaled (scalePhoto); where this phone cannot decode it, the
 * original if the server takes it as it is (a JPEG or PNG within UPLOAD_BYTES_MAX); otherwise
 * null, and the screen says the picture was not added (a HEIC a browser cannot read, a damaged
 * or huge file) rather than keeping something every upload would refuse.
 */
export async function photoToKeep(file: Blob): Promise<Blob | null> {
  try {
    return await scalePhoto(file);
  } catch {
    return KEPT_AS_IS.includes(file.type) && file.size <= UPLOAD_BYTES_MAX ? file : null;
  }
}

/** The whole image, EXIF orientation applied (createImageBitmap's default): the path for every browser. */
async function decodeFull(file: Blob): Promise<DecodedPhoto> {
  const bitmap = await createImageBitmap(file);
  return { bitmap, ...scaledSize(bitmap.width, bitmap.height) };
}

/**
 * A JPEG decoded at a reduced scale by WebCodecs' ImageDecoder, or null where it cannot be (no
 * ImageDecoder whose frames carry the orientation; not a JPEG; already small; the decoder did
 * not reduce as asked): scalePhoto then decodes it whole. libjpeg-turbo decodes at n/8 of the
 * size in the DCT domain (reducedScale): a 4000×3000 photo comes out 1500×1125 and is kept so;
 * a 16-MP 4608×3456 comes out 1728×1296 and is drawn to 1600×1200.
 * Measured in Chromium at 4× CPU throttling on the bench's noisy 12-MP JPEG: the whole decode
 * took 810–980 ms, decoding at 2000×1500 and drawing to 1600×1200 590–660 ms (of which the draw
 * ~110 ms and the JPEG encode ~250 ms), keeping the 1500×1125 decode ~15 % less again.
 * Chromium picks the largest n/8 whose area fits in desiredWidth × desiredHeight (asked for
 * 1600×1200 of a 4000×3000 it gives 1500×1125), so we ask for the n/8 we want plus half a step
 * against rounding. The frame carries the EXIF orientation (rotation/flip) and
 * createImageBitmap(frame) applies it, as createImageBitmap does for the file; drawing the
 * VideoFrame itself measured slower than through a bitmap.
 */
async function decodeJpegReduced(file: Blob): Promise<DecodedPhoto | null> {
  if (!framesCarryOrientation() || (file.type && !/^image\/p?jpe?g$/.test(file.type))) return null;
  const data = await file.arrayBuffer();
  const coded = jpegSize(new Uint8Array(data));
  if (!coded) return null;
  const scale = reducedScale(Math.max(coded.width, coded.height));
  if (!scale) return null;
  const decoder = new ImageDecoder({
    data,
    type: 'image/jpeg',
    desiredWidth: Math.ceil((coded.width * (scale.eighths + 0.5)) / 8),
    desiredHeight: Math.ceil((coded.height * (scale.eighths + 0.5)) / 8),
    transfer: [data],
  });
  try {
    const { image } = await decoder.decode();
    try {
      const turned = (image as VideoFrame & { rotation: number }).rotation % 180 !== 0;
      const [width, height] = turned ? [coded.height, coded.width] : [coded.width, coded.height];
      // The bitmap is upright (the frame's rotation applied), whatever the frame reports.
      const bitmap = await createImageBitmap(image);
      const frameLong = Math.max(bitmap.width, bitmap.height);
      const out =
        scale.kept && frameLong >= PHOTO_MIN_LONG_SIDE && frameLong <= PHOTO_LONG_SIDE
          ? { width: bitmap.width, height: bitmap.height }
          : scaledSize(width, height);
      if (bitmap.width < out.width || bitmap.height < out.height) {
        bitmap.close();
        return null; // never enlarge
      }
      return { bitmap, ...out };
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

/**
 * Whether ImageDecoder is there and its frames carry the photo's EXIF orientation (VideoFrame
 * rotation and flip, which drawImage and createImageBitmap apply: Chromium). Firefox has an
 * ImageDecoder but no VideoFrame.rotation, so an EXIF-turned photo could come out sideways there:
 * it, like Safari (no ImageDecoder), takes the whole decode.
 */
function framesCarryOrientation(): boolean {
  return typeof ImageDecoder !== 'undefined' && typeof VideoFrame !== 'undefined' && 'rotation' in VideoFrame.prototype;
}

/** A JPEG's coded size (before EXIF orientation) from its SOFn marker, or null when it is not a JPEG. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // no length
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[at + 5]! << 8) | bytes[at + 6]!;
      const width = (bytes[at + 7]! << 8) | bytes[at + 8]!;
      return width && height ? { width, height } : null;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // EOI or scan data before any frame header
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return null;
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
  pending.sort((a, b) => compareText(a.createdAt, b.createdAt));
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
  run: uploadPhotosOnce,
};
