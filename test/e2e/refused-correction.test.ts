import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HALL_TIME_ZONE, hallMonth } from '../../src/domain';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

function lastMonth(): string {
  const [y, m] = hallMonth(testNow(), DEFAULT_HALL_TIME_ZONE).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Issue 13 §6: a correction refused because its month closed never shows as if it had happened. */
describe.skipIf(!hasChromium)('a refused correction (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('refused-correction');

  it('the phone goes back to the server version and shows 未生效 with the reason beside the row', async () => {
    const month = lastMonth();
    const duty = new ApiClient(ctx.server.url);
    const dutyUser = await duty.signIn('duty1');
    const id = randomUUID();
    const pushed = await duty.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [
        {
          id: randomUUID(),
          name: 'violation.record',
          userId: dutyUser.id,
          createdAt: testNowIso(),
          args: {
            id,
            windowId: DEMO_IDS.window101,
            staffId: DEMO_IDS.window101StaffA,
            itemCode: 'NO_BADGE',
            count: 1,
            observedAt: `${month}-20T10:00:00+08:00`,
            note: '服务器上的备注',
            deviceRecordedAt: testNowIso(),
          },
        },
      ],
    });
    expect(pushed.body.results[0].status).toBe('applied');

    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await page.getByTestId('nav-patrol').click();
    const row = () => page.locator(`[data-testid="violation-row"][data-id="${id}"]`);
    await expect.poll(() => row().count(), { timeout: 30_000 }).toBe(1);

    // Offline, the leader corrects the note; meanwhile the supervision section closes the month.
    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    const holder = page.locator('div', { has: row() }).last();
    await holder.getByTestId('correct').click();
    await page.getByTestId('correct-form').locator('textarea').fill('本机改过的备注');
    await page.getByTestId('correct-save').click();
    await expect.poll(() => row().textContent()).toContain('本机改过的备注');
    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    expect((await supervision.request('POST', `/api/periods/${month}/close`)).status).toBeLessThan(300);

    // Back online: refused. The row shows the server's note and 未生效 with the reason, nowhere the local one.
    await phone.setOffline(false);
    await expect.poll(() => row().getByTestId('refused-note').count(), { timeout: 60_000 }).toBe(1);
    expect(await row().textContent()).toContain('服务器上的备注');
    expect(await row().textContent()).not.toContain('本机改过的备注');
    expect(await row().getAttribute('data-sync-state')).toBe('synced');
    expect(await row().getByTestId('refused-note').textContent()).toMatch(/^未生效：该月已截止录入/);

    // The rejected link in the status bar can be closed for the session (issue 13 §8); the note stays.
    await page.getByTestId('rejected-dismiss').click();
    await expect.poll(() => page.getByTestId('rejected-link').count()).toBe(0);
    await page.reload();
    await expect.poll(() => row().getByTestId('refused-note').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('rejected-link').count()).toBe(0);

    // The home list shows the same; the note leads to the rejected list, where discarding clears it.
    await page.getByTestId('nav-home').click();
    const homeRow = page.locator(`[data-testid="violation-row"][data-id="${id}"]`);
    await expect.poll(() => homeRow.count()).toBe(1);
    expect(await homeRow.textContent()).not.toContain('本机改过的备注');
    await homeRow.getByTestId('refused-note').click();
    await expect.poll(() => page.getByTestId('rejected-row').count()).toBe(1);
    await page.getByTestId('rejected-row').getByTestId('discard').click();
    await page.getByTestId('discard-confirm').click();
    await expect.poll(() => page.getByTestId('rejected-row').count()).toBe(0);
    await page.getByTestId('nav-home').click();
    await expect.poll(() => homeRow.getByTestId('refused-note').count()).toBe(0);
    expect(await homeRow.textContent()).toContain('服务器上的备注');
    await phone.close();
  });
});
