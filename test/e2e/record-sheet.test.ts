import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** This month in hall time (UTC+8): the month of today's records. */
const MONTH = new Date(testNow().getTime() + 8 * 3600_000).toISOString().slice(0, 7);

/** The phone's Dexie photos (violationId, uploaded), read with plain IndexedDB. */
async function phonePhotos(page: Page): Promise<{ violationId: string; uploaded: number }[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('window-duty');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ violationId: string; uploaded: number }[]>((resolve, reject) => {
      const req = db.transaction('photos').objectStore('photos').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows.map((r) => ({ violationId: r.violationId, uploaded: r.uploaded }));
  });
}

/** A 2400×1200 JPEG drawn in the page (the phone keeps it at 1500×750, its own 5/8 scale). */
function picture(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1200);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#36c';
    ctx.fillRect(0, 0, 2400, 1200);
    return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer())];
  });
}

/** The natural width of each full-size photo in the open record detail (0 while not decoded). */
function detailPhotoWidths(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="record-detail"] [data-testid="record-photo"]')
    .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
}

describe.skipIf(!hasChromium)(
  'one record sheet, and the evidence seen by those who judge it (built PWA, real Chromium, 360 px)',
  () => {
    const ctx = withServerAndBrowser('record-sheet');

    it('duty1 records from the round (note + photo) and from 记录违规 (photo) on the same sheet and opens one from his home; super1 sees the thumbnail and the full photo; head1 opens it from 核实', async () => {
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, 'duty1');
      await waitForServiceWorker(page);
      await expect.poll(() => page.getByTestId('round-slot').count(), { timeout: 30_000 }).toBe(2);
      const jpeg = Buffer.from(await picture(page));

      // ── from the round: window → item → note and photo → save ──
      await page.getByTestId('start-round').first().click();
      const card = page.locator(`[data-testid="round-window"][data-window="${DEMO_IDS.window102}"]`);
      await card.waitFor({ timeout: 30_000 });
      await card.getByTestId('open-window').click();
      await card.locator('[data-testid="quick-item"][data-code="EATING"]').click();
      expect(await card.getByTestId('record-sheet').count()).toBe(1);
      await card.getByTestId('note').fill('柜台内吃早餐');
      await card.getByTestId('quick-photo').setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await expect.poll(() => card.getByTestId('sheet-photo').count()).toBe(1);
      await card.getByTestId('save-violation').click();
      await expect.poll(() => card.getAttribute('data-state')).toBe('recorded');

      // ── from 记录违规, during the open round: the same sheet, with a photo ──
      await page.getByRole('button', { name: '返回', exact: true }).click();
      await page.getByTestId('record-violation').click();
      const select = page.getByTestId('window-select');
      await expect.poll(() => select.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
      await select.selectOption(DEMO_IDS.window101);
      await expect.poll(() => page.getByTestId('counts-for-round').count()).toBe(1);
      expect(await page.getByTestId('record-sheet').count()).toBe(1);
      expect(await page.getByTestId('save-violation').isDisabled()).toBe(true); // not without an item
      await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
      await page.getByTestId('quick-photo').setInputFiles({ name: 'b.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await expect.poll(() => page.getByTestId('sheet-photo').count()).toBe(1);
      await page.getByTestId('save-violation').click();
      await expect.poll(() => page.getByTestId('record-violation').count()).toBe(1);

      // Both records and both photos reach the server.
      await expect
        .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
        .toBe('0');
      await expect
        .poll(async () => (await phonePhotos(page)).map((p) => p.uploaded).join(), { timeout: 60_000 })
        .toBe('1,1');
      const supervision = new ApiClient(ctx.server.url);
      await supervision.signIn('super1');
      const changes = await supervision.pullAll();
      const round = changes.find((c) => c.entity === 'rounds');
      const records = changes
        .filter((c) => c.entity === 'violations')
        .map((c) => c.data as { id: string; windowId: string; note: string; roundId?: string });
      const fromRound = records.find((r) => r.windowId === DEMO_IDS.window102)!;
      const fromForm = records.find((r) => r.windowId === DEMO_IDS.window101)!;
      expect(fromRound).toMatchObject({ note: '柜台内吃早餐', roundId: round!.id });
      expect(fromForm).toMatchObject({ roundId: round!.id });
      expect((await phonePhotos(page)).map((p) => p.violationId).sort()).toEqual([fromRound.id, fromForm.id].sort());

      // ── duty1 opens his own record from his home: the detail with its photo, kept on the phone ──
      const mine = page.locator(`[data-testid="my-records"] [data-testid="violation-row"][data-id="${fromRound.id}"]`);
      await mine.getByTestId('open-record').click();
      const ownDetail = page.getByTestId('record-detail');
      await expect.poll(() => ownDetail.getAttribute('data-record-id')).toBe(fromRound.id);
      expect(await ownDetail.textContent()).toContain('柜台内吃早餐');
      await expect.poll(() => detailPhotoWidths(page), { timeout: 20_000 }).toEqual([1500]);
      await page.getByTestId('record-detail-close').click();
      await expect.poll(() => ownDetail.count()).toBe(0);

      // ── super1: the thumbnail in the list, the detail with the full-size photo ──
      const desk = await newPhone(ctx.browser);
      const superPage = await desk.newPage();
      await superPage.goto(ctx.server.url);
      await signIn(superPage, 'super1');
      const row = superPage.locator(`[data-testid="violation-row"][data-id="${fromRound.id}"]`);
      await row.waitFor({ timeout: 30_000 });
      await row.scrollIntoViewIfNeeded(); // a row's photos are asked for once it is in view
      await expect.poll(() => row.locator('[data-testid="thumbnails"] img').count(), { timeout: 30_000 }).toBe(1);
      await row.getByTestId('open-record').click();
      const detail = superPage.getByTestId('record-detail');
      await expect.poll(() => detail.getAttribute('data-record-id')).toBe(fromRound.id);
      expect(await detail.textContent()).toContain('柜台内吃早餐');
      expect(await detail.textContent()).toContain('102');
      await expect.poll(() => detailPhotoWidths(superPage), { timeout: 20_000 }).toEqual([1500]);
      await superPage.getByTestId('record-detail-close').click();
      await expect.poll(() => detail.count()).toBe(0);

      // ── head1 (window 102) opens the same record from 核实 once the month is in verification ──
      expect((await supervision.request('POST', `/api/periods/${MONTH}/close`, {})).status).toBeLessThan(300);
      expect((await supervision.request('POST', `/api/assessments/${MONTH}/compile`, {})).status).toBeLessThan(300);
      expect(
        (await supervision.request('POST', `/api/assessments/${MONTH}/open-verification`, {})).status,
      ).toBeLessThan(300);
      const headPhone = await newPhone(ctx.browser);
      const headPage = await headPhone.newPage();
      await headPage.goto(ctx.server.url);
      await signIn(headPage, 'head1');
      await headPage.getByTestId('nav-rankings').click();
      await headPage.getByTestId('open-verify').click();
      await expect
        .poll(() => headPage.getByTestId('verification').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('verification');
      const card102 = headPage.locator(`[data-testid="verify-record"][data-record-id="${fromRound.id}"]`);
      await card102.waitFor({ timeout: 30_000 });
      await expect.poll(() => card102.locator('[data-testid="thumbnails"] img').count(), { timeout: 30_000 }).toBe(1);
      await card102.getByTestId('open-record').click();
      await expect.poll(() => headPage.getByTestId('record-detail').getAttribute('data-record-id')).toBe(fromRound.id);
      expect(await headPage.getByTestId('record-detail').textContent()).toContain('柜台内吃早餐');
      await expect.poll(() => detailPhotoWidths(headPage), { timeout: 20_000 }).toEqual([1500]);
      // Offline, the photo is still there: it was kept on the phone.
      await headPage.getByTestId('record-detail-close').click();
      await headPhone.setOffline(true);
      await expect.poll(() => headPage.getByTestId('online-state').getAttribute('data-online')).toBe('false');
      await card102.getByTestId('open-record').click();
      await expect.poll(() => detailPhotoWidths(headPage), { timeout: 20_000 }).toEqual([1500]);
    });
  },
);
