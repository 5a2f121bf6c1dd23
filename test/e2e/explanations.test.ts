import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

/**
 * Issue 14 §4 on a real phone: the rankings come from the version's summary; a window's
 * explanation is fetched when opened online and is there offline afterwards; one never opened
 * says it needs a connection. Under the test clock the demo's published month is 2026-02.
 */
describe.skipIf(!chromiumAvailable())(
  'a window explanation: opened online, then offline (built PWA, real Chromium)',
  () => {
    const ctx = withServerAndBrowser('explanations', { serveArgs: ['--demo-month'] });

    it('fetched when opened, kept for offline use; never opened: "needs a connection"', async () => {
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, 'staff1');
      await waitForServiceWorker(page);
      await page.getByTestId('nav-rankings').click();
      await expect
        .poll(() => page.getByTestId('published').getAttribute('data-month'), { timeout: 30_000 })
        .toBe('2026-02');

      // Online: another window's explanation is fetched and shown.
      const explanationRequests: string[] = [];
      page.on('request', (r) => {
        if (/\/versions\/\d+\/windows\//.test(r.url())) explanationRequests.push(r.url());
      });
      await page.locator(`[data-testid="ranking-row"][data-window-id="${DEMO_IDS.window101}"]`).click();
      const explanation = page.getByTestId('explanation');
      await expect.poll(() => explanation.getAttribute('data-window-id'), { timeout: 20_000 }).toBe(DEMO_IDS.window101);
      const score = await page.getByTestId('explanation-score').getAttribute('data-score');
      expect(explanationRequests.some((u) => u.endsWith(`/windows/${DEMO_IDS.window101}`))).toBe(true);
      // Another window, never opened.
      const rows = page.getByTestId('ranking-row');
      await page.getByTestId('explanation-back').click();
      const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-window-id')!));
      const never = ids.find((id) => id !== DEMO_IDS.window101 && id !== DEMO_IDS.window102)!;

      // Offline, after a reload: the opened one comes from the phone, the other needs a connection.
      await phone.setOffline(true);
      await page.reload();
      await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
      await page.getByTestId('nav-home').click();
      await page.getByTestId('nav-rankings').click();
      const before = explanationRequests.length;
      await page.locator(`[data-testid="ranking-row"][data-window-id="${DEMO_IDS.window101}"]`).click();
      await expect.poll(() => explanation.getAttribute('data-window-id'), { timeout: 20_000 }).toBe(DEMO_IDS.window101);
      expect(await page.getByTestId('explanation-score').getAttribute('data-score')).toBe(score);
      await page.getByTestId('explanation-back').click();
      await page.locator(`[data-testid="ranking-row"][data-window-id="${never}"]`).click();
      const needs = page.getByTestId('explanation-needs-connection');
      await needs.waitFor({ timeout: 20_000 });
      expect(await needs.textContent()).toContain('需要联网');
      expect(await explanation.count()).toBe(0);
      expect(explanationRequests.length).toBe(before);

      // Back online: it is fetched and shown.
      await phone.setOffline(false);
      await expect.poll(() => explanation.getAttribute('data-window-id'), { timeout: 30_000 }).toBe(never);
      await phone.close();
    });

    it('the records behind an explanation come with it: shown when the phone holds no rows of that month, offline too', async () => {
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, 'head1'); // head of window 102: sees all of its records
      await waitForServiceWorker(page);
      await page.getByTestId('nav-rankings').click();
      await expect
        .poll(() => page.getByTestId('published').getAttribute('data-month'), { timeout: 30_000 })
        .toBe('2026-02');
      const openWindow102 = async () => {
        await page.locator(`[data-testid="ranking-row"][data-window-id="${DEMO_IDS.window102}"]`).click();
        await expect
          .poll(() => page.getByTestId('explanation').getAttribute('data-window-id'), { timeout: 20_000 })
          .toBe(DEMO_IDS.window102);
      };
      await openWindow102();
      // The lines of phone records (a line computed from leave names its leave, not a recorder).
      const lines = page.locator(
        '[data-testid="explanation-record"]:not(:has([data-testid="explanation-leave-source"]))',
      );
      expect(await lines.count()).toBeGreaterThan(0);
      const before = await lines.allTextContents();

      // As after a retention prune (issue 14 §5): the phone holds no records any more; offline, reloaded.
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('window-duty');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('violations', 'readwrite');
              tx.objectStore('violations').clear();
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      await phone.setOffline(true);
      await page.reload();
      await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
      await page.getByTestId('nav-home').click();
      await page.getByTestId('nav-rankings').click();
      await openWindow102();
      const after = await lines.allTextContents();
      expect(after).toHaveLength(before.length);
      for (const text of [...before, ...after]) expect(text).not.toContain('记录详情不在这部手机上');
      // Each line still names its recorder and time, as when the phone held the record.
      const recorders = (texts: string[]) => texts.map((t) => /记录人 \S+/.exec(t)?.[0] ?? null);
      expect(recorders(before).every(Boolean)).toBe(true);
      expect(recorders(after)).toEqual(recorders(before));
      await phone.close();
    });
  },
);
