import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

/** Issue 13 §8 on a 360×640 phone: the fixed bars take ≤ 15 % of the height and nothing is cut off sideways. */

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Height of the status bar and the navigation together (px). */
async function barsHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const h = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().height ?? 0;
    return h('header.statusbar') + h('nav.nav');
  });
}

/** Visible elements reaching past the viewport's right edge, unless a scrolling or clipping box holds them. */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width)
      out.push(`document ${document.documentElement.scrollWidth} > ${width}`);
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 && !clipped(el))
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} right ${Math.round(r.right)} (${(el.textContent ?? '').trim().slice(0, 30)})`,
        );
    }
    return out;
  });
}

async function settle(page: Page): Promise<void> {
  await expect
    .poll(() => page.getByTestId('last-sync').textContent(), { timeout: 30_000 })
    .not.toMatch(/尚未同步|Not synced yet/);
}

describe.skipIf(!hasChromium)('room on a 360×640 screen (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('screen-room');

  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: bars ≤ 96 px, notices can be closed for the session, no screen cut off (home, history, rankings, settings, console tables, leave form)`, async () => {
      const phone = await newPhone(ctx.browser);
      await phone.addInitScript((l) => localStorage.setItem('window-duty.lang', l), lang);
      const page = await phone.newPage();
      expect(page.viewportSize()).toEqual({ width: 360, height: 640 });
      await page.goto(ctx.server.url);
      await signIn(page, 'duty1');
      await settle(page);

      for (const path of ['/', '/history', '/rankings', '/settings']) {
        await go(page, path);
        await page.waitForTimeout(300);
        expect(await barsHeight(page), path).toBeLessThanOrEqual(96);
        expect(await cutOff(page), path).toEqual([]);
      }

      // Notices (e.g. persistent storage refused) sit behind one chip; each closes and stays closed after a reload.
      // Headless Chromium refuses persistent storage to a page not installed, so that notice is there.
      const toggle = page.getByTestId('status-details-toggle');
      await expect.poll(() => page.getByTestId('storage-not-persisted').count()).toBe(1);
      {
        const before = Number(await toggle.getAttribute('data-count'));
        await toggle.click();
        expect(await page.getByTestId('status-details').isVisible()).toBe(true);
        expect(await barsHeight(page)).toBeLessThanOrEqual(96); // the details open over the screen
        const firstClose = page.locator('[data-testid="status-details"] .chip-close').first();
        const closedId = (await page
          .locator('[data-testid="status-details"] > .banner')
          .first()
          .getAttribute('data-testid'))!;
        await firstClose.click();
        await expect.poll(() => page.getByTestId(closedId).count()).toBe(0);
        await page.reload();
        await settle(page);
        expect(await page.getByTestId(closedId).count()).toBe(0);
        if (before > 1) expect(Number(await toggle.getAttribute('data-count'))).toBe(before - 1);
      }
      await phone.close();

      // The console's tables on the phone: cards, 编辑/删除 inside the screen.
      const desk = await newPhone(ctx.browser);
      await desk.addInitScript((l) => localStorage.setItem('window-duty.lang', l), lang);
      const sup = await desk.newPage();
      await sup.goto(ctx.server.url);
      await signIn(sup, 'super1');
      await sup.getByTestId('open-console').click();
      await sup.getByTestId('console').waitFor();
      for (const tab of ['floors', 'windows', 'staff', 'users', 'roster']) {
        await sup.getByTestId(`console-tab-${tab}`).click();
        const buttons = sup.locator('.console-table .console-actions .btn:visible');
        await expect.poll(() => buttons.count(), { timeout: 15_000, message: tab }).toBeGreaterThan(0);
        expect(await barsHeight(sup), tab).toBeLessThanOrEqual(96);
        expect(await cutOff(sup), tab).toEqual([]);
        for (let i = 0; i < Math.min(await buttons.count(), 6); i++) {
          const box = (await buttons.nth(i).boundingBox())!;
          expect(box.x + box.width, `${tab} button ${i}`).toBeLessThanOrEqual(360);
        }
      }
      await desk.close();

      // The leave form (English: "Afternoon" must fit).
      const staffPhone = await newPhone(ctx.browser);
      await staffPhone.addInitScript((l) => localStorage.setItem('window-duty.lang', l), lang);
      const staff = await staffPhone.newPage();
      await staff.goto(ctx.server.url);
      await signIn(staff, 'staff1');
      await settle(staff);
      await go(staff, '/leave/new');
      await staff.getByTestId('leave-form').waitFor();
      expect(await barsHeight(staff)).toBeLessThanOrEqual(96);
      expect(await cutOff(staff)).toEqual([]);
      await staffPhone.close();
    });
  }
});
