import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** Today in hall time (UTC+8) on the test clock. */
const TODAY = new Date(testNow().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)(
  'the duty leader records when a person off post came back (#15, real Chromium, 360 px)',
  () => {
    const ctx = withServerAndBrowser('off-post-return');

    it('duty1 sets the return time on an off-post record in 历史; 40 minutes away shows as 旷工半天; it syncs', async () => {
      // An off-post record of 09:00 today, made earlier on duty1's phone (pushed as the phone would).
      const api = new ApiClient(ctx.server.url);
      const user = await api.signIn('duty1');
      const id = randomUUID();
      const pushed = await api.request('POST', '/api/sync/push', {
        deviceNow: testNowIso(),
        mutations: [
          {
            id: randomUUID(),
            name: 'violation.record',
            userId: user.id,
            createdAt: testNowIso(),
            args: {
              id,
              windowId: DEMO_IDS.window102,
              staffId: DEMO_IDS.window102StaffA,
              itemCode: 'OFF_POST',
              count: 1,
              observedAt: `${TODAY}T09:00:00+08:00`,
              note: '',
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
      const form = page.locator(`[data-testid="return-time-form"][data-record-id="${id}"]`);
      await form.waitFor({ timeout: 30_000 });
      expect(await form.getByTestId('return-time').textContent()).toContain('尚未记录返岗时间');

      // A return before the sighting is refused on the phone, in the user's language.
      await form.getByTestId('return-time-input').fill('08:50');
      await form.getByTestId('return-save').click();
      expect(await form.getByTestId('return-error').textContent()).toBe('返岗时间不能早于记录时间');

      // Back at 09:40: 40 > 30 minutes, half a day's absence, explained on the record.
      await form.getByTestId('return-time-input').fill('09:40');
      await form.getByTestId('return-save').click();
      await expect.poll(() => form.getAttribute('data-returned'), { timeout: 15_000 }).toBe('09:40');
      const item = page.locator('li', { has: form });
      await expect
        .poll(() => item.getByTestId('absence-explained').textContent(), { timeout: 15_000 })
        .toContain('09:00 至 09:40（返岗时间） 脱岗超过 30 分钟（40 分钟）');

      // 360 px: nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      // It went through the outbox to the server: pulled back with the return time.
      await expect
        .poll(async () => (await api.pullAll()).find((c) => c.id === id)?.data as { returnedAt?: string } | undefined, {
          timeout: 30_000,
        })
        .toMatchObject({ returnedAt: `${TODAY}T01:40:00.000Z` });

      // In English, the same record says so in English.
      await page.evaluate(() => {
        history.pushState(null, '', '/settings');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.getByTestId('lang-en').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toContain('en');
      await page.getByTestId('nav-patrol').click();
      await form.waitFor({ timeout: 30_000 });
      expect(await form.getByTestId('return-time').textContent()).toBe('Back at post: 09:40');
      expect(await page.locator('li', { has: form }).getByTestId('absence-explained').textContent()).toContain(
        'off post from 09:00 to 09:40 (back at post), more than 30 min (40 min)',
      );
      await phone.close();
    });
  },
);
