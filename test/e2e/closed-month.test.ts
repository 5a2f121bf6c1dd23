import { describe, expect, it } from 'vitest';
import { DEFAULT_HALL_TIME_ZONE, hallMonth } from '../../src/domain';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** The hall month before this one (YYYY-MM). */
function lastMonth(): string {
  const [y, m] = hallMonth(testNow(), DEFAULT_HALL_TIME_ZONE).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

describe.skipIf(!hasChromium)(
  'a record of a month closed while the phone was offline (built PWA, real Chromium)',
  () => {
    const ctx = withServerAndBrowser('closed-month');

    it('rejected with the closed reason shown to the recorder, forwarded late, accepted by supervision in Oversight: the server holds it once', async () => {
      const month = lastMonth();
      const note = `离线补录 e2e ${month}`;

      // The duty leader: reference data first, then offline, then a record dated in last month.
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, 'duty1');
      await waitForServiceWorker(page);
      await page.getByTestId('record-violation').click();
      await expect
        .poll(() => page.getByTestId('window-select').locator('option').count(), { timeout: 30_000 })
        .toBeGreaterThan(5);
      await phone.setOffline(true);
      await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
      const windowValue = await page.getByTestId('window-select').locator('option').nth(1).getAttribute('value');
      await page.getByTestId('window-select').selectOption(windowValue!);
      await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
      await page.getByTestId('observed-at').fill(`${month}-20T10:15`);
      await page.getByTestId('note').fill(note);
      await page.getByTestId('save-violation').click();
      await expect.poll(() => page.getByTestId('violation-row').filter({ hasText: note }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count')).toBe('1');

      // Meanwhile the supervision section closes that month in Oversight.
      const desk = await newPhone(ctx.browser);
      const supervision = await desk.newPage();
      supervision.on('dialog', (dialog) => void dialog.accept());
      await supervision.goto(ctx.server.url);
      await signIn(supervision, 'super1');
      await supervision.getByTestId('nav-patrol').click();
      await supervision.getByTestId('oversight-month').fill(month);
      await supervision.getByTestId('close-month').click();
      // The banner names the month as people read it (2026年11月), not as the URL does (2026-11).
      const readable = `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
      await expect.poll(() => supervision.getByTestId('month-closed').textContent()).toContain(readable);
      expect(await supervision.getByTestId('month-closed').textContent()).not.toContain(month);

      // The phone syncs: the record is rejected, and the recorder sees why.
      await phone.setOffline(false);
      await expect.poll(() => page.getByTestId('rejected-link').count(), { timeout: 60_000 }).toBe(1);
      await page.getByTestId('rejected-link').click();
      const row = page.getByTestId('rejected-row');
      await expect.poll(() => row.count()).toBe(1);
      const reason = await row.getByTestId('rejected-reason').textContent();
      expect(reason).toMatch(/^原因: 该月已截止录入/); // the meaning in the phone's language first, then the server's words
      expect(reason).toContain(`month ${month} is closed for recording`);
      expect(reason).toContain('已截止录入');
      // On a Chinese screen the server's English words wait behind a tap: no mixed-language line.
      const detail = row.getByTestId('rejected-reason').locator('.rejection-detail');
      expect(await detail.isVisible()).toBe(false);
      await row.getByTestId('rejection-detail-toggle').click();
      expect(await detail.isVisible()).toBe(true);

      // Forwarded as a late submission with a reason; it syncs and leaves the rejected list.
      await row.getByTestId('forward-late').click();
      await row.getByTestId('late-reason').fill('巡查时离线，网络恢复前已截止');
      await row.getByTestId('late-send').click();
      await expect.poll(() => page.getByTestId('rejected-row').count()).toBe(0);
      await expect
        .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
        .toBe('0');

      // The supervision section sees it in Oversight and accepts it.
      await supervision.getByTestId('nav-home').click();
      await supervision.getByTestId('nav-patrol').click();
      const late = supervision.getByTestId('late-row').filter({ hasText: '巡查时离线' });
      await expect.poll(() => late.count(), { timeout: 30_000 }).toBe(1);
      await late.getByTestId('late-accept').click();
      await expect.poll(() => supervision.getByTestId('late-row').count()).toBe(0);

      // The real server: the record once, recorded by the duty leader, in last month; the late
      // submission accepted, none pending.
      const api = new ApiClient(ctx.server.url);
      await api.signIn('super1');
      const records = (await api.pullAll()).filter(
        (c) => c.entity === 'violations' && c.op === 'upsert' && c.data?.note === note,
      );
      expect(records).toHaveLength(1);
      const duty1 = await new ApiClient(ctx.server.url).signIn('duty1');
      expect(records[0]!.data).toMatchObject({
        itemCode: 'NO_BADGE',
        windowId: windowValue,
        recordedBy: duty1.id,
        status: 'active',
      });
      expect(hallMonth(String(records[0]!.data!.observedAt), DEFAULT_HALL_TIME_ZONE)).toBe(month);
      const accepted = await api.request('GET', '/api/late-submissions?status=accepted');
      expect(accepted.status).toBe(200);
      expect(accepted.body.lateSubmissions).toHaveLength(1);
      expect(accepted.body.lateSubmissions[0]).toMatchObject({ month, violation: { id: records[0]!.id } });
      expect((await api.request('GET', '/api/late-submissions?status=pending')).body.lateSubmissions).toHaveLength(0);

      // And the phone gets the accepted record back on its next sync.
      await page.getByTestId('nav-home').click();
      await page.reload();
      await expect
        .poll(
          () =>
            page
              .getByTestId('violation-row')
              .filter({ hasText: note })
              .getByTestId('sync-state')
              .getAttribute('data-state'),
          { timeout: 60_000 },
        )
        .toBe('synced');
      await desk.close();
      await phone.close();
    });
  },
);
