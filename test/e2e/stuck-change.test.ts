import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

const COUNT = 50;
const PREFIX = 'e2e 卡住测试';
const POISON = `${PREFIX} 24 有问题`;
const noteOf = (i: number) => (i === 24 ? POISON : `${PREFIX} ${i}`);

/** Record one violation through the form (the phone may be offline). */
async function record(page: Page, windowValue: string, note: string) {
  await page.getByTestId('record-violation').click();
  const windowSelect = page.getByTestId('window-select');
  await expect.poll(() => windowSelect.locator('option').count()).toBeGreaterThan(5);
  await windowSelect.selectOption(windowValue);
  await page.locator('[data-testid="quick-item"][data-code="NO_BADGE"]').click();
  await page.getByTestId('note').fill(note);
  await page.getByTestId('save-violation').click();
  await page.getByTestId('record-violation').waitFor(); // back home: saved
}

describe.skipIf(!hasChromium)(
  "one change the server fails on does not stop a phone's queue (built PWA, real Chromium)",
  () => {
    const ctx = withServerAndBrowser('stuck');

    it('50 queued records, the server answers 500 to any batch holding one of them: 49 arrive, that one is shown stuck, nothing is lost, and it goes once the server is fixed', async () => {
      // The phone of newPhone(), with the service worker blocked so that page.route sees every
      // request (a service worker's fetch handler would hide them from it).
      const phone = await ctx.browser.newContext({
        viewport: { width: 360, height: 640 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        serviceWorkers: 'block',
      });
      await phone.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url });
      const page = await phone.newPage();

      // The real server answers everything, except a push holding the poisoned record: 500, as a
      // server bug on one change would. No backdoor in the server: the browser's traffic is routed.
      let broken = true;
      const seen: number[] = [];
      await page.route('**/api/sync/push', async (route: Route) => {
        const body = route.request().postDataJSON() as { mutations: { args: { note?: string } }[] };
        seen.push(body.mutations.length);
        if (broken && body.mutations.some((m) => m.args?.note === POISON)) {
          await route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'internal', message: 'Internal Server Error' }),
          });
          return;
        }
        await route.continue();
      });

      await page.goto(ctx.server.url);
      await signIn(page, 'duty1');
      await page.getByTestId('record-violation').click();
      const windowSelect = page.getByTestId('window-select');
      await expect.poll(() => windowSelect.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
      const windowValue = (await windowSelect.locator('option').nth(1).getAttribute('value'))!;
      await page.getByTestId('cancel-violation').click();

      // Offline, so the 50 leave together as one batch.
      await phone.setOffline(true);
      await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
      for (let i = 0; i < COUNT; i++) await record(page, windowValue, noteOf(i));
      await expect.poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count')).toBe(String(COUNT));

      seen.length = 0; // the route also sees the tries that fail offline
      await phone.setOffline(false);
      await expect.poll(() => page.getByTestId('stuck-link').getAttribute('data-count'), { timeout: 90_000 }).toBe('1');
      await expect
        .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 30_000 })
        .toBe('0');
      expect(seen[0]).toBe(COUNT); // the whole queue went as one batch, and was split after failing

      const supervision = new ApiClient(ctx.server.url);
      await supervision.signIn('super1');
      const onServer = async () =>
        (await supervision.pullAll())
          .filter((c) => c.entity === 'violations' && c.op === 'upsert' && String(c.data?.note).startsWith(PREFIX))
          .map((c) => String(c.data?.note));
      const arrived = await onServer();
      expect(arrived).toHaveLength(COUNT - 1);
      expect(new Set(arrived).size).toBe(COUNT - 1);
      expect(arrived).not.toContain(POISON);

      // Nothing lost on the phone: all 50 are listed.
      await expect.poll(() => page.getByTestId('violation-row').filter({ hasText: PREFIX }).count()).toBe(COUNT);

      // The stuck one, in the user's words, with its choices; no mutation names or codes on screen.
      await page.getByTestId('stuck-link').click();
      const row = page.getByTestId('stuck-row');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.getByTestId('stuck-reason').textContent()).toContain('服务器多次处理这项更改时出错');
      const screen = (await page.locator('main, body').first().textContent()) ?? '';
      expect(screen).not.toMatch(/violation\.record|server_error|\b500\b/);
      await row.getByTestId('stuck-copy').click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(`备注: ${POISON}`);
      expect(copied.split('\n')[0]).toMatch(/^内容: /);

      // Still broken: "try again" sends it alone at once; it stays, and the phone says so.
      await row.getByTestId('stuck-retry').click();
      await expect.poll(() => page.getByTestId('flash').textContent()).toContain('服务器仍然无法处理这项更改');
      expect(await page.getByTestId('stuck-row').count()).toBe(1);
      expect(seen.at(-1)).toBe(1);

      // The server is fixed; "try again" sends it, and the list empties.
      broken = false;
      await row.getByTestId('stuck-retry').click();
      await expect.poll(() => page.getByTestId('stuck-row').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(async () => (await onServer()).length, { timeout: 30_000 }).toBe(COUNT);
      expect((await onServer()).filter((n) => n === POISON)).toHaveLength(1);
      await phone.close();
    });
  },
);
