import { createHash, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** Last month in hall time (UTC+8), on the test clock. */
function lastHallMonth(): string {
  const now = new Date(testNow().getTime() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
}

const MONTH = lastHallMonth();
const W102 = DEMO_IDS.window102;
// A 1×1 JPEG the phone's camera path can decode and scale, and a small PDF.
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const pending = (page: Page) => page.getByTestId('sync-pending-count').getAttribute('data-count');

describe.skipIf(!hasChromium)('dispute evidence (issue #15 point 11; built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('dispute-evidence');

  it('a window head attaches a photo and a document to a dispute offline; the section sees them when deciding', async () => {
    // A record of window 102 last month; the section closes, compiles and opens verification.
    const duty = new ApiClient(ctx.server.url);
    const dutyUser = await duty.signIn('duty1');
    const recordId = randomUUID();
    const pushed = await duty.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [
        {
          id: randomUUID(),
          name: 'violation.record',
          userId: dutyUser.id,
          createdAt: testNowIso(),
          args: {
            id: recordId,
            windowId: W102,
            staffId: DEMO_IDS.window102StaffB,
            itemCode: 'GAMING',
            count: 1,
            observedAt: `${MONTH}-11T10:00:00+08:00`,
            note: '手机看视频',
            deviceRecordedAt: testNowIso(),
          },
        },
      ],
    });
    expect(pushed.body.results[0].status).toBe('applied');
    const section = new ApiClient(ctx.server.url);
    await section.signIn('super1');
    for (const step of [`/api/periods/${MONTH}/close`, `/api/assessments/${MONTH}/compile`]) {
      expect((await section.request('POST', step, {})).status).toBe(200);
    }
    expect((await section.request('POST', `/api/assessments/${MONTH}/open-verification`, {})).status).toBe(200);

    // The window head syncs the records once, then disputes on the bus with a photo and a PDF.
    const headPhone = await newPhone(ctx.browser);
    const head = await headPhone.newPage();
    await head.goto(ctx.server.url);
    await signIn(head, 'head1');
    await waitForServiceWorker(head);
    await head.getByTestId('nav-rankings').click();
    await head.getByTestId('open-verify').click();
    await expect.poll(() => head.getByTestId('verify-record').count(), { timeout: 30_000 }).toBe(1);
    const card = head.locator(`[data-testid="verify-record"][data-record-id="${recordId}"]`);
    // The records come from the phone at once, the month's state (verification open) from the
    // server a moment later: the head sees 申诉 before boarding, as the phone then keeps it.
    await card.getByTestId('dispute-open').waitFor({ timeout: 30_000 });
    await headPhone.setOffline(true);
    await expect.poll(() => head.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await card.getByTestId('dispute-open').click();
    await card.getByTestId('dispute-reason').fill('当时在用手机查询办件进度，见截图和办件记录');
    await card.getByTestId('dispute-evidence-input').setInputFiles([
      { name: '截图.jpg', mimeType: 'image/jpeg', buffer: PHOTO },
      { name: '办件记录.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await expect.poll(() => card.getByTestId('dispute-picked').locator('li').count(), { timeout: 10_000 }).toBe(2);
    await card.getByTestId('dispute-send').click();
    await expect.poll(() => card.getByTestId('dispute-status').getAttribute('data-sync-state')).toBe('pending');
    // Offline, the phone shows what it holds: the photo from its own copy, the document.
    const items = card.getByTestId('evidence-item');
    await expect.poll(() => items.count()).toBe(2);
    await expect
      .poll(() => card.locator('img.evidence-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await pending(head)).toBe('1');

    // Back online: the dispute syncs, then its files upload.
    await headPhone.setOffline(false);
    await expect.poll(() => pending(head), { timeout: 60_000 }).toBe('0');
    await expect
      .poll(() => card.getByTestId('dispute-status').getAttribute('data-sync-state'), { timeout: 30_000 })
      .toBe('synced');
    const listed = async () =>
      (await section.request('GET', `/api/assessments/${MONTH}/disputes`)).body.disputes[0]?.evidence ?? [];
    await expect.poll(async () => (await listed()).length, { timeout: 30_000 }).toBe(2);
    const evidence = (await listed()) as { hash: string; mime: string }[];
    expect(evidence.map((e) => e.mime)).toEqual(['image/jpeg', 'application/pdf']);
    expect(evidence[1]!.hash).toBe(sha(PDF));
    await expect
      .poll(async () => (await section.getBytes(`/api/dispute-files/${sha(PDF)}`)).status, { timeout: 60_000 })
      .toBe(200);
    await expect
      .poll(async () => (await section.getBytes(`/api/dispute-files/${evidence[0]!.hash}`)).status, { timeout: 60_000 })
      .toBe(200);

    // The supervision section opens the dispute to decide: the photo shows, the document opens.
    const superPhone = await newPhone(ctx.browser);
    const sup = await superPhone.newPage();
    await sup.setViewportSize({ width: 360, height: 740 });
    await sup.goto(ctx.server.url);
    await signIn(sup, 'super1');
    await sup.getByTestId('nav-rankings').waitFor();
    await sup.goto(`${ctx.server.url}/cycle`);
    await expect.poll(() => sup.getByTestId('dispute-card').count(), { timeout: 30_000 }).toBe(1);
    const disputeCard = sup.getByTestId('dispute-card');
    await expect.poll(() => disputeCard.getByTestId('evidence-item').count()).toBe(2);
    await expect
      .poll(() => disputeCard.locator('img.evidence-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    const link = disputeCard.locator('[data-testid="evidence-item"][data-mime="application/pdf"] a');
    expect(await link.getAttribute('href')).toBe(`/api/dispute-files/${sha(PDF)}`);
    // Nothing wider than the phone.
    expect(await sup.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // And it decides, as before.
    await disputeCard.getByTestId('decision-reason-input').fill('截图显示当时在查询办件进度');
    await disputeCard.getByTestId('overturn').click();
    await expect.poll(() => disputeCard.getAttribute('data-status'), { timeout: 20_000 }).toBe('overturned');
  });
});
