import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { HALL_NOW, testNow } from '../support/test-clock';

const DAY = 86_400_000;
const MINUTES_10 = 10 * 60_000;
const HALL_MONTH = HALL_NOW.slice(0, 7); // the server's month on the test clock (2026-03)
/** The hall's calendar month of an instant (the hall is UTC+8, no daylight saving). */
const hallMonth = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * Issue 11 §8: a phone whose clock is far off the server's. Each phone runs on the test clock
 * plus a skew (newPhone skewMs); the server on the test clock. Whatever the phone reads, it
 * shows the sign-in form, signs in, records offline and syncs: the record lands in the server's
 * month (the corrected clock stamps it), the status bar warns, and "last synced" is the server's day.
 */
const PHONE_CLOCKS: Array<[string, number]> = [
  ['90 days slow', -90 * DAY],
  ['a year fast', 365 * DAY],
  ['on 2 January 1970', Date.parse('1970-01-02T00:00:00Z') - Date.parse(HALL_NOW)],
  ['in June 2100', Date.parse('2100-06-01T00:00:00Z') - Date.parse(HALL_NOW)],
];

describe.skipIf(!chromiumAvailable())('a phone with a wrong clock (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('wrong-clock');

  for (const [name, skewMs] of PHONE_CLOCKS) {
    it(`${name}: sign-in shows and works, an offline record syncs into the server's month, the status bar warns`, async () => {
      const phone = await newPhone(ctx.browser, { skewMs });
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      // the page really runs on the wrong clock
      const phoneNow = await page.evaluate(() => Date.now());
      expect(Math.abs(phoneNow - (testNow().getTime() + skewMs))).toBeLessThan(MINUTES_10);

      await expect.poll(() => page.getByTestId('login-submit').isVisible(), { timeout: 30_000 }).toBe(true);
      await signIn(page, 'duty1');
      await waitForServiceWorker(page);
      const days = Math.round(Math.abs(skewMs) / DAY);
      await expect
        .poll(() => page.getByTestId('clock-skew-warning').textContent(), { timeout: 30_000 })
        .toContain(`${days} 天`);
      // the last sync is told on the server's day (3月4日, the zh date format), not the phone's
      const serverDay = `${Number(HALL_NOW.slice(5, 7))}月${Number(HALL_NOW.slice(8, 10))}日`;
      await expect.poll(() => page.getByText(/上次同步/).textContent(), { timeout: 30_000 }).toContain(serverDay);

      // Offline, a record is made; back online it syncs.
      await phone.setOffline(true);
      const note = `e2e 时钟错误的手机 ${name}`;
      await page.getByTestId('record-violation').click();
      const windowSelect = page.getByTestId('window-select');
      await expect.poll(() => windowSelect.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
      await windowSelect.selectOption((await windowSelect.locator('option').nth(1).getAttribute('value'))!);
      await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
      await page.getByTestId('note').fill(note);
      await page.getByTestId('save-violation').click();
      await expect
        .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 30_000 })
        .toBe('1');
      await phone.setOffline(false);
      await expect
        .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
        .toBe('0');

      const api = new ApiClient(ctx.server.url);
      await api.signIn('super1');
      const [record] = (await api.pullAll()).filter((c) => c.entity === 'violations' && c.data?.note === note);
      expect(record?.data?.status).not.toBe('rejected');
      const observedAt = Date.parse(String(record!.data!.observedAt));
      const received = Date.parse(String(record!.data!.serverReceivedAt));
      expect(hallMonth(observedAt)).toBe(HALL_MONTH);
      expect(Math.abs(received - observedAt)).toBeLessThan(MINUTES_10);
      await phone.close();
    });
  }
});
