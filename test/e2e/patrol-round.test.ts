import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

/** The photos table of the phone's Dexie database, read with plain IndexedDB. */
async function phonePhotos(
  page: Page,
): Promise<{ hash: string; violationId: string; uploaded: number; bytes: number[] }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('window-duty');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ hash: string; violationId: string; uploaded: number; blob: Blob }[]>(
      (resolve, reject) => {
        const req = db.transaction('photos').objectStore('photos').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      },
    );
    db.close();
    return Promise.all(
      rows.map(async (r) => ({
        hash: r.hash,
        violationId: r.violationId,
        uploaded: r.uploaded,
        bytes: [...new Uint8Array(await r.blob.arrayBuffer())],
      })),
    );
  });
}

describe.skipIf(!hasChromium)('a duty leader walks a round offline with a photo (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('round');

  it('start, one window in order, one violation with a photo, finish — offline; after sync the server has the round and identical photo bytes', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await expect.poll(() => page.getByTestId('round-slot').count(), { timeout: 30_000 }).toBe(2);
    // Reference data first (windows of the floor), then offline.
    await page.getByTestId('record-violation').click();
    await expect
      .poll(() => page.getByTestId('window-select').locator('option').count(), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await page.getByTestId('cancel-violation').click();
    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');

    await page.getByTestId('start-round').first().click();
    await expect.poll(() => page.getByTestId('round-window').count()).toBe(12);
    const windows = page.getByTestId('round-window');
    await windows.nth(0).getByTestId('all-in-order').click();
    await expect.poll(() => windows.nth(0).getAttribute('data-state')).toBe('in_order');

    // A 2400×1200 JPEG made in the page; the phone keeps it at 1500×750 (its own 5/8 scale).
    const picture = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(2400, 1200);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#c33';
      ctx.fillRect(0, 0, 2400, 1200);
      ctx.fillStyle = '#fff';
      ctx.fillRect(300, 300, 900, 400);
      return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer())];
    });
    const second = windows.nth(1);
    await second.getByTestId('open-window').click(); // tap 1: the window
    await second.locator('[data-testid="quick-item"][data-code="EATING"]').click(); // tap 2: the item
    await second
      .getByTestId('quick-photo')
      .setInputFiles({ name: 'evidence.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(picture) });
    await expect.poll(() => second.getByTestId('quick-photo-label').textContent()).toContain('1/3');
    await second.getByTestId('save-violation').click(); // tap 3: save
    await expect.poll(() => second.getAttribute('data-state')).toBe('recorded');

    await page.getByTestId('finish-round-button').click();
    await expect.poll(() => page.getByTestId('finish-window').first().getAttribute('data-checked')).toBe('false'); // unchecked first
    await page.getByTestId('confirm-finish').click();
    await expect.poll(() => page.getByTestId('round-slot').first().getAttribute('data-status')).toBe('done');
    const [kept] = await phonePhotos(page);
    expect(kept?.uploaded).toBe(0);
    const dims = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }));
      return [bitmap.width, bitmap.height];
    }, kept!.bytes);
    expect(dims).toEqual([1500, 750]);

    await phone.setOffline(false);
    await expect
      .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
      .toBe('0');
    await expect.poll(async () => (await phonePhotos(page))[0]?.uploaded, { timeout: 60_000 }).toBe(1);

    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    const changes = await supervision.pullAll();
    const round = changes.find((c) => c.entity === 'rounds');
    expect(round?.data).toMatchObject({ slot: expect.any(Number), finishedAt: expect.any(String) });
    expect((round!.data as { checkedWindowIds: string[] }).checkedWindowIds).toHaveLength(2);
    expect((round!.data as { allInOrderWindowIds: string[] }).allInOrderWindowIds).toHaveLength(1);
    const record = changes.find((c) => c.entity === 'violations');
    expect(record?.data).toMatchObject({ itemCode: 'EATING', roundId: round!.id });

    const res = await fetch(`${ctx.server.url}/api/photos/${kept!.hash}`, {
      headers: { cookie: (supervision as unknown as { cookie: string }).cookie },
    });
    expect(res.status).toBe(200);
    const onServer = Buffer.from(await res.arrayBuffer());
    expect(onServer.equals(Buffer.from(kept!.bytes))).toBe(true);
    expect(createHash('sha256').update(onServer).digest('hex')).toBe(kept!.hash);
    await phone.close();
  });
});
