import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** Last month in hall time (UTC+8): the month the cycle runs for. */
function lastHallMonth(): string {
  const now = new Date(testNow().getTime() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  return d.toISOString().slice(0, 7);
}

const MONTH = lastHallMonth();
const W102 = DEMO_IDS.window102;

async function cycleStep(page: Page, action: string, state: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await expect.poll(() => page.getByTestId('cycle-state').getAttribute('data-state'), { timeout: 20_000 }).toBe(state);
}

describe.skipIf(!hasChromium)('the monthly assessment on the phones (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('assessment');

  it('close → compile → a dispute filed offline → overturned → approved → published → corrected; offline the window head sees the ranking and why', async () => {
    // Records of last month from the floor duty leader's phone: 102 eating (A, 2), gaming (B, 5); 101 no badge (1).
    const duty = new ApiClient(ctx.server.url);
    const dutyUser = await duty.signIn('duty1');
    const record = (windowId: string, staffId: string, itemCode: string, day: number, note: string) => ({
      id: randomUUID(),
      name: 'violation.record',
      userId: dutyUser.id,
      createdAt: testNowIso(),
      args: {
        id: randomUUID(),
        windowId,
        staffId,
        itemCode,
        count: 1,
        observedAt: `${MONTH}-${String(day).padStart(2, '0')}T10:00:00+08:00`,
        note,
        deviceRecordedAt: testNowIso(),
      },
    });
    const eating = record(W102, DEMO_IDS.window102StaffA, 'EATING', 10, '窗口吃早餐');
    const gaming = record(W102, DEMO_IDS.window102StaffB, 'GAMING', 11, '手机看视频');
    const badge = record(DEMO_IDS.window101, DEMO_IDS.window101StaffA, 'NO_BADGE', 12, '未佩证');
    const pushed = await duty.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [eating, gaming, badge],
    });
    expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    // The duty leader's photo of the gaming record (the window head sees it when verifying).
    const photo = Buffer.from(
      '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
      'base64',
    );
    const hash = createHash('sha256').update(photo).digest('hex');
    expect(
      (await duty.upload('PUT', `/api/photos/${hash}?violationId=${gaming.args.id}`, photo, 'image/jpeg')).status,
    ).toBe(201);

    // The supervision section closes the month and compiles the preliminary result on its phone, then opens verification.
    const superPhone = await newPhone(ctx.browser);
    const superPage = await superPhone.newPage();
    await superPage.goto(ctx.server.url);
    await signIn(superPage, 'super1');
    await superPage.getByTestId('nav-rankings').waitFor();
    await superPage.getByTestId('nav-rankings').click();
    await superPage.getByTestId('open-cycle').click();
    await expect.poll(() => superPage.getByTestId('cycle').getAttribute('data-month')).toBe(MONTH);
    await expect
      .poll(() => superPage.getByTestId('cycle-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('open');
    await cycleStep(superPage, 'close', 'closed');
    await cycleStep(superPage, 'compile', 'preliminary');
    await expect
      .poll(() => superPage.locator(`[data-testid="ranking-row"][data-window-id="${W102}"]`).getAttribute('data-score'))
      .toBe('93');
    // The section's own records for window 201: two overdue cases from a business section, and a disqualification.
    const w201 = superPage.locator(`[data-testid="ranking-row"][data-window-id="${DEMO_IDS.window201}"]`);
    expect(await w201.getAttribute('data-score')).toBe('100');
    await superPage.getByTestId('open-deduction').click();
    await superPage.getByTestId('deduction-window').selectOption(DEMO_IDS.window201);
    await superPage.getByTestId('deduction-staff').selectOption(DEMO_IDS.window201StaffA);
    await superPage.getByTestId('deduction-item').selectOption('OVERDUE_CASE');
    await superPage.getByTestId('deduction-count').fill('2');
    await superPage.getByTestId('deduction-day').fill(`${MONTH}-20`);
    await superPage.getByTestId('deduction-source').selectOption('section');
    await superPage.getByTestId('deduction-save').click();
    await expect.poll(() => w201.getAttribute('data-score'), { timeout: 20_000 }).toBe('98');
    // The form closes once its save has resolved, which may be after the ranking's refresh (load, timers).
    await expect.poll(() => superPage.getByTestId('deduction-form').count()).toBe(0);
    await superPage.getByTestId('open-bonus').click();
    await superPage.getByTestId('bonus-window').selectOption(DEMO_IDS.window201);
    await superPage.getByTestId('bonus-code').selectOption('PUBLIC_THANKS');
    await superPage.getByTestId('bonus-points').fill('2');
    await superPage.getByTestId('bonus-event').fill(`thanks-${MONTH}-201`);
    await superPage.getByTestId('bonus-save').click();
    await expect.poll(() => w201.getAttribute('data-score'), { timeout: 20_000 }).toBe('100');
    await superPage.getByTestId('open-disqualification').click();
    await superPage.getByTestId('disqualification-window').selectOption(DEMO_IDS.window201);
    await superPage.getByTestId('disqualification-code').selectOption('SELF_SET_FEES');
    await expect.poll(() => superPage.getByTestId('disqualification-save').isDisabled()).toBe(true); // not without the facts
    await superPage.getByTestId('disqualification-reason').fill('群众举报并经核实：擅自收取资料费');
    await superPage.getByTestId('disqualification-save').click();
    await expect.poll(() => w201.getByTestId('disqualified').count(), { timeout: 20_000 }).toBe(1);
    // Entered for the wrong window after all: withdrawn with a reason, the ranking follows.
    const entered = superPage.locator('[data-testid="section-record"][data-kind="disqualification"]');
    await expect.poll(() => entered.getAttribute('data-status'), { timeout: 20_000 }).toBe('active');
    await entered.getByTestId('section-record-withdraw').click();
    await entered.getByTestId('section-record-withdraw-reason').fill('录入窗口有误');
    await entered.getByTestId('section-record-withdraw-send').click();
    await expect.poll(() => entered.getAttribute('data-status'), { timeout: 20_000 }).toBe('withdrawn');
    await expect.poll(() => w201.getByTestId('disqualified').count(), { timeout: 20_000 }).toBe(0);
    expect(
      await superPage.locator('[data-testid="section-record"][data-kind="deduction"]').getAttribute('data-status'),
    ).toBe('active');
    await cycleStep(superPage, 'open_verification', 'verification');

    // The window head checks the window's records online once, then disputes one on the bus (offline).
    const headPhone = await newPhone(ctx.browser);
    const headPage = await headPhone.newPage();
    await headPage.goto(ctx.server.url);
    await signIn(headPage, 'head1');
    await waitForServiceWorker(headPage);
    await headPage.getByTestId('nav-rankings').click();
    await headPage.getByTestId('open-verify').click();
    await expect.poll(() => headPage.getByTestId('verification-state').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => headPage.getByTestId('verification').getAttribute('data-state')).toBe('verification');
    await expect.poll(() => headPage.getByTestId('verify-record').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => headPage.getByTestId('preliminary-score').textContent()).toContain('93');
    const gamingPhotos = headPage.locator(
      `[data-testid="verify-record"][data-record-id="${gaming.args.id}"] [data-testid="thumbnails"] img`,
    );
    await expect.poll(() => gamingPhotos.count(), { timeout: 20_000 }).toBe(1);

    await headPhone.setOffline(true);
    await expect.poll(() => headPage.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    const gamingCard = headPage.locator(`[data-testid="verify-record"][data-record-id="${gaming.args.id}"]`);
    await gamingCard.getByTestId('dispute-open').click();
    await gamingCard.getByTestId('dispute-reason').fill('当时在用手机查询办件进度，并非看视频');
    await gamingCard.getByTestId('dispute-send').click();
    await expect.poll(() => gamingCard.getByTestId('dispute-status').getAttribute('data-sync-state')).toBe('pending');
    await expect.poll(() => headPage.getByTestId('sync-pending-count').getAttribute('data-count')).toBe('1');
    await headPhone.setOffline(false);
    await expect
      .poll(() => headPage.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
      .toBe('0');
    await expect
      .poll(() => gamingCard.getByTestId('dispute-status').getAttribute('data-sync-state'), { timeout: 30_000 })
      .toBe('synced');

    // The supervision section overturns it with a reason; the preliminary result follows.
    await superPage.reload();
    await expect.poll(() => superPage.getByTestId('dispute-card').count(), { timeout: 20_000 }).toBe(1);
    const card = superPage.getByTestId('dispute-card');
    await card.getByTestId('decision-reason-input').fill('监控显示当时在查询业务系统');
    await card.getByTestId('overturn').click();
    await expect
      .poll(() => superPage.getByTestId('dispute-card').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('overturned');
    await expect
      .poll(() => superPage.locator(`[data-testid="ranking-row"][data-window-id="${W102}"]`).getAttribute('data-score'))
      .toBe('98');

    // The center leader approves; the supervision section publishes.
    const leaderPhone = await newPhone(ctx.browser);
    const leaderPage = await leaderPhone.newPage();
    await leaderPage.goto(ctx.server.url);
    await signIn(leaderPage, 'leader1');
    await leaderPage.getByTestId('nav-rankings').waitFor();
    await leaderPage.goto(`${ctx.server.url}/cycle`);
    await expect
      .poll(() => leaderPage.getByTestId('cycle-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('verification');
    await cycleStep(leaderPage, 'approve', 'approved');
    await superPage.reload();
    await expect
      .poll(() => superPage.getByTestId('cycle-state').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('approved');
    await cycleStep(superPage, 'publish', 'published');
    // A correction after publication: version 2 with its reason (the numbers are the same here).
    await superPage.getByTestId('action-correct-reason').fill('更正：补充通报说明');
    await superPage.getByTestId('action-correct').click();
    await expect
      .poll(() => superPage.getByTestId('cycle-message').textContent(), { timeout: 20_000 })
      .toContain('已完成');

    // The head's phone syncs the published version (and the decision), then goes offline for good.
    await headPage.goto(`${ctx.server.url}/verify`);
    await expect
      .poll(() => gamingCard.getByTestId('dispute-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('overturned');
    await expect
      .poll(() => gamingCard.getByTestId('decision-reason').textContent())
      .toContain('监控显示当时在查询业务系统');
    await headPage.goto(`${ctx.server.url}/rankings`);
    await expect
      .poll(() => headPage.getByTestId('published').getAttribute('data-month'), { timeout: 30_000 })
      .toBe(MONTH);
    await expect
      .poll(() => headPage.getByTestId('published').getAttribute('data-version'), { timeout: 30_000 })
      .toBe('2');
    expect(await headPage.getByTestId('correction-reason').textContent()).toContain('更正：补充通报说明');
    await headPage.getByTestId('toggle-history').click();
    await expect.poll(() => headPage.getByTestId('version-row').count()).toBe(2);
    await headPage.locator('[data-testid="version-row"][data-version="1"]').click();
    await expect.poll(() => headPage.getByTestId('published').getAttribute('data-version')).toBe('1');
    expect(await headPage.getByTestId('older-version').count()).toBe(1);
    await headPage.goto(`${ctx.server.url}/rankings`);
    await expect
      .poll(() => headPage.getByTestId('published').getAttribute('data-version'), { timeout: 30_000 })
      .toBe('2');

    // The bulletin downloads as .xlsx (online).
    const [download] = await Promise.all([
      headPage.waitForEvent('download'),
      headPage.getByTestId('download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bulletin-${MONTH}.xlsx`);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 2).toString()).toBe('PK');

    // Its own window's explanation of the new version is fetched in the background after a sync
    // (each goto above restarted the app): kept on the phone before it goes offline for good.
    const keptExplanations = () =>
      headPage.evaluate(
        (windowId) =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('window-duty');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const keys = open.result.transaction('explanations').objectStore('explanations').getAllKeys();
              keys.onsuccess = () => {
                open.result.close();
                resolve((keys.result as string[]).filter((k) => k.endsWith(`:${windowId}`)));
              };
            };
          }),
        W102,
      );
    await expect.poll(async () => (await keptExplanations()).length, { timeout: 30_000 }).toBe(2);
    await headPhone.setOffline(true);
    await headPage.reload();
    await expect.poll(() => headPage.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await headPage.getByTestId('nav-home').click();
    await headPage.getByTestId('nav-rankings').click();
    const own = headPage.locator('[data-testid="ranking-row"][data-own="true"]');
    await expect.poll(() => own.getAttribute('data-window-id'), { timeout: 20_000 }).toBe(W102);
    expect(await own.getAttribute('data-score')).toBe('98');
    expect(await headPage.getByTestId('ranking-group').count()).toBeGreaterThanOrEqual(1);
    await own.click();
    const explanation = headPage.getByTestId('explanation');
    await expect.poll(() => explanation.getAttribute('data-window-id')).toBe(W102);
    expect(await headPage.getByTestId('explanation-score').getAttribute('data-score')).toBe('98');
    expect(await headPage.getByTestId('explanation-formula').textContent()).toContain('100 − 扣分 2 + 加分 0 = 98');
    const counted = headPage.getByTestId('explanation-record');
    expect(await counted.count()).toBe(1);
    expect(await counted.first().getAttribute('data-record-id')).toBe(eating.args.id);
    expect(await counted.first().textContent()).toContain('窗口吃早餐');
    const notCounted = headPage.getByTestId('not-counted-record');
    expect(await notCounted.count()).toBe(1);
    expect(await notCounted.first().getAttribute('data-record-id')).toBe(gaming.args.id);
    expect(await notCounted.first().getAttribute('data-reason')).toBe('overturned');

    // The quarter, offline too: computed on the phone from the versions it keeps (one month published).
    await headPage.getByTestId('nav-home').click();
    await headPage.getByTestId('nav-rankings').click();
    await headPage.getByTestId('tab-period').click();
    const quarter = `${MONTH.slice(0, 4)}-Q${Math.ceil(Number(MONTH.slice(5, 7)) / 3)}`;
    await expect
      .poll(() => headPage.getByTestId('period').getAttribute('data-period'), { timeout: 20_000 })
      .toBe(quarter);
    expect(await headPage.getByTestId('period-months').textContent()).toContain('已公布 1/3');
    expect(
      await headPage.locator(`[data-testid="ranking-row"][data-window-id="${W102}"]`).getAttribute('data-score'),
    ).toBe('98');
    const staffA = headPage.locator(`[data-testid="period-staff"][data-staff-id="${DEMO_IDS.window102StaffA}"]`);
    expect([await staffA.getAttribute('data-score'), await staffA.getAttribute('data-grade')]).toEqual([
      '98',
      'excellent',
    ]);
    await headPage.getByTestId('period-select').selectOption(MONTH.slice(0, 4));
    await expect.poll(() => headPage.getByTestId('period').getAttribute('data-period')).toBe(MONTH.slice(0, 4));
    expect(await headPage.getByTestId('period-months').textContent()).toContain('/12');

    // The photo stays on the phone for verification offline.
    await headPage.goto(`${ctx.server.url}/verify`);
    await expect.poll(() => gamingPhotos.count(), { timeout: 20_000 }).toBe(1);
    expect(await headPage.getByTestId('verification').getAttribute('data-state')).toBe('published');
    await headPage.getByTestId('nav-rankings').click();
    await headPage.locator('[data-testid="ranking-row"][data-own="true"]').click();

    // The A4 bulletin and the hall display render from the phone, offline.
    await headPage.getByTestId('explanation-back').click();
    await headPage.getByTestId('open-print').click();
    await expect.poll(() => headPage.getByTestId('bulletin-table').count()).toBeGreaterThanOrEqual(3);
    expect(await headPage.getByTestId('bulletin-print').textContent()).toContain('通报');
    await headPage.emulateMedia({ media: 'print' });
    expect(await headPage.getByTestId('online-state').isVisible()).toBe(false); // printed without the app's chrome
    expect(await headPage.getByTestId('print-now').isVisible()).toBe(false);
    expect((await headPage.pdf({ format: 'A4' })).subarray(0, 4).toString()).toBe('%PDF');
    await headPage.emulateMedia({ media: 'screen' });
    await headPage.goto(`${ctx.server.url}/display`);
    await expect.poll(() => headPage.getByTestId('display-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await headPage.getByTestId('display').getAttribute('data-month')).toBe(MONTH);
    expect(await headPage.getByTestId('online-state').count()).toBe(0); // no status bar on the hall screen

    // "This month so far" on the supervision phone (it holds every record): labelled provisional, with the time of the data.
    await superPage.goto(`${ctx.server.url}/rankings/provisional`);
    await expect
      .poll(() => superPage.getByTestId('provisional').getAttribute('data-complete'), { timeout: 20_000 })
      .toBe('true');
    expect(await superPage.getByTestId('provisional-label').getAttribute('data-data-as-of')).toMatch(
      /^\d{4}-\d\d-\d\dT/,
    );
    expect(await superPage.getByTestId('provisional-label').textContent()).toContain('非正式结果');
    expect(await superPage.getByTestId('ranking-row').count()).toBeGreaterThan(10);

    await Promise.all([headPhone.close(), superPhone.close(), leaderPhone.close()]);
  });
});
