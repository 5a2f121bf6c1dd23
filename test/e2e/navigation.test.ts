import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

/**
 * Issue 12 §1, one router (src/app/routes.ts, router.tsx) on a real phone: the nav bar and the
 * rows that open screens are real links, the browser's back and forward move between screens, a
 * deep link reloads into its screen (online, and offline through the service worker), and a path
 * no screen has shows the 404 screen with the way home.
 */
describe.skipIf(!hasChromium)('navigation (built PWA, real Chromium)', () => {
  // --demo-month: a published month, so the rankings have rows that open a window's explanation.
  const ctx = withServerAndBrowser('navigation', { serveArgs: ['--demo-month'] });

  const pathname = (page: Page) => new URL(page.url()).pathname;

  it('links, back and forward, deep link reload (also offline), a new tab, and the 404 screen', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    try {
      await page.goto(ctx.server.url);
      await signIn(page, 'super1');
      await page.getByTestId('open-console').waitFor({ timeout: 60_000 });

      // The nav bar is links: each has its screen's path.
      const nav = page.locator('nav.nav a');
      expect(await nav.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
        '/',
        '/patrol',
        '/rankings',
        '/settings',
      ]);
      expect(await page.getByTestId('nav-home').getAttribute('aria-current')).toBe('page');

      // Follow links: rankings, then its provisional tab.
      await page.getByTestId('nav-rankings').click();
      await page.getByTestId('published').waitFor({ timeout: 30_000 });
      expect(pathname(page)).toBe('/rankings');
      expect(await page.getByTestId('nav-rankings').getAttribute('aria-current')).toBe('page');
      await page.getByTestId('tab-provisional').click();
      await page.getByTestId('provisional-label').waitFor({ timeout: 30_000 });
      expect(pathname(page)).toBe('/rankings/provisional');

      // The browser's back button goes back screen by screen, and forward again.
      await page.goBack();
      await page.getByTestId('published').waitFor();
      expect(pathname(page)).toBe('/rankings');
      await page.goBack();
      await page.getByTestId('open-console').waitFor();
      expect(pathname(page)).toBe('/');
      await page.goForward();
      await page.getByTestId('published').waitFor();
      expect(pathname(page)).toBe('/rankings');

      // A ranking row is a link to the window's explanation; a reload comes back to it.
      const row = page.getByTestId('ranking-row').first();
      const windowId = await row.getAttribute('data-window-id');
      const month = await page.getByTestId('published').getAttribute('data-month');
      expect(await row.getAttribute('href')).toBe(`/rankings/m/${month}/v/1/w/${windowId}`);
      await row.click();
      await page.getByTestId('explanation-back').waitFor();
      expect(pathname(page)).toBe(`/rankings/m/${month}/v/1/w/${windowId}`);
      await page.reload();
      await page.getByTestId('explanation-back').waitFor({ timeout: 30_000 });
      expect(pathname(page)).toBe(`/rankings/m/${month}/v/1/w/${windowId}`);
      await page.goBack();
      await page.getByTestId('published').waitFor({ timeout: 30_000 });

      // The leave rows and openers are links too; back returns to the list.
      await page.getByTestId('nav-home').click();
      await page.getByTestId('open-leave').click();
      await page.getByTestId('open-coverage').click();
      expect(pathname(page)).toBe('/coverage');
      await page.goBack();
      await page.getByTestId('leave-entries').waitFor();
      expect(pathname(page)).toBe('/leave');

      // The console's tabs: a deep link to one reloads into that tab.
      await page.goto(`${ctx.server.url}/console/users`);
      await page.getByTestId('users-table').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('console-tab-users').getAttribute('aria-current')).toBe('page');
      await page.getByTestId('console-tab-roster').click();
      await page.getByTestId('console-roster').waitFor();
      expect(pathname(page)).toBe('/console/roster');
      await page.goBack();
      await page.getByTestId('users-table').waitFor();

      // A link opened in a new tab (ctrl-click here, long-press on a phone) opens its screen there.
      const [tab] = await Promise.all([
        phone.waitForEvent('page'),
        page.getByTestId('nav-settings').click({ modifiers: ['Control'] }),
      ]);
      await tab.waitForURL(/\/settings$/, { timeout: 30_000 });
      await tab.getByTestId('lang-en').waitFor({ timeout: 30_000 });
      await tab.close();
      expect(pathname(page)).toBe('/console/users'); // this tab stayed

      // Offline, a deep link still opens its screen (the service worker's navigation fallback).
      await waitForServiceWorker(page);
      await page.goto(`${ctx.server.url}/rankings/provisional`);
      await page.getByTestId('provisional-label').waitFor({ timeout: 30_000 });
      await phone.setOffline(true);
      await page.reload();
      await page.getByTestId('provisional-label').waitFor({ timeout: 30_000 });
      await phone.setOffline(false);

      // A path no screen has: the 404 screen, in the user's language, with the way home.
      await page.goto(`${ctx.server.url}/no/such/screen`);
      await page.getByTestId('not-found').waitFor({ timeout: 30_000 });
      expect(await page.locator('h1').textContent()).toBe('页面不存在');
      expect(await page.getByTestId('not-found-home').getAttribute('href')).toBe('/');
      await page.getByTestId('not-found-home').click();
      await page.getByTestId('open-console').waitFor();
      expect(pathname(page)).toBe('/');
      await page.goBack();
      await page.getByTestId('not-found').waitFor();

      await page.evaluate(() => localStorage.setItem('window-duty.lang', 'en'));
      await page.goto(`${ctx.server.url}/rankings/m/2026-13/v/1`);
      await page.getByTestId('not-found').waitFor({ timeout: 30_000 });
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await page.getByTestId('not-found-home').textContent()).toBe('Go to the home page');
    } finally {
      await phone.close();
    }
  }, 240_000);
});
