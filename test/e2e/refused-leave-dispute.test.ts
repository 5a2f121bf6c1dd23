import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HALL_TIME_ZONE, hallMonth } from '../../src/domain';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

function lastMonth(): string {
  const [y, m] = hallMonth(testNow(), DEFAULT_HALL_TIME_ZONE).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The first Monday at least a week after the test's "now" (a leave still to come). */
function mondayAhead(): string {
  const d = new Date(testNow().getTime() + 7 * 86_400_000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Issue 13 §6 on the leave list and in the dispute box: a change the server refused never shows
 * as if it had happened — the row keeps the server's version, and "未生效：reason" sits beside it.
 */
describe.skipIf(!hasChromium)('refused leave changes and disputes (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('refused-leave-dispute');

  const client = async (user: string) => {
    const c = new ApiClient(ctx.server.url);
    return { c, id: (await c.signIn(user)).id };
  };
  const send = async (who: { c: ApiClient; id: string }, name: string, args: unknown) => {
    const res = await who.c.request('POST', '/api/sync/push', {
      deviceNow: testNowIso(),
      mutations: [{ id: randomUUID(), name, userId: who.id, createdAt: testNowIso(), args }],
    });
    expect(res.body.results[0], JSON.stringify(res.body)).toMatchObject({ status: 'applied' });
  };

  it('a withdrawal refused because the head rejected first: the leave row shows the server’s status and 未生效', async () => {
    const [staff1, head1] = await Promise.all([client('staff1'), client('head1')]);
    const day = mondayAhead();
    const leaveId = randomUUID();
    await send(staff1, 'leave.request', {
      id: leaveId,
      staffId: DEMO_IDS.window102StaffA,
      windowId: DEMO_IDS.window102,
      type: 'personal',
      from: { date: day, half: 'am' },
      to: { date: day, half: 'pm' },
      reason: '家中有事',
      attachments: [],
      extensionOf: null,
      submittedAt: testNowIso(),
    });

    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'staff1');
    await waitForServiceWorker(page);
    await page.getByTestId('open-leave').click();
    const card = () => page.locator(`[data-testid="leave-card"][data-id="${leaveId}"]`);
    await expect.poll(() => card().count(), { timeout: 30_000 }).toBe(1);

    // Offline, staff1 withdraws the request; meanwhile the window head rejects it on the server.
    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await card().getByTestId('leave-row').click();
    await page.getByTestId('leave-withdraw').click();
    await page.getByTestId('leave-withdraw-confirm').click();
    await expect.poll(() => page.getByTestId('leave-status').getAttribute('data-status')).toBe('withdrawn');
    await send(head1, 'leave.decide', {
      leaveId,
      step: 0,
      decision: 'reject',
      comment: '窗口人手不足',
      decidedAt: testNowIso(),
    });

    // Back online: refused. The list row shows the server's 已驳回, never 已撤回, with 未生效 beside it.
    await phone.setOffline(false);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('open-leave').click();
    await expect.poll(() => card().getByTestId('refused-note').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => card().getByTestId('leave-status').getAttribute('data-status')).toBe('rejected');
    expect(await card().getByTestId('leave-status').getAttribute('data-sync-state')).toBe('synced');
    expect(await card().getByTestId('refused-note').textContent()).toMatch(/^未生效：与服务器上的现有情况冲突/);

    // The note leads to the rejected list; discarding there clears it and the row stays the server's.
    await card().getByTestId('refused-note').click();
    await expect.poll(() => page.getByTestId('rejected-row').count()).toBe(1);
    await page.getByTestId('rejected-row').getByTestId('discard').click();
    await page.getByTestId('discard-confirm').click();
    await expect.poll(() => page.getByTestId('rejected-row').count()).toBe(0);
    await page.getByTestId('nav-home').click();
    await page.getByTestId('open-leave').click();
    await expect.poll(() => card().count()).toBe(1);
    await expect.poll(() => card().getByTestId('refused-note').count()).toBe(0);
    expect(await card().getByTestId('leave-status').getAttribute('data-status')).toBe('rejected');
    await phone.close();
  });

  it('a dispute refused because the record was disputed first: the box shows the server’s dispute and the refused one beside it', async () => {
    const month = lastMonth();
    const [duty1, head1, super1] = await Promise.all([client('duty1'), client('head1'), client('super1')]);
    const recordId = randomUUID();
    await send(duty1, 'violation.record', {
      id: recordId,
      windowId: DEMO_IDS.window102,
      staffId: DEMO_IDS.window102StaffA,
      itemCode: 'NO_BADGE',
      count: 1,
      observedAt: `${month}-20T10:00:00+08:00`,
      note: '',
      deviceRecordedAt: testNowIso(),
    });
    for (const step of [
      `/api/periods/${month}/close`,
      `/api/assessments/${month}/compile`,
      `/api/assessments/${month}/open-verification`,
    ]) {
      expect((await super1.c.request('POST', step, {})).status, step).toBe(200);
    }

    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'head1');
    await waitForServiceWorker(page);
    await page.getByTestId('nav-rankings').click();
    await page.getByTestId('open-verify').click();
    await expect
      .poll(() => page.getByTestId('verification').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('verification');
    const card = page.locator(`[data-testid="verify-record"][data-record-id="${recordId}"]`);
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);

    // Offline, the head disputes the record; meanwhile the same record is disputed on the server (another device).
    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await card.getByTestId('dispute-open').click();
    await card.getByTestId('dispute-reason').fill('本机提出的异议');
    await card.getByTestId('dispute-send').click();
    await expect.poll(() => card.getByTestId('dispute-status').getAttribute('data-sync-state')).toBe('pending');
    await send(head1, 'dispute.file', {
      id: randomUUID(),
      violationId: recordId,
      reason: '服务器上的异议',
      filedAt: testNowIso(),
    });

    // Back online: the phone's dispute is refused; the box shows the server's and, beside it, 未生效.
    await phone.setOffline(false);
    await expect.poll(() => card.getByTestId('dispute-refused').count(), { timeout: 60_000 }).toBe(1);
    await expect
      .poll(() => card.getByTestId('dispute-status').getAttribute('data-sync-state'), { timeout: 30_000 })
      .toBe('synced');
    expect(await card.getByTestId('dispute-status').textContent()).toContain('服务器上的异议');
    expect(await card.getByTestId('dispute-status').textContent()).not.toContain('本机提出的异议');
    expect(await card.getByTestId('dispute-refused').textContent()).toContain('本机提出的异议');
    expect(await card.getByTestId('dispute-refused').getByTestId('refused-note').textContent()).toMatch(
      /^未生效：与服务器上的现有情况冲突/,
    );
    await phone.close();
  });
});
