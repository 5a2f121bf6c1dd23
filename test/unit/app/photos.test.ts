import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  attachPhotos,
  jpegSize,
  photoToKeep,
  reducedScale,
  scaledSize,
  sha256Hex,
  uploadPendingPhotos,
} from '../../../src/app/features/patrol/photos';
import { USER_A, makeDb, violationArgs } from './helpers';

const blob = (text: string) => new Blob([text], { type: 'image/jpeg' });

describe('photo evidence on the phone', () => {
  it('scales the long side to 1600 px at most, never up', () => {
    expect(scaledSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(scaledSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(scaledSize(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('decodes a JPEG at the n/8 scale that is already the kept size when one falls within 1400–1600 px, else at the smallest n/8 still at least 1600', () => {
    // 12-MP photos: 3/8 is 1500 or 1512 px on the long side, kept as decoded.
    expect(reducedScale(4000)).toEqual({ eighths: 3, kept: true });
    expect(reducedScale(4032)).toEqual({ eighths: 3, kept: true });
    // 16 MP: 2/8 would be 1152 px, too small to keep; 3/8 (1728) is drawn to 1600.
    expect(reducedScale(4608)).toEqual({ eighths: 3, kept: false });
    // 8 MP: 3/8 is 1224, 4/8 (1632) is drawn to 1600; 48 MP: 1/8 is 1000, 2/8 (2000) drawn.
    expect(reducedScale(3264)).toEqual({ eighths: 4, kept: false });
    expect(reducedScale(8000)).toEqual({ eighths: 2, kept: false });
    expect(reducedScale(1700)).toEqual({ eighths: 7, kept: true }); // 1488 px
    // Already within 1600: decoded whole (and never enlarged).
    expect(reducedScale(1600)).toBeNull();
    expect(reducedScale(900)).toBeNull();
  });

  it('keeps a picture it cannot decode as it is only when every upload takes it (JPEG or PNG within 5 MiB); else not at all', async () => {
    // No image decoding here (Node): every picture takes the path of one the phone cannot read.
    const jpeg = new Blob([new Uint8Array(1000)], { type: 'image/jpeg' });
    expect(await photoToKeep(jpeg)).toBe(jpeg);
    const png = new Blob([new Uint8Array(10)], { type: 'image/png' });
    expect(await photoToKeep(png)).toBe(png);
    expect(await photoToKeep(new Blob([new Uint8Array(10)], { type: 'image/heic' }))).toBeNull();
    expect(await photoToKeep(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: 'image/jpeg' }))).toBeNull();
    expect(await photoToKeep(new Blob([new Uint8Array(5 * 1024 * 1024)], { type: 'image/jpeg' }))).not.toBeNull();
  });

  it("reads a JPEG's coded size from its frame header, past APPn segments (a thumbnail's SOF inside EXIF is skipped)", () => {
    const segment = (marker: number, body: number[]) => [
      0xff,
      marker,
      (body.length + 2) >> 8,
      (body.length + 2) & 255,
      ...body,
    ];
    const sof = (marker: number, width: number, height: number) =>
      segment(marker, [8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    const exifWithThumbnail = segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xd8, ...sof(0xc0, 160, 120)]);
    const jpeg = (...parts: number[][]) => new Uint8Array([0xff, 0xd8, ...parts.flat(), 0xff, 0xda, 0, 2]);
    expect(
      jpegSize(
        jpeg(
          exifWithThumbnail,
          segment(
            0xdb,
            Array.from({ length: 64 }, () => 1),
          ),
          sof(0xc0, 4032, 3024),
        ),
      ),
    ).toEqual({
      width: 4032,
      height: 3024,
    });
    expect(jpegSize(jpeg(segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0]), [0xff], sof(0xc2, 3000, 4000)))).toEqual({
      width: 3000,
      height: 4000,
    }); // progressive, after a fill byte
    expect(jpegSize(jpeg(segment(0xc4, [0, 1, 2]), sof(0xc1, 1600, 900)))).toEqual({ width: 1600, height: 900 }); // DHT is no frame
    expect(jpegSize(jpeg(segment(0xe0, [1, 2, 3])))).toBeNull(); // scan before any frame header
    expect(jpegSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))).toBeNull(); // PNG
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull(); // cut short
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
