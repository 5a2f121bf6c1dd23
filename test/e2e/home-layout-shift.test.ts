import { describe, expect, it } from 'vitest';
import { newPhone, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

interface Shift {
  value: number;
  sources: string[];
}

/**
 * Issue 14 §3 (Lighthouse CLS ≤ 0.05): a signed-in phone opened again, at 4× CPU throttling like a
 * mid-range phone. The duty leader's home reads its rounds, who is away and its records from
 * IndexedDB; the parts used to appear one by one and push 记录违规 down under the thumb (0.06).
 */
describe.skipIf(!hasChromium)("the duty leader's home does not move as it loads (built PWA, real Chromium)", () => {
  const ctx = withServerAndBrowser('home-layout-shift');

  it('a cold start of a signed-in phone shifts nothing in the screen', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await page.getByTestId('record-violation').waitFor();
    await expect
      .poll(() => page.getByTestId('last-sync').textContent(), { timeout: 30_000 })
      .not.toMatch(/尚未同步|Not synced yet/);

    await phone.addInitScript(() => {
      const shifts: { value: number; sources: string[] }[] = [];
      (globalThis as { __shifts?: typeof shifts }).__shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
          sources: { node: Node | null }[];
        })[]) {
          if (entry.hadRecentInput) continue;
          const inScreen = entry.sources.filter((s) => s.node instanceof Element && s.node.closest('main'));
          if (!inScreen.length) continue; // the status bar's own text changes are not the screen's
          shifts.push({
            value: entry.value,
            sources: inScreen.map((s) => (s.node as Element).outerHTML.slice(0, 80)),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const cdp = await phone.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.reload();
    await page.getByTestId('record-violation').waitFor();
    await page.getByTestId('today-rounds').waitFor();
    await page.waitForTimeout(2000); // the reads after the first frame have answered
    const shifts = await page.evaluate(() => (globalThis as unknown as { __shifts: Shift[] }).__shifts);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    expect(total, JSON.stringify(shifts)).toBeLessThan(0.01);
    // It measured a screen that has its parts: the rounds card and the records heading.
    expect(await page.getByTestId('floor-rounds').count()).toBeGreaterThan(0);
    await phone.close();
  });
});
