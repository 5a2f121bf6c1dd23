import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { testNow, testNowIso } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** Last month in hall time (UTC+8): the month the cycle runs for. */
function lastHallMonth(): string {
  const now = new Date(testNow().getTime() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
}

/** The month's first Monday, `week` weeks and `offset` days later (offsets 0–4 stay on weekdays). */
function weekday(month: string, week: number, offset: number): string {
  const first = new Date(`${month}-01T00:00:00Z`);
  const monday = 1 + ((8 - first.getUTCDay()) % 7);
  return `${month}-${String(monday + 7 * week + offset).padStart(2, '0')}`;
}

const MONTH = lastHallMonth();
const W102 = DEMO_IDS.window102;

describe.skipIf(!hasChromium)(
  'leave consequences in the monthly assessment on the phone (built PWA, real Chromium)',
  () => {
    const ctx = withServerAndBrowser('leave-assessment');

    it('the window head verifies the leave deductions with their source, disputes one by id; the explanation names the leave', async () => {
      const client = async (user: string) => {
        const c = new ApiClient(ctx.server.url);
        return { c, id: (await c.signIn(user)).id };
      };
      const [staff1, head1, leader1, super1] = (await Promise.all(
        ['staff1', 'head1', 'leader1', 'super1'].map(client),
      )) as [
        Awaited<ReturnType<typeof client>>,
        Awaited<ReturnType<typeof client>>,
        Awaited<ReturnType<typeof client>>,
        Awaited<ReturnType<typeof client>>,
      ];
      const send = async (who: { c: ApiClient; id: string }, name: string, args: unknown) => {
        const res = await who.c.request('POST', '/api/sync/push', {
          deviceNow: testNowIso(),
          mutations: [{ id: randomUUID(), name, userId: who.id, createdAt: testNowIso(), args }],
        });
        expect(res.body.results[0], JSON.stringify(res.body)).toMatchObject({ status: 'applied' });
      };
      const leave = (from: string, to: string) => ({
        id: randomUUID(),
        staffId: DEMO_IDS.window102StaffA,
        windowId: W102,
        type: 'personal',
        from: { date: from, half: 'am' },
        to: { date: to, half: 'pm' },
        reason: '家中有事',
        attachments: [],
        extensionOf: null,
        submittedAt: testNowIso(),
      });
      const decide = (leaveId: string, step: number) => ({
        leaveId,
        step,
        decision: 'approve',
        comment: '',
        decidedAt: testNowIso(),
      });
      // Two days filed afterwards and approved with no substitute (102 is a two-person window); a day overstayed by a day.
      const noSub = leave(weekday(MONTH, 0, 0), weekday(MONTH, 0, 1));
      const overstayed = leave(weekday(MONTH, 1, 0), weekday(MONTH, 1, 0));
      await send(staff1, 'leave.request', noSub);
      await send(head1, 'leave.decide', decide(noSub.id, 0));
      await send(leader1, 'leave.decide', decide(noSub.id, 1));
      await send(staff1, 'leave.request', overstayed);
      await send(head1, 'leave.decide', decide(overstayed.id, 0));
      await send(super1, 'leave.close', {
        leaveId: overstayed.id,
        returnedOn: { date: weekday(MONTH, 1, 2), half: 'am' },
        note: '超假',
        certificate: null,
        at: testNowIso(),
      });
      for (const step of [
        `/api/periods/${MONTH}/close`,
        `/api/assessments/${MONTH}/compile`,
        `/api/assessments/${MONTH}/open-verification`,
      ]) {
        expect((await super1.c.request('POST', step, {})).status, step).toBe(200);
      }

      // Verification on the window head's phone: both consequences, with why; the overstay disputed.
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, 'head1');
      await page.getByTestId('nav-rankings').click();
      await page.getByTestId('open-verify').click();
      await expect
        .poll(() => page.getByTestId('verification').getAttribute('data-state'), { timeout: 30_000 })
        .toBe('verification');
      const leaveCards = page.getByTestId('verify-leave-record');
      await expect.poll(() => leaveCards.count(), { timeout: 30_000 }).toBe(2);
      await expect.poll(() => page.getByTestId('preliminary-score').textContent()).toContain('97');
      const overstayCard = page.locator(`[data-testid="verify-leave-record"][data-reason="overstay"]`);
      expect(await overstayCard.getAttribute('data-source-id')).toBe(overstayed.id);
      expect(await overstayCard.textContent()).toContain('超假未归');
      await overstayCard.getByTestId('dispute-open').click();
      await overstayCard.getByTestId('dispute-reason').fill('当天在外办事，已口头请假');
      await overstayCard.getByTestId('dispute-send').click();
      await expect
        .poll(() => overstayCard.getByTestId('dispute-status').getAttribute('data-sync-state'), { timeout: 60_000 })
        .toBe('synced');

      // Upheld by the supervision section; approved and published: the explanation names the leave.
      const disputes = (await super1.c.request('GET', `/api/assessments/${MONTH}/disputes`)).body.disputes as {
        id: string;
        violationId: string;
      }[];
      expect(disputes).toHaveLength(1);
      expect(
        (
          await super1.c.request('POST', `/api/disputes/${disputes[0]!.id}/decide`, {
            decision: 'uphold',
            reason: '无请假手续',
          })
        ).status,
      ).toBe(200);
      expect((await leader1.c.request('POST', `/api/assessments/${MONTH}/approve`, {})).status).toBe(200);
      expect((await super1.c.request('POST', `/api/assessments/${MONTH}/publish`, {})).status).toBe(201);
      await page.reload();
      await page.getByTestId('nav-rankings').click();
      const own = page.locator('[data-testid="ranking-row"][data-own="true"]');
      await expect.poll(() => own.getAttribute('data-score'), { timeout: 30_000 }).toBe('97');
      await own.click();
      const sources = page.getByTestId('explanation-leave-source');
      await expect.poll(() => sources.count(), { timeout: 20_000 }).toBe(2);
      const noSubSource = page.locator('[data-testid="explanation-leave-source"][data-reason="no_substitute"]');
      expect(await noSubSource.getAttribute('data-source-id')).toBe(noSub.id);
      expect(await noSubSource.textContent()).toContain('请假未安排替岗');
    }, 180_000);
  },
);
