import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { onTestClock, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');

describe.skipIf(!hasChromium)('the supervision console (built PWA, real Chromium, desk-sized window)', () => {
  const ctx = withServerAndBrowser('console');

  async function openConsole(username: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await onTestClock(
      await ctx.browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      }),
    );
    const page = await context.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, username);
    await page.getByTestId('open-console').click();
    await page.getByTestId('console').waitFor();
    return { page, close: () => context.close() };
  }

  it('supervision: adds a floor, imports a staff list (row errors first, then the fixed file), sees it audited, previews a scheme; offline shows a message', async () => {
    const { page, close } = await openConsole('super1');
    try {
      await page.getByTestId('floor-name').fill('三楼');
      await page.getByTestId('floor-level').fill('3');
      await page.getByTestId('floor-add').click();
      await expect.poll(() => page.locator('.console-table td', { hasText: '三楼' }).count()).toBe(1);

      // The lists' one pattern (crud.tsx): edit a row in place and save, then delete it after the question.
      await page.getByTestId('floor-name').fill('临时楼层');
      await page.getByTestId('floor-level').fill('9');
      await page.getByTestId('floor-add').click();
      const temporary = page.locator('.console-table tbody tr', { hasText: '临时楼层' });
      await temporary.getByRole('button', { name: '编辑' }).click();
      const editing = page.locator('.console-table tbody tr:has(input)');
      await editing.locator('input:not([type=number])').fill('临时楼层东');
      await editing.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('.console-table td', { hasText: '临时楼层东' }).count()).toBe(1);
      expect(await page.locator('.console-table tbody tr:has(input)').count()).toBe(0);
      const question = new Promise<string>((resolve) =>
        page.once('dialog', (d) => {
          resolve(d.message());
          void d.accept();
        }),
      );
      await page
        .locator('.console-table tbody tr', { hasText: '临时楼层东' })
        .getByRole('button', { name: '删除' })
        .click();
      expect(await question).toContain('临时楼层东');
      await expect.poll(() => page.locator('.console-table td', { hasText: '临时楼层' }).count()).toBe(0);

      await page.getByTestId('console-tab-import').click();
      const header = ['窗口号', '姓名', '岗位', '电话'];
      await page.getByTestId('import-file').setInputFiles({
        name: '人员.csv',
        mimeType: 'text/csv',
        buffer: csv([header, ['101', '测试新人', 'A', ''], ['999', '无窗口', 'A', '']]),
      });
      await page.getByTestId('import-preview').click();
      await expect.poll(() => page.locator('tr.row-error').count()).toBe(1);
      expect(await page.locator('tr.row-error').textContent()).toContain('missing window 999');
      expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);

      await page
        .getByTestId('import-file')
        .setInputFiles({ name: '人员.csv', mimeType: 'text/csv', buffer: csv([header, ['101', '测试新人', 'A', '']]) });
      await page.getByTestId('import-preview').click();
      await expect.poll(() => page.getByTestId('import-table').locator('tbody tr').count()).toBe(1);
      await page.getByTestId('import-commit').click();
      await expect.poll(() => page.locator('.console [role=status]', { hasText: '导入完成' }).count()).toBe(1);

      await page.getByTestId('console-tab-audit').click();
      await expect.poll(() => page.getByTestId('audit-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
      const audit = await page.getByTestId('audit-table').textContent();
      expect(audit).toContain('导入');
      expect(audit).toContain('三楼');
      expect(await page.getByTestId('audit-csv').getAttribute('href')).toMatch(/^\/api\/admin\/audit\.csv/);

      await page.getByTestId('console-tab-schemes').click();
      await page.getByTestId('scheme-items').waitFor();
      await page.getByTestId('scheme-preview').click();
      await page.getByTestId('scheme-preview-result').waitFor();
      // #15: the scoring rules, with the sources' wording; set 003's honour base and the county's person rules.
      expect(await page.getByTestId('scheme-scoring-rules').textContent()).toContain('当月不得评为‘红旗窗口’');
      await page.getByTestId('neglect-removes-advanced').uncheck();
      await page.getByTestId('honour-base').selectOption('all_windows');
      await page.getByTestId('staff-bonus-cap').fill('5');
      await page.getByTestId('ranking-of').selectOption('both');
      await page.getByTestId('outing-points').fill('0');
      await expect.poll(() => page.getByTestId('scheme-preview-result').count()).toBe(0);
      await page.getByTestId('scheme-preview').click();
      await page.getByTestId('scheme-preview-result').waitFor();
      await page.getByTestId('scheme-toggle').click();
      const json = JSON.parse(await page.getByTestId('scheme-json').inputValue());
      expect(json).toMatchObject({
        honourBase: 'all_windows',
        staffBonusCap: 5,
        ranking: 'both',
        dutyNeglect: { removes: ['red_flag'], threshold: { kind: 'rounds_missed', atLeast: 1 } },
      });
      expect(json.items.find((i: { code: string }) => i.code === 'OUTING_OVER_LIMIT').points).toBe(0);
      await page.getByTestId('scheme-toggle').click();
      // A broken draft shows its validation problems and cannot be saved.
      await page.getByTestId('scheme-toggle').click();
      await page.getByTestId('scheme-json').fill('{"version": 1}');
      await page.getByTestId('scheme-problems').waitFor();
      expect(await page.getByTestId('scheme-save').isDisabled()).toBe(true);

      await page.context().setOffline(true);
      await page.getByTestId('console-offline').waitFor();
    } finally {
      await close();
    }
  });

  it('center leader: read-only (no add forms), other roles see no console link', async () => {
    const { page, close } = await openConsole('leader1');
    try {
      await expect.poll(() => page.locator('.console-table tbody tr').count()).toBeGreaterThanOrEqual(2);
      expect(await page.getByTestId('floor-add').count()).toBe(0);
      expect(await page.locator('.console-table').getByRole('button').count()).toBe(0); // no edit, no delete
    } finally {
      await close();
    }
    const context = await onTestClock(await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } }));
    const page2 = await context.newPage();
    await page2.goto(ctx.server.url);
    await signIn(page2, 'duty1');
    await page2.getByTestId('nav-home').waitFor();
    expect(await page2.getByTestId('open-console').count()).toBe(0);
    await context.close();
  });
});
