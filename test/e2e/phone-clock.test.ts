import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();
const DAY = 86_400_000;
const MINUTES_10 = 10 * 60_000;

describe.skipIf(!hasChromium)('a phone whose clock is a day slow (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('clock');

  it("warns, records at the server's time (its own time kept beside it), and keeps the correction through an offline reload", async () => {
    // The phone's clock runs a day behind the server's (and flows on from there). Not Playwright's
    // clock.install: stacked on the test clock's init script, the page's Date.now() and new Date()
    // disagreed, the sync measured no skew and the warning never showed.
    const phone = await newPhone(ctx.browser, { skewMs: -DAY });
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    await expect
      .poll(() => page.getByTestId('clock-skew-warning').textContent(), { timeout: 30_000 })
      .toContain('1 天');

    const note = 'e2e 慢一天的手机';
    await page.getByTestId('record-violation').click();
    const windowSelect = page.getByTestId('window-select');
    await expect.poll(() => windowSelect.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await windowSelect.selectOption((await windowSelect.locator('option').nth(1).getAttribute('value'))!);
    await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
    await page.getByTestId('note').fill(note);
    await page.getByTestId('save-violation').click();
    // The queue count is 0 before the save lands too: wait for the record on the server.
    const api = new ApiClient(ctx.server.url);
    await api.signIn('super1');
    const onServer = async () =>
      (await api.pullAll()).filter((c) => c.entity === 'violations' && c.data?.note === note);
    await expect.poll(async () => (await onServer()).length, { timeout: 30_000 }).toBe(1);
    const [record] = await onServer();
    const observedAt = Date.parse(String(record!.data!.observedAt));
    const deviceRecordedAt = Date.parse(String(record!.data!.deviceRecordedAt));
    const received = Date.parse(String(record!.data!.serverReceivedAt));
    // The form's time is the server's (to the minute the form shows), not the phone's day before.
    expect(Math.abs(received - observedAt)).toBeLessThan(MINUTES_10);
    expect(Math.abs(observedAt - DAY - deviceRecordedAt)).toBeLessThan(MINUTES_10);

    // Offline and reloaded: the offset of the last sync still holds, and so does the warning.
    await phone.setOffline(true);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('clock-skew-warning').textContent(), { timeout: 30_000 })
      .toContain('1 天');
    await page.getByTestId('record-violation').click();
    // The sheet shows the time field once an item is chosen.
    await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
    const shown = await page.getByTestId('observed-at').inputValue(); // hall time, YYYY-MM-DDTHH:mm
    const phoneNow = await page.evaluate(() => Date.now()); // the phone's own (slow) clock
    const shownAt = Date.parse(`${shown}:00+08:00`);
    expect(Math.abs(shownAt - (phoneNow + DAY))).toBeLessThan(MINUTES_10);
    await phone.close();
  });
});
