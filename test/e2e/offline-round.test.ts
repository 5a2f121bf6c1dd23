import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { startServerProcess } from '../support/server-process';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('a duty leader records violations offline (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('offline');

  it('keeps 3 records through an offline reload and a server restart, and the server holds each once', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    // Reference data (windows, staff, scheme) arrives with the first sync and stays offline.
    await page.getByTestId('record-violation').click();
    await expect
      .poll(() => page.getByTestId('window-select').locator('option').count(), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await page.getByTestId('cancel-violation').click();

    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');

    const notes = ['离岗 e2e 1', '未佩证 e2e 2', '吃东西 e2e 3'];
    const items = ['OFF_POST', 'NO_BADGE', 'EATING'];
    for (const [i, note] of notes.entries()) {
      await page.getByTestId('record-violation').click();
      const windowSelect = page.getByTestId('window-select');
      // The form's window list is a live query: it fills a moment after the form opens.
      await expect.poll(() => windowSelect.locator('option').count()).toBeGreaterThan(5);
      const windowValues = await windowSelect
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await windowSelect.selectOption(windowValues[i]!);
      await page.locator(`[data-testid="quick-item"][data-code="${items[i]!}"]`).click();
      if (i === 2) await page.getByTestId('count-plus').click();
      await page.getByTestId('note').fill(note);
      await page.getByTestId('save-violation').click();
      await expect.poll(() => page.getByTestId('violation-row').filter({ hasText: note }).count()).toBe(1);
    }
    await expect.poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count')).toBe('3');

    // The server goes away too: the reload can only be served by the service worker.
    expect(await ctx.server.stop()).toBe(0);
    await page.reload();
    for (const note of notes) {
      await expect.poll(() => page.getByTestId('violation-row').filter({ hasText: note }).count()).toBe(1);
    }
    await expect.poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count')).toBe('3');

    ctx.server = await startServerProcess({ port: ctx.port, dataDir: ctx.dataDir, testClock: true });
    await phone.setOffline(false);
    await expect
      .poll(() => page.getByTestId('sync-pending-count').getAttribute('data-count'), { timeout: 60_000 })
      .toBe('0');

    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    const violations = (await supervision.pullAll()).filter((c) => c.entity === 'violations' && c.op === 'upsert');
    expect(violations.map((c) => c.data?.note).sort()).toEqual([...notes].sort());
    expect(new Set(violations.map((c) => c.id)).size).toBe(3);
    const eating = violations.find((c) => c.data?.note === notes[2]);
    expect(eating?.data).toMatchObject({ itemCode: 'EATING', count: 2 });
    await phone.close();
  });
});
