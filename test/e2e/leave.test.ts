import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HALL_TIME_ZONE,
  halfDayAt,
  halfDayIndex,
  hallDay,
  isWeekend,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../src/domain';
import { DEMO_IDS, DEMO_SIGN_INS } from '../../src/server/seed/demo-center';
import { ApiClient } from '../support/api-client';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { HALL_NOW } from '../support/test-clock';

const hasChromium = chromiumAvailable();
const REASON = '发烧住院 e2e-私密事由';

/**
 * From today to the afternoon of the third working day: a 3-day leave covering now. "Today" is
 * the test clock's (a fixed working day, shared by this test, the server and the phones; see
 * test/support/test-clock.ts), never the real one: the coverage calendar leaves weekends out.
 */
function threeWorkingDays(): { from: string; to: string } {
  const today = hallDay(HALL_NOW, DEFAULT_HALL_TIME_ZONE);
  expect(isWeekend(today), `the test clock's day ${today} must be a working day`).toBe(false);
  let i = halfDayIndex({ date: today, half: 'am' });
  let counted = 0;
  let last = today;
  while (counted < 3) {
    const { date } = halfDayAt(i);
    if (!isWeekend(date)) {
      counted++;
      last = date;
    }
    i += 2;
  }
  return { from: today, to: last };
}

async function phoneFor(
  ctx: { browser: import('playwright-core').Browser; server: { url: string } },
  user: string,
): Promise<{ phone: BrowserContext; page: Page }> {
  const phone = await newPhone(ctx.browser);
  const page = await phone.newPage();
  await page.goto(ctx.server.url);
  await signIn(page, user);
  await waitForServiceWorker(page);
  return { phone, page };
}

const pending = (page: Page) => page.getByTestId('sync-pending-count').getAttribute('data-count');

async function setOffline(phone: BrowserContext, page: Page, offline: boolean) {
  await phone.setOffline(offline);
  await expect
    .poll(() => page.getByTestId('online-state').getAttribute('data-online'))
    .toBe(offline ? 'false' : 'true');
}

describe.skipIf(!hasChromium)('a 3-day sick leave with a substitute, on four phones (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('leave');

  it('staff requests offline → approvers decide (one offline) → the patrol screen shows the substitute → 销假 with the certificate', async () => {
    const { from, to } = threeWorkingDays();
    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    let leaveId = '';
    // The demo center has leave of its own (other windows): ours is found by its id.
    const serverLeave = async (): Promise<LeaveRequest | undefined> =>
      (await supervision.pullAll())
        .filter((c) => c.entity === 'leaves' && c.id === leaveId)
        .map((c) => c.data as LeaveRequest)
        .at(-1);
    const serverSubstitute = async (): Promise<SubstituteArrangement | undefined> =>
      (await supervision.pullAll())
        .filter(
          (c) =>
            c.entity === 'substitutes' && c.op === 'upsert' && (c.data as SubstituteArrangement).leaveId === leaveId,
        )
        .map((c) => c.data as SubstituteArrangement)
        .at(-1);

    // ── staff1 asks for the leave without signal ──
    const staff = await phoneFor(ctx, 'staff1');
    await staff.page.getByTestId('open-new-leave').click();
    // Reference data (the window's staffing) is on the phone once the preview can compute.
    await expect.poll(() => staff.page.getByTestId('preview-chain').count(), { timeout: 30_000 }).toBe(1);
    await setOffline(staff.phone, staff.page, true);
    await staff.page.getByTestId('leave-type').selectOption('sick');
    await staff.page.getByTestId('leave-from-date').fill(from);
    await staff.page.getByTestId('leave-from-am').click();
    await staff.page.getByTestId('leave-to-date').fill(to);
    await staff.page.getByTestId('leave-to-pm').click();
    await staff.page.getByTestId('leave-reason').fill(REASON);
    // The rules' preview before submitting: three approvers, a substitute (two-person window, over 1 day), the certificate later.
    await expect.poll(() => staff.page.getByTestId('preview-days').textContent()).toContain('共 3 天');
    expect(await staff.page.getByTestId('preview-chain').textContent()).toBe(
      '审批流程: 窗口带班班长 → 部门分管领导 → 中心分管领导',
    );
    expect(await staff.page.getByTestId('preview-substitute').getAttribute('data-required')).toBe('true');
    expect(await staff.page.getByTestId('preview-attachment').textContent()).toContain('病假证明可在销假时补交');
    await staff.page.getByTestId('leave-submit').click();
    await expect.poll(() => staff.page.getByTestId('leave-detail').count()).toBe(1);
    leaveId = (await staff.page.getByTestId('leave-detail').getAttribute('data-id'))!;
    expect(await staff.page.getByTestId('leave-status').getAttribute('data-sync-state')).toBe('pending');
    await expect.poll(() => pending(staff.page)).toBe('1');
    await setOffline(staff.phone, staff.page, false);
    await expect.poll(() => pending(staff.page), { timeout: 30_000 }).toBe('0');
    // The server's chain comes back with the pull: three steps, the substitute, filing, 销假.
    await expect.poll(() => staff.page.getByTestId('leave-step').count(), { timeout: 30_000 }).toBe(6);
    const requested = await serverLeave();
    expect(requested).toMatchObject({
      status: 'pending',
      days: 3,
      type: 'sick',
      reason: REASON,
      substituteRequired: true,
      from: { date: from, half: 'am' },
      to: { date: to, half: 'pm' },
    });

    // ── head1 decides on a phone without signal, then gets signal ──
    const head = await phoneFor(ctx, 'head1');
    // The step to decide, and a substitute the window head may arrange: one request, listed once
    // with both (issue 13 §10: it counted and listed the same request twice).
    await expect
      .poll(() => head.page.getByTestId('open-inbox').getAttribute('data-count'), { timeout: 30_000 })
      .toBe('1');
    await setOffline(head.phone, head.page, true);
    await head.page.getByTestId('open-inbox').click();
    await expect.poll(() => head.page.getByTestId('inbox-item').count()).toBe(1);
    expect(await head.page.getByTestId('inbox-item').getAttribute('data-reasons')).toBe('decide arrange_substitute');
    await head.page.locator('[data-testid="inbox-item"][data-reason="decide"]').getByTestId('leave-row').click();
    expect(await head.page.getByTestId('leave-reason-text').textContent()).toContain(REASON); // an approver sees why
    await head.page.getByTestId('decide-comment').fill('同意，注意休息');
    await head.page.getByTestId('decide-approve').click();
    await expect.poll(() => pending(head.page)).toBe('1');
    expect(await head.page.getByTestId('decide').count()).toBe(0); // decided: no longer waiting for this phone
    await setOffline(head.phone, head.page, false);
    await expect.poll(() => pending(head.page), { timeout: 30_000 }).toBe('0');
    await expect.poll(async () => (await serverLeave())?.steps[0]?.decision, { timeout: 30_000 }).toBe('approved');

    // The window's other person asking leave for the same days is blocked, with the reason (two-person window).
    await head.page.getByTestId('nav-home').click();
    await head.page.getByTestId('open-new-leave').click();
    const conflict = head.page.locator('[data-testid="preview-conflict"][data-code="both_away"]');
    await expect.poll(() => conflict.getAttribute('data-severity')).toBe('block');
    expect(await conflict.textContent()).toContain('两人不得同时请假');
    expect(await head.page.getByTestId('leave-submit').isDisabled()).toBe(true);
    expect(await head.page.getByTestId('leave-blocked').textContent()).toMatch(/^不能提交：/);

    // ── dept1 names and confirms the substitute, and approves ──
    const dept = await phoneFor(ctx, 'dept1');
    await expect
      .poll(() => dept.page.getByTestId('open-inbox').getAttribute('data-count'), { timeout: 30_000 })
      .toBe('1'); // decide + arrange, one request
    await dept.page.getByTestId('open-inbox').click();
    await dept.page.getByTestId('inbox-item').first().getByTestId('leave-row').click();
    await dept.page.getByTestId('name-substitute').click();
    const candidate = await dept.page.getByTestId('substitute-staff').locator('option').nth(1).getAttribute('value');
    await dept.page.getByTestId('substitute-staff').selectOption(candidate!);
    // The staff list's phone number is filled in (issue 13 §10); the approver may still change it.
    const section = new ApiClient(ctx.server.url);
    await section.signIn('super1');
    const listed = (await section.pullAll()).find((c) => c.entity === 'staff' && c.id === candidate)?.data as
      { phone: string | null } | undefined;
    expect(listed).toBeDefined();
    expect(await dept.page.getByTestId('substitute-phone').inputValue()).toBe(listed?.phone ?? '');
    await dept.page.getByTestId('substitute-phone').fill('13900001111');
    await dept.page.getByTestId('substitute-save').click();
    await dept.page.getByTestId('confirm-substitute').click();
    await expect.poll(() => dept.page.getByTestId('substitute').getAttribute('data-status')).toBe('confirmed');
    await dept.page.getByTestId('decide-approve').click();
    await expect.poll(() => pending(dept.page), { timeout: 30_000 }).toBe('0');
    const substituteName = (await dept.page.getByTestId('substitute-name').textContent())!;
    await expect.poll(async () => (await serverSubstitute())?.status).toBe('confirmed');
    const arrangement = (await serverSubstitute())!;
    expect(arrangement).toMatchObject({
      substituteStaffId: candidate,
      substituteName,
      forStaffId: DEMO_IDS.window102StaffA,
      windowId: DEMO_IDS.window102,
      confirmedByName: '孙卫民',
    });
    expect(arrangement.reportedAt).not.toBeNull(); // 报备: reported to the supervision section on confirming
    expect((await serverLeave())?.status).toBe('pending'); // the center leader has not decided yet

    // ── two center leaders: leader2 decides offline, leader1 online first; the first valid decision stands ──
    expect(
      (
        await supervision.request('POST', '/api/admin/users', {
          username: 'leader2',
          password: 'demo1234',
          displayName: '第二中心领导',
          role: 'center_leader',
        })
      ).status,
    ).toBe(201);
    const leader2 = await phoneFor(ctx, 'leader2');
    await expect
      .poll(() => leader2.page.getByTestId('open-inbox').getAttribute('data-count'), { timeout: 30_000 })
      .toBe('1');
    await setOffline(leader2.phone, leader2.page, true);
    await leader2.page.getByTestId('open-inbox').click();
    await leader2.page.getByTestId('inbox-item').getByTestId('leave-row').click();
    await leader2.page.getByTestId('decide-approve').click();
    await expect.poll(() => pending(leader2.page)).toBe('1');

    const leader = await phoneFor(ctx, 'leader1');
    await expect
      .poll(() => leader.page.getByTestId('open-inbox').getAttribute('data-count'), { timeout: 30_000 })
      .toBe('1');
    await leader.page.getByTestId('open-inbox').click();
    await leader.page.getByTestId('inbox-item').getByTestId('leave-row').click();
    await leader.page.getByTestId('decide-comment').fill('同意');
    await leader.page.getByTestId('decide-approve').click();
    await expect.poll(() => pending(leader.page), { timeout: 30_000 }).toBe('0');
    await expect.poll(async () => (await serverLeave())?.status, { timeout: 30_000 }).toBe('approved');
    expect((await serverLeave())!.steps.map((s) => [s.role, s.decision, s.byName])).toEqual([
      ['window_head', 'approved', expect.any(String)],
      ['dept_leader', 'approved', '孙卫民'],
      ['center_leader', 'approved', '钱国栋'],
    ]);

    // leader2 gets signal: their decision is refused, and the phone says why and who decided first.
    await setOffline(leader2.phone, leader2.page, false);
    await expect.poll(() => leader2.page.getByTestId('rejected-link').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => leader2.page.getByTestId('leave-rejection').textContent()).toContain('钱国栋');
    await leader2.page.getByTestId('rejected-link').click();
    expect(await leader2.page.getByTestId('rejected-title').textContent()).toMatch(/^请假审批 · .+ · 第3步 批准$/);
    expect(await leader2.page.getByTestId('rejected-reason').textContent()).toMatch(
      /^原因: 与服务器上的现有情况冲突.*already approved by 钱国栋.*not applied/,
    );

    // ── the center leader's coverage calendar: today staff1 away with the confirmed substitute ──
    await leader.page.getByTestId('nav-home').click();
    await leader.page.getByTestId('open-coverage').click();
    await leader.page.locator(`[data-testid="coverage-cell"][data-date="${from}"]`).click();
    const staff1Name = DEMO_SIGN_INS.find((u) => u.username === 'staff1')!.displayName;
    const away = leader.page.getByTestId('coverage-away').filter({ hasText: `102 ${staff1Name}` });
    await expect.poll(() => away.count()).toBe(1);
    expect(await away.textContent()).toContain(`替岗 ${substituteName} (已确认)`);

    // ── the supervision section issues the temporary badge (临时挂牌) on its phone ──
    const desk = await phoneFor(ctx, 'super1');
    await desk.page.getByTestId('open-arrangements').click();
    const row = desk.page.locator(`[data-testid="arrangement"][data-id="${arrangement.id}"]`);
    await row.getByTestId('badge-number').fill('LS-07');
    await row.getByTestId('badge-issue').click();
    // the local write first (a pending count of 0 can be read before the outbox entry lands), then the push
    await expect.poll(() => row.getByTestId('arrangement-badge').textContent()).toContain('LS-07');
    await expect.poll(() => pending(desk.page), { timeout: 30_000 }).toBe('0');
    await expect.poll(async () => (await serverSubstitute())?.badgeNumber, { timeout: 30_000 }).toBe('LS-07');

    // ── the desk registers a short outing (临时外出) for someone of another window, and the return ──
    await desk.page.getByTestId('nav-home').click();
    await desk.page.getByTestId('open-outings').click();
    await desk.page.getByTestId('outing-window').selectOption(DEMO_IDS.window201);
    await desk.page.getByTestId('outing-person').selectOption(DEMO_IDS.window201StaffA);
    await desk.page.getByTestId('outing-purpose').fill('到不动产登记中心取件');
    await desk.page.getByTestId('outing-start').click();
    await expect.poll(() => desk.page.getByTestId('outing-open').count()).toBe(1);
    await desk.page.getByTestId('outing-return').click();
    await expect.poll(() => desk.page.getByTestId('outing-tally').getAttribute('data-short')).toBe('1');
    await expect.poll(() => pending(desk.page), { timeout: 30_000 }).toBe('0');
    const serverOutings = async () =>
      (await supervision.pullAll())
        .filter((c) => c.entity === 'outings' && c.op === 'upsert')
        .map((c) => c.data as Outing);
    await expect
      .poll(
        async () =>
          (await serverOutings()).find((o) => o.staffId === DEMO_IDS.window201StaffA && o.returnedAt !== null)
            ?.registeredByName,
        { timeout: 30_000 },
      )
      .toBe(DEMO_SIGN_INS.find((u) => u.username === 'super1')!.displayName);

    // ── duty1's round: staff1 "on leave until …" without the reason, the substitute at window 102 ──
    const duty = await phoneFor(ctx, 'duty1');
    await expect.poll(() => duty.page.getByTestId('round-slot').count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => duty.page.getByTestId('away-today').count(), { timeout: 30_000 }).toBe(1);
    await duty.page.getByTestId('start-round').first().click();
    const card = duty.page.locator(`[data-testid="round-window"][data-window="${DEMO_IDS.window102}"]`);
    await expect
      .poll(() => card.getByTestId('expected-staff').textContent(), { timeout: 30_000 })
      .toContain(substituteName);
    const [, m, d] = to.split('-').map(Number);
    const expectedLine = (await card.getByTestId('expected-staff').textContent())!;
    expect(expectedLine).toContain(`请假至${m}月${d}日下午`);
    expect(expectedLine).toContain('替岗 临时挂牌LS-07');
    expect(expectedLine).not.toContain(REASON);
    expect(expectedLine).not.toContain('病假');
    // Recording staff1 off post asks first: the approved leave excuses them (and nothing is saved on "cancel").
    await card.getByTestId('open-window').click();
    await card.locator('[data-testid="quick-item"][data-code="OFF_POST"]').click();
    await card.getByTestId('quick-staff').filter({ hasText: staff1Name }).click();
    const dialog = new Promise<string>((resolve) =>
      duty.page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.message()))),
    );
    await card.getByTestId('save-violation').click();
    expect(await dialog).toMatch(/^此人有已批准的请假.*确定记录脱岗？$/);
    expect(await card.getAttribute('data-state')).toBe('unchecked'); // no record was made
    expect(await card.getByTestId('quick-record').count()).toBe(1);
    // The substitute (from another window) eating at the counter: recorded against the substitute, for staff1's window.
    await card.locator('[data-testid="quick-item"][data-code="EATING"]').click();
    await card.getByTestId('quick-staff').filter({ hasText: substituteName }).click();
    await card.getByTestId('save-violation').click();
    await expect.poll(() => card.getAttribute('data-state')).not.toBe('unchecked');
    await expect.poll(() => pending(duty.page), { timeout: 30_000 }).toBe('0');
    const substituteRecord = (await supervision.pullAll()).find(
      (c) =>
        c.entity === 'violations' &&
        (c.data as { itemCode?: string; windowId?: string }).windowId === DEMO_IDS.window102 &&
        (c.data as { itemCode?: string }).itemCode === 'EATING',
    );
    expect(substituteRecord?.data).toMatchObject({
      staffId: candidate,
      substituteFor: DEMO_IDS.window102StaffA,
      windowId: DEMO_IDS.window102,
    });
    expect(await duty.page.getByTestId('rejected-link').count()).toBe(0);

    // The duty leader's phone holds only the summary: no reason, no type anywhere in its database.
    const dutyLeaves = await duty.page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const req = indexedDB.open('window-duty');
          req.onsuccess = () => {
            const get = req.result.transaction('leaves').objectStore('leaves').getAll();
            get.onsuccess = () => resolve(JSON.stringify(get.result));
            get.onerror = () => reject(get.error);
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(dutyLeaves).toContain('"redacted":true');
    expect(dutyLeaves).not.toContain(REASON);

    // ── head1 steps out (临时外出): the monthly count, and the duty leader sees the open outing ──
    await head.page.getByTestId('nav-home').click();
    await head.page.getByTestId('open-outings').click();
    await head.page.getByTestId('outing-person').selectOption(DEMO_IDS.window102StaffB);
    expect(await head.page.getByTestId('outing-notice').first().textContent()).toBe('本月第1次临时外出（每月限10次）');
    await head.page.getByTestId('outing-purpose').fill('到税务局送材料');
    await head.page.getByTestId('outing-start').click();
    await expect.poll(() => head.page.getByTestId('outing-open').count()).toBe(1);
    await expect.poll(() => pending(head.page), { timeout: 30_000 }).toBe('0');
    await duty.page.reload(); // a fresh start syncs
    await expect
      .poll(() => card.getByTestId('expected-staff').textContent(), { timeout: 30_000 })
      .toContain('临时外出中');
    expect(await card.getByTestId('expected-staff').textContent()).not.toContain('税务局'); // the purpose stays private
    // The plain record form warns the same way (without blocking): staff1 is on approved leave now.
    await duty.page.getByTestId('nav-home').click();
    await duty.page.getByTestId('record-violation').click();
    await duty.page.getByTestId('window-select').selectOption(DEMO_IDS.window102);
    await duty.page.locator('[data-testid="quick-item"][data-code="OFF_POST"]').click();
    await duty.page.locator(`[data-testid="quick-staff"][data-staff-id="${DEMO_IDS.window102StaffA}"]`).click();
    await expect.poll(() => duty.page.getByTestId('excuse-warning').textContent()).toMatch(/^此人有已批准的请假/);
    await duty.page.locator('[data-testid="quick-item"][data-code="EATING"]').click();
    await expect.poll(() => duty.page.getByTestId('excuse-warning').count()).toBe(0);
    await duty.page.getByTestId('cancel-violation').click();
    await head.page.getByTestId('outing-return').click();
    await expect.poll(() => head.page.getByTestId('outing-tally').getAttribute('data-short')).toBe('1');

    // ── staff1 closes the leave (销假) and hands in the certificate ──
    await staff.page.reload(); // a fresh start syncs: the approval arrives
    await expect
      .poll(() => staff.page.getByTestId('leave-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('approved');
    await staff.page.getByTestId('leave-close').click();
    await expect.poll(() => staff.page.getByTestId('certificate-missing').count()).toBe(1); // without it: counted as personal leave
    const certificate = Buffer.from('%PDF-1.4\n% 病假证明 e2e\n');
    await staff.page
      .getByTestId('close-certificate')
      .setInputFiles({ name: '病假证明.pdf', mimeType: 'application/pdf', buffer: certificate });
    await expect.poll(() => staff.page.getByTestId('certificate-missing').count()).toBe(0);
    await staff.page.getByTestId('close-save').click();
    await expect.poll(() => pending(staff.page), { timeout: 30_000 }).toBe('0');
    await expect.poll(async () => (await serverLeave())?.status, { timeout: 30_000 }).toBe('closed');
    expect((await serverLeave())!.closure).toMatchObject({
      effectiveType: 'sick',
      certificateMissing: false,
      overstayHalfDays: 0,
    });
    // The certificate's bytes reach the server after the pull that lists it.
    const hash = createHash('sha256').update(certificate).digest('hex');
    await expect
      .poll(async () => (await supervision.getBytes(`/api/leave-files/${hash}`)).status, { timeout: 30_000 })
      .toBe(200);
    expect((await supervision.getBytes(`/api/leave-files/${hash}`)).bytes.equals(certificate)).toBe(true);

    // ── later the desk finds the certificate forged (骗假): the leave's days become absence ──
    await desk.page.goto(`${ctx.server.url}/leave/${leaveId}`);
    await expect
      .poll(() => desk.page.getByTestId('leave-detail').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('closed');
    await desk.page.getByTestId('leave-deceit-open').click();
    await expect.poll(() => desk.page.getByTestId('deceit-send').isDisabled()).toBe(true); // not without saying what the deceit was
    await desk.page.getByTestId('deceit-reason').fill('医院核实：病假证明非本院出具');
    await desk.page.getByTestId('deceit-send').click();
    await expect.poll(() => desk.page.getByTestId('leave-deceit').textContent()).toContain('医院核实');
    await expect.poll(() => pending(desk.page), { timeout: 30_000 }).toBe('0');
    await expect
      .poll(async () => (await serverLeave())?.deceit?.reason, { timeout: 30_000 })
      .toBe('医院核实：病假证明非本院出具');
    expect(await desk.page.getByTestId('leave-deceit-open').count()).toBe(0); // found once, for good

    for (const p of [staff, head, dept, leader2, leader, desk, duty]) await p.phone.close();
  });
});
