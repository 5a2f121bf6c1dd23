import { createHash, randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** A month in hall time (UTC+8), `back` months before the test clock's. */
function hallMonth(back: number): string {
  const now = new Date(testNow().getTime() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15)).toISOString().slice(0, 7);
}

async function phoneFor(
  ctx: { browser: import('playwright-core').Browser; server: { url: string } },
  user: string,
): Promise<{ phone: BrowserContext; page: Page }> {
  const phone = await newPhone(ctx.browser);
  const page = await phone.newPage();
  await page.goto(ctx.server.url);
  await signIn(page, user);
  await waitForServiceWorker(page);
  return { phone, page };
}

/** A JPEG of width×height drawn in the page (the photo route takes real image bytes). */
async function picture(page: Page, width: number, height: number): Promise<Buffer<ArrayBuffer>> {
  const bytes = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w!, h!);
      const c = canvas.getContext('2d')!;
      c.fillStyle = '#c63';
      c.fillRect(0, 0, w!, h!);
      return [...new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer())];
    },
    [width, height],
  );
  return Buffer.from(bytes);
}

/** The natural width of each full-size photo in the open record detail (0 while not decoded). */
function detailPhotoWidths(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="record-detail"] [data-testid="record-photo"]')
    .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
}

/** The thumbnails of a list row: how many, and their drawn size (they are thumbnails, not the photo). */
function thumbnails(row: ReturnType<Page['locator']>) {
  return row
    .locator('[data-testid="thumbnails"] img')
    .evaluateAll((imgs) =>
      imgs.map((i) => `${(i as HTMLImageElement).naturalWidth > 0}:${Math.round(i.getBoundingClientRect().width)}`),
    );
}

/**
 * Issue 13 §7 and §10 on the screens of those who judge: the approver's inbox as the head reads it
 * (one card per request, the soonest leave first, a badge for each thing waiting), and a record's
 * evidence from the supervision section's list of its own entries and from Oversight's late
 * submissions (thumbnails in the list, the full photo in the detail, still there offline).
 * Server and phones on the test clock (Wednesday 4 March 2026, 10:00 in the hall).
 */
describe.skipIf(!hasChromium)('the screens of those who judge (built PWA, real Chromium, 360 px)', () => {
  const ctx = withServerAndBrowser('judging');

  it("head1's inbox: one card per request, the leave that starts soonest first, a badge for each thing waiting; the home counts the cards", async () => {
    // staff1 (window 102, two people) asks for three leaves, the latest first.
    const staff = new ApiClient(ctx.server.url);
    const staffUser = await staff.signIn('staff1');
    const ask = (
      from: string,
      fromHalf: 'am' | 'pm',
      to: string,
      toHalf: 'am' | 'pm',
      type: string,
      minute: number,
    ) => ({
      id: randomUUID(),
      name: 'leave.request',
      userId: staffUser.id,
      createdAt: testNowIso(),
      args: {
        id: randomUUID(),
        staffId: DEMO_IDS.window102StaffA,
        windowId: DEMO_IDS.window102,
        type,
        from: { date: from, half: fromHalf },
        to: { date: to, half: toHalf },
        reason: '家中有事',
        attachments: [],
        extensionOf: null,
        submittedAt: `2026-03-04T09:${String(minute).padStart(2, '0')}:00+08:00`,
      },
    });
    const halfDay = ask('2026-03-16', 'am', '2026-03-16', 'am', 'personal', 1); // asked first, starts last
    const threeDays = ask('2026-03-09', 'am', '2026-03-11', 'pm', 'sick', 2); // over a day: a substitute too
    const oneDay = ask('2026-03-05', 'am', '2026-03-05', 'pm', 'personal', 3); // asked last, starts first
    const pushed = await staff.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [halfDay, threeDays, oneDay],
    });
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const head = await phoneFor(ctx, 'head1');
    const openInbox = head.page.getByTestId('open-inbox');
    // The home counts requests, not things to do: three cards, though four things wait.
    await expect.poll(() => openInbox.getAttribute('data-count'), { timeout: 30_000 }).toBe('3');
    expect(await openInbox.textContent()).toContain('待我审批 (3)');
    await openInbox.click();
    const cards = head.page.getByTestId('inbox-item');
    await expect.poll(() => cards.count()).toBe(3);
    // As the head reads it: soonest first; the three-day leave has both its step and its substitute.
    const seen = await cards.evaluateAll((items) =>
      items.map((li) => ({
        id: li.getAttribute('data-id'),
        badges: [...li.querySelectorAll(':scope > .badge')].map((b) => b.textContent),
        span: li.querySelector('[data-testid="leave-row"] .small')?.textContent,
      })),
    );
    expect(seen).toEqual([
      { id: oneDay.args.id, badges: ['待我审批'], span: '3月5日上午 至 3月5日下午' },
      { id: threeDays.args.id, badges: ['待我审批', '安排替岗人员'], span: '3月9日上午 至 3月11日下午' },
      { id: halfDay.args.id, badges: ['待我审批'], span: '3月16日上午 至 3月16日上午' },
    ]);
    // One heading, the person on each card, nothing twice.
    expect(await head.page.locator('[data-testid="leave-inbox"] h1').count()).toBe(1);
    for (const card of await cards.all()) expect(await card.textContent()).toContain('102');
    // Decided, the first card leaves the inbox; the others keep their order; the count follows.
    await cards.first().getByTestId('leave-row').click();
    await head.page.getByTestId('decide-approve').click();
    await expect.poll(() => head.page.getByTestId('decide').count()).toBe(0);
    await head.page.getByTestId('nav-home').click();
    await expect.poll(() => openInbox.getAttribute('data-count'), { timeout: 30_000 }).toBe('2');
    await openInbox.click();
    await expect
      .poll(() => cards.evaluateAll((items) => items.map((li) => li.getAttribute('data-id'))))
      .toEqual([threeDays.args.id, halfDay.args.id]);
    await head.phone.close();
  });

  it("super1 opens a record with its photos from the section's own list (周期) and from Oversight's late submissions; thumbnails in the lists, full size in the detail, offline once seen", async () => {
    const section = new ApiClient(ctx.server.url);
    await section.signIn('super1');
    const duty = new ApiClient(ctx.server.url);
    const dutyUser = await duty.signIn('duty1');
    const desk = await phoneFor(ctx, 'super1');
    const photoA = await picture(desk.page, 1600, 800);
    const photoB = await picture(desk.page, 1200, 900);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

    // A deduction the section entered itself (last month, still open), with a photo.
    const lastMonth = hallMonth(1);
    const deductionId = randomUUID();
    const entered = await section.request('POST', `/api/assessments/${lastMonth}/deductions`, {
      id: deductionId,
      windowId: DEMO_IDS.window102,
      staffId: DEMO_IDS.window102StaffA,
      itemCode: 'EATING',
      count: 1,
      observedAt: `${lastMonth}-10T10:00:00+08:00`,
      source: 'complaint',
      note: '群众投诉：窗口吃早餐',
    });
    expect(entered.status).toBeLessThan(300);
    expect(
      (await section.upload('PUT', `/api/photos/${sha(photoA)}?violationId=${deductionId}`, photoA, 'image/jpeg'))
        .status,
    ).toBe(201);

    // A record from a closed month (two months back), forwarded late by duty1, with its photo.
    const closedMonth = hallMonth(2);
    expect((await section.request('POST', `/api/periods/${closedMonth}/close`, {})).status).toBeLessThan(300);
    const lateRecordId = randomUUID();
    const late = await duty.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [
        {
          id: randomUUID(),
          name: 'violation.late_submit',
          userId: dutyUser.id,
          createdAt: testNowIso(),
          args: {
            id: randomUUID(),
            reason: '当天无网络',
            violation: {
              id: lateRecordId,
              windowId: DEMO_IDS.window101,
              staffId: DEMO_IDS.window101StaffA,
              itemCode: 'NO_BADGE',
              count: 1,
              observedAt: `${closedMonth}-20T15:00:00+08:00`,
              note: '未佩戴工作牌',
              deviceRecordedAt: testNowIso(),
            },
          },
        },
      ],
    });
    expect(late.body.results.map((r: { status: string }) => r.status)).toEqual(['applied']);
    expect(
      (await duty.upload('PUT', `/api/photos/${sha(photoB)}?violationId=${lateRecordId}`, photoB, 'image/jpeg')).status,
    ).toBe(201);

    const page = desk.page;
    // ── the section's own entries, in the month's cycle ──
    await page.getByTestId('nav-rankings').click();
    await page.getByTestId('open-cycle').click();
    // The cycle opens on a month still to publish; the section picks last month if it is another.
    const cycle = page.getByTestId('cycle');
    await expect
      .poll(
        async () => {
          const month = await cycle.getAttribute('data-month');
          if (month && month !== lastMonth) await page.getByTestId('cycle-month').fill(lastMonth);
          return month;
        },
        { timeout: 30_000 },
      )
      .toBe(lastMonth);
    const entry = page.locator(`[data-testid="section-record"][data-id="${deductionId}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.scrollIntoViewIfNeeded(); // a row's photos are asked for once it is in view
    await expect.poll(() => thumbnails(entry), { timeout: 30_000 }).toEqual(['true:56']);
    await entry.getByTestId('open-record').click();
    const detail = page.getByTestId('record-detail');
    await expect.poll(() => detail.getAttribute('data-record-id')).toBe(deductionId);
    expect(await detail.textContent()).toContain('群众投诉：窗口吃早餐');
    await expect.poll(() => detailPhotoWidths(page), { timeout: 20_000 }).toEqual([1600]);
    await page.getByTestId('record-detail-close').click();
    await expect.poll(() => detail.count()).toBe(0);

    // ── Oversight: the late submission, judged with its photo ──
    await page.getByTestId('nav-patrol').click();
    const lateRow = page.locator(`[data-testid="late-row"][data-id="${lateRecordId}"]`);
    await lateRow.waitFor({ timeout: 30_000 });
    // The item in words and the time in the hall's format, not their codes.
    expect(await lateRow.textContent()).toContain('101 · 未佩证上岗 × 1');
    expect(await lateRow.textContent()).not.toMatch(/NO_BADGE|T15:00/);
    await lateRow.scrollIntoViewIfNeeded();
    await expect.poll(() => thumbnails(lateRow), { timeout: 30_000 }).toEqual(['true:56']);
    await lateRow.getByTestId('open-record').click();
    await expect.poll(() => detail.getAttribute('data-record-id')).toBe(lateRecordId);
    expect(await detail.textContent()).toContain('未佩戴工作牌');
    await expect.poll(() => detailPhotoWidths(page), { timeout: 20_000 }).toEqual([1200]);
    await page.getByTestId('record-detail-close').click();

    // ── offline: both records open again with their photos, kept on the phone ──
    await desk.phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await lateRow.getByTestId('open-record').click();
    await expect.poll(() => detailPhotoWidths(page), { timeout: 20_000 }).toEqual([1200]);
    expect(await thumbnails(lateRow)).toEqual(['true:56']);
    await page.getByTestId('record-detail-close').click();
    // The cycle's list is online only; the record seen there keeps its photo on the phone all the same.
    const kept = await page.evaluate(
      (id) =>
        new Promise<number>((resolve, reject) => {
          const req = indexedDB.open('window-duty');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const all = req.result.transaction('photos').objectStore('photos').getAll();
            all.onsuccess = () =>
              resolve(all.result.filter((p: { violationId: string }) => p.violationId === id).length);
          };
        }),
      deductionId,
    );
    expect(kept).toBe(1);
    await desk.phone.close();
  });
});
