import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { newPhone, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

/** The four quadrants' colours of a picture, top-left, top-right, bottom-left, bottom-right. */
const RED = 'red';
const GREEN = 'green';
const BLUE = 'blue';
const WHITE = 'white';

interface Shot {
  name: string;
  width: number;
  height: number;
  /** EXIF orientation: 1 as shot, 3 turned 180°, 6 turned 90° clockwise to be upright. */
  orientation: number;
}

/**
 * A camera JPEG drawn in the page: width×height as stored (red, green, blue, white quadrants
 * from the top left), with an EXIF APP1 segment carrying its orientation after SOI.
 */
function cameraJpeg(page: Page, shot: Shot): Promise<number[]> {
  return page.evaluate(async ({ width, height, orientation }) => {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d')!;
    const [w, h] = [width / 2, height / 2];
    for (const [x, y, color] of [
      [0, 0, '#f00'],
      [w, 0, '#0f0'],
      [0, h, '#00f'],
      [w, h, '#fff'],
    ] as const) {
      ctx.fillStyle = color;
      ctx.fillRect(x, y, w, h);
    }
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    // "Exif\0\0", then a big-endian TIFF header and one IFD entry: 0x0112 (Orientation), SHORT, 1.
    const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
    const app1 = [0xff, 0xe1, 0, payload.length + 2, ...payload];
    return [...jpeg.slice(0, 2), ...app1, ...jpeg.slice(2)];
  }, shot);
}

/** Each photo kept on the phone: its size, whether it is a JPEG, and its quadrants' colours. */
async function keptPhotos(page: Page): Promise<{ size: string; jpeg: boolean; corners: string[] }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('window-duty');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ blob: Blob }[]>((resolve, reject) => {
      const req = db.transaction('photos').objectStore('photos').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const name = (pixel: Uint8ClampedArray) => {
      const [r, g, b] = [pixel[0]!, pixel[1]!, pixel[2]!];
      return r > 200 && g > 200 && b > 200
        ? 'white'
        : r > 200 && g < 60 && b < 60
          ? 'red'
          : g > 200 && r < 60 && b < 60
            ? 'green'
            : b > 200 && r < 60 && g < 60
              ? 'blue'
              : `rgb(${r},${g},${b})`;
    };
    return Promise.all(
      rows.map(async ({ blob }) => {
        const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
        const bitmap = await createImageBitmap(blob);
        const { width, height } = bitmap;
        const canvas = new OffscreenCanvas(width, height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        bitmap.close();
        const at = (x: number, y: number) => name(ctx.getImageData(x, y, 1, 1).data);
        const [x1, x2, y1, y2] = [width / 4, (width * 3) / 4, height / 4, (height * 3) / 4];
        return {
          size: `${width}x${height}`,
          jpeg: head[0] === 0xff && head[1] === 0xd8,
          corners: [at(x1, y1), at(x2, y1), at(x1, y2), at(x2, y2)],
        };
      }),
    );
  });
}

describe.skipIf(!hasChromium)('a camera photo is kept at 1400–1600 px, upright (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('photo-scaling');

  it('12- and 16-MP shots (EXIF orientation 1, 3, 6) on one record: each decoded reduced, kept as a JPEG of 1400–1600 px on the long side, turned upright as the camera said; a picture the phone cannot read is not added, and the sheet says why', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    // Notes what the app decodes: the size of each frame WebCodecs' ImageDecoder gives (the
    // reduced decode) and what each createImageBitmap is made from (a Blob: the whole-photo decode).
    await page.addInitScript(() => {
      const decoded: string[] = [];
      (globalThis as { __decoded?: string[] }).__decoded = decoded;
      const bitmapOf = globalThis.createImageBitmap;
      globalThis.createImageBitmap = ((source: ImageBitmapSource, ...rest: never[]) => {
        decoded.push(`bitmap of ${source.constructor.name}`);
        return bitmapOf(source, ...rest);
      }) as typeof createImageBitmap;
      const Real = globalThis.ImageDecoder;
      if (!Real) return;
      globalThis.ImageDecoder = class extends Real {
        override async decode(options?: ImageDecodeOptions): Promise<ImageDecodeResult> {
          const result = await super.decode(options);
          decoded.push(`frame ${result.image.codedWidth}x${result.image.codedHeight}`);
          return result;
        }
      };
    });
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');

    const shots: Shot[] = [
      { name: 'landscape.jpg', width: 4032, height: 3024, orientation: 1 },
      { name: 'upside-down.jpg', width: 4608, height: 3456, orientation: 3 },
      { name: 'portrait.jpg', width: 4000, height: 3000, orientation: 6 },
    ];
    const files = [];
    for (const shot of shots)
      files.push({ name: shot.name, mimeType: 'image/jpeg', buffer: Buffer.from(await cameraJpeg(page, shot)) });

    await page.getByTestId('record-violation').click();
    const select = page.getByTestId('window-select');
    await expect.poll(() => select.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await select.selectOption(DEMO_IDS.window101);
    await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
    // A picture this phone cannot read (a HEIC, here garbage bytes) is not added, and the sheet says why.
    await page
      .getByTestId('quick-photo')
      .setInputFiles([{ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: Buffer.from('not a picture') }]);
    await expect
      .poll(() => page.getByTestId('save-error').textContent(), { timeout: 30_000 })
      .toBe('1 张照片无法读取，未添加（请用相机拍摄，或选 JPEG、PNG 照片，5 MB 以内）');
    expect(await page.getByTestId('sheet-photo').count()).toBe(0);
    await page.getByTestId('quick-photo').setInputFiles(files);
    await expect.poll(() => page.getByTestId('sheet-photo').count(), { timeout: 30_000 }).toBe(3);
    expect(await page.getByTestId('save-error').count()).toBe(0);
    // Decoded at 3/8 in the DCT domain (Chromium's libjpeg-turbo), none whole: the 12-MP shots
    // come out at a size they are kept at, the 16-MP one above 1600 px (to be drawn down to it).
    // (The unreadable picture was tried whole: not a JPEG, no reduced decode.)
    expect(await page.evaluate(() => (globalThis as { __decoded?: string[] }).__decoded?.sort())).toEqual([
      'bitmap of File',
      'bitmap of VideoFrame',
      'bitmap of VideoFrame',
      'bitmap of VideoFrame',
      'frame 1500x1125',
      'frame 1512x1134',
      'frame 1728x1296',
    ]);
    await page.getByTestId('save-violation').click();
    await expect.poll(() => page.getByTestId('record-violation').count()).toBe(1);
    await expect.poll(async () => (await keptPhotos(page)).length, { timeout: 30_000 }).toBe(3);

    const kept = (await keptPhotos(page)).sort((a, b) => a.corners.join().localeCompare(b.corners.join()));
    expect(kept).toEqual(
      [
        // As shot: 4032×3024 → 1512×1134, as decoded.
        { size: '1512x1134', jpeg: true, corners: [RED, GREEN, BLUE, WHITE] },
        // Orientation 3 (turned 180°), 16 MP: 1728×1296 drawn to 1600×1200; the stored
        // bottom-right quadrant is the top left.
        { size: '1600x1200', jpeg: true, corners: [WHITE, BLUE, GREEN, RED] },
        // Orientation 6 (turned 90° clockwise): 4000×3000 stored is 3000×4000 upright → 1125×1500;
        // the stored bottom-left quadrant is the top left.
        { size: '1125x1500', jpeg: true, corners: [BLUE, RED, WHITE, GREEN] },
      ].sort((a, b) => a.corners.join().localeCompare(b.corners.join())),
    );
    await phone.close();
  });
});
