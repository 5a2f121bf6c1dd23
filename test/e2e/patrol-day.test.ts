import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rosterDays } from '../../src/domain';
import { ApiClient } from '../support/api-client';
import { movePhoneClock, newPhone, signIn } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';
import { HALL_NOW, testNow } from '../support/test-clock';

const hasChromium = chromiumAvailable();

/** The test clock's hall day (Wednesday 4 March 2026, Asia/Shanghai): its 10:00 is in the morning slot (08:30–11:30). */
const TEST_DAY = HALL_NOW.slice(0, 10);
/** A hall wall-clock time on the test clock's day. */
const hall = (hhmm: string) => new Date(`${TEST_DAY}T${hhmm}:00+08:00`);

const pending = (page: Page) => page.getByTestId('sync-pending-count').getAttribute('data-count');

/** The round rows the supervision section pulls, by id. */
async function serverRounds(api: ApiClient) {
  const rounds = new Map<
    string,
    { checkedWindowIds: string[]; allInOrderWindowIds: string[]; finishedAt: string | null } | null
  >();
  for (const c of await api.pullAll())
    if (c.entity === 'rounds') rounds.set(c.id, c.op === 'delete' ? null : (c.data as never));
  return rounds;
}

/**
 * Issue 13 §2–5 and §10 as the hall lives the patrol day, on a 360-px phone. Server and phones run
 * on the shared test clock (a known working day, from 10:00 in the hall; nothing depends on
 * today); a phone's clock only moves on its own where a test says so.
 */
describe.skipIf(!hasChromium)('the patrol day (built PWA, real Chromium, injected clock)', () => {
  const ctx = withServerAndBrowser('patrol-day');

  it('the sign-in page shows no queue and no last sync', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await expect.poll(() => page.getByTestId('login-username').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('sync-pending-count').count()).toBe(0);
    expect(await page.getByTestId('last-sync').count()).toBe(0);
    await phone.close();
  });

  it('duty1: starting outside the slot asks and names it; each 一切正常 reaches the server as it happens; a record from the plain form counts for the round; past its slot the round closes itself', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty1');
    await expect.poll(() => page.getByTestId('round-slot').count(), { timeout: 30_000 }).toBe(2);
    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');

    // The morning slot (08:30–11:30) is on (the test clock's 10:00 and on, well before 11:30).
    expect(testNow().getTime()).toBeLessThan(hall('11:00').getTime());
    // The afternoon round: the phone asks, naming the slot; declined, nothing starts.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('round-slot').nth(1).getByTestId('start-round').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('下午巡查');
    expect(asked[0]).toContain('14:00–17:30');
    expect(await page.getByTestId('round-screen').count()).toBe(0);

    // The morning round is due: no question.
    page.on('dialog', (d) => void d.dismiss()); // any further question fails the test below
    await page.getByTestId('round-slot').nth(0).getByTestId('start-round').click();
    await expect.poll(() => page.getByTestId('round-window').count(), { timeout: 30_000 }).toBe(12);
    const roundId = (await page.getByTestId('round-screen').getAttribute('data-round'))!;
    const first = page.getByTestId('round-window').nth(0);
    const window101 = (await first.getAttribute('data-window'))!;
    await first.getByTestId('all-in-order').click();
    await expect.poll(() => first.getAttribute('data-state')).toBe('in_order');
    // Live: the server has the check while the round is still open.
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    let onServer = (await serverRounds(supervision)).get(roundId);
    expect(onServer?.finishedAt).toBeNull();
    expect(onServer?.checkedWindowIds).toEqual([window101]);
    const coverage = await supervision.request('GET', `/api/patrol/coverage?month=${TEST_DAY.slice(0, 7)}`);
    expect(coverage.status).toBe(200);
    expect(coverage.body.windowsNeverChecked.map((w: { id: string }) => w.id)).not.toContain(window101);

    // A violation at 104 from the plain form (记录违规) counts for the open round.
    await page.getByRole('button', { name: '返回', exact: true }).click();
    await page.getByTestId('record-violation').click();
    const select = page.getByTestId('window-select');
    await expect.poll(() => select.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    const value104 = await select.locator('option', { hasText: /^104 / }).getAttribute('value');
    await select.selectOption(value104!);
    await expect.poll(() => page.getByTestId('counts-for-round').textContent()).toContain('上午巡查');
    await page.locator('[data-testid="quick-item"][data-code="EATING"]').click();
    await page.getByTestId('save-violation').click();
    await expect.poll(() => page.getByTestId('continue-round').count()).toBe(1);
    await page.getByTestId('continue-round').click();
    const w104 = page.locator(`[data-testid="round-window"][data-window="${value104}"]`);
    await expect.poll(() => w104.getAttribute('data-state')).toBe('recorded');
    expect(await w104.getByTestId('all-in-order').count()).toBe(0); // 一切正常 not offered
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    onServer = (await serverRounds(supervision)).get(roundId);
    expect([...onServer!.checkedWindowIds].sort()).toEqual([window101, value104].sort());

    // 11:31: the slot has ended; the phone closes the round with what was checked, at 11:30.
    // Only the phone's clock moves (the server's stays in the morning: the phone's closing
    // time, not the server's, finishes the round). The phone's one clock is its device time plus
    // the offset kept from the last sync (none: they agreed), so it reads 11:31 as home renders;
    // nothing is pending, so no sync measures the offset again before the round closes.
    await movePhoneClock(page, hall('11:31').getTime() - (await page.evaluate(() => Date.now())));
    await page.getByRole('button', { name: '返回', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('round-slot').nth(0).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('done');
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    onServer = (await serverRounds(supervision)).get(roundId);
    expect(new Date(onServer!.finishedAt!).toISOString()).toBe(hall('11:30').toISOString());
    expect([...onServer!.checkedWindowIds].sort()).toEqual([window101, value104].sort());
    expect(onServer!.allInOrderWindowIds).toEqual([window101]);
    await phone.close();
  });

  it('an open round can be abandoned with a reason: audited, the slot can be walked again', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    // duty2 (floor 2): duty1's morning round of the test day is done by the test above.
    await signIn(page, 'duty2');
    await expect.poll(() => page.getByTestId('round-slot').count(), { timeout: 30_000 }).toBe(2);
    page.on('dialog', (d) => void d.dismiss()); // the morning slot is on: no question (a question would stop the start)
    await page.getByTestId('round-slot').nth(0).getByTestId('start-round').click();
    await expect.poll(() => page.getByTestId('round-window').count(), { timeout: 30_000 }).toBe(12);
    const roundId = (await page.getByTestId('round-screen').getAttribute('data-round'))!;
    await page.getByTestId('abandon-round-button').click();
    expect(await page.getByTestId('abandon-round-send').isDisabled()).toBe(true); // no reason, no abandoning
    await page.getByTestId('abandon-round-reason').fill('中心临时会议');
    await page.getByTestId('abandon-round-send').click();
    await expect
      .poll(() => page.getByTestId('round-slot').nth(0).getAttribute('data-status'), { timeout: 30_000 })
      .toBe('not_started');
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');

    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    // On the server (the queue count may still read the 0 of before the abandon for a moment).
    await expect.poll(async () => (await serverRounds(supervision)).get(roundId), { timeout: 60_000 }).toBeNull();
    const audit = await supervision.request('GET', '/api/admin/audit?action=abandon_round');
    expect(audit.body.entries.find((e: { entityId: string }) => e.entityId === roundId)?.after).toMatchObject({
      reason: '中心临时会议',
    });
    await phone.close();
  });

  it('a window head on the roster gets the patrol home that day; his round and checks are accepted', async () => {
    const supervision = new ApiClient(ctx.server.url);
    await supervision.signIn('super1');
    const users = (await supervision.request('GET', '/api/admin/users')).body as
      { users?: { id: string; username: string }[] } | { id: string; username: string }[];
    const list = Array.isArray(users) ? users : (users.users ?? []);
    const head1 = list.find((u) => u.username === 'head1')!;
    const floors = (await supervision.pullAll())
      .filter((c) => c.entity === 'floors')
      .map((c) => c.data as { id: string; level: number });
    const floor1 = floors.find((f) => f.level === 1)!;
    // The demo center rosters its server's month, the test clock's: floor 1's officer (all month)
    // hands the test day and another working day over; head1 is rostered for the other day first.
    const month = TEST_DAY.slice(0, 7);
    const otherDay = rosterDays(month, []).find((d) => d !== TEST_DAY)!;
    const roster = (await supervision.request('GET', `/api/admin/duty-roster?month=${month}`)).body.roster as {
      id: string;
      floorId: string;
      dates: string[];
    }[];
    for (const entry of roster.filter((e) => e.floorId === floor1.id)) {
      const days = rosterDays(month, entry.dates); // no dates: the month's working days
      if (!days.includes(TEST_DAY) && !days.includes(otherDay)) continue;
      const handedOver = await supervision.request('PATCH', `/api/admin/duty-roster/${entry.id}`, {
        dates: days.filter((d) => d !== TEST_DAY && d !== otherDay),
      });
      expect(handedOver.status).toBe(200);
    }
    const created = await supervision.request('POST', '/api/admin/duty-roster', {
      month,
      floorId: floor1.id,
      userId: head1.id,
      dates: [otherDay],
    });
    expect(created.status).toBe(201);
    const entryId = created.body.entry.id as string;

    // Rostered another day, not today: no patrol home (the phone has synced the roster).
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'head1');
    await expect.poll(() => page.getByTestId('open-inbox').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('last-sync').textContent(), { timeout: 60_000 }).toContain('上次同步'); // synced, roster included
    expect(await page.getByTestId('rostered-patrol').count()).toBe(0);

    // Rostered today as well: after the next sync the same phone shows the patrol home.
    const today = await supervision.request('PATCH', `/api/admin/duty-roster/${entryId}`, {
      dates: [otherDay, TEST_DAY],
    });
    expect(today.status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId('rostered-patrol').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('round-slot').nth(0).getByTestId('start-round').click();
    await expect.poll(() => page.getByTestId('round-window').count(), { timeout: 30_000 }).toBe(12);
    await page.getByTestId('round-window').nth(2).getByTestId('all-in-order').click();
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    expect(await page.getByTestId('rejected-link').count()).toBe(0);
    const roundId = (await page.getByTestId('round-screen').getAttribute('data-round'))!;
    expect((await serverRounds(supervision)).get(roundId)?.checkedWindowIds).toHaveLength(1);
    await phone.close();
  });

  it('a save says "syncs when online" only while it has not synced', async () => {
    const phone = await newPhone(ctx.browser);
    // The flash's own 4-second timer is held (the flash stays up however long the sync takes
    // on a loaded machine): the page's 4000-ms timeouts never fire. Timers stay real otherwise.
    await phone.addInitScript(() => {
      const realSetTimeout = globalThis.setTimeout;
      globalThis.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) =>
        ms === 4000 ? 0 : realSetTimeout(fn, ms, ...args)) as typeof setTimeout;
    });
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'duty2');
    await page.getByTestId('record-violation').click();
    const select = page.getByTestId('window-select');
    await expect.poll(() => select.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await phone.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await select.selectOption((await select.locator('option', { hasText: /^201 / }).getAttribute('value'))!);
    await page.getByTestId('quick-item').first().click();
    await page.getByTestId('save-violation').click();
    await expect.poll(() => page.getByTestId('flash').textContent()).toBe('已保存，联网后自动同步');
    // The flash stays up; the phone gets signal and syncs.
    await phone.setOffline(false);
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('flash').textContent()).toBe('已保存');
    await phone.close();
  });

  it('staff1’s 本月暂计 shows the window’s score without a rank (the phone holds only part of the hall)', async () => {
    const phone = await newPhone(ctx.browser);
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await signIn(page, 'staff1');
    await expect.poll(() => page.getByTestId('home-rankings').count(), { timeout: 30_000 }).toBe(1);
    await page.goto(`${ctx.server.url}/rankings/provisional`);
    await expect
      .poll(() => page.getByTestId('provisional').getAttribute('data-complete'), { timeout: 30_000 })
      .toBe('false');
    const line = (await page.getByTestId('explanation-score').textContent())!;
    expect(line).toContain('得分');
    expect(line).not.toContain('名次');
    await phone.close();
  });
});
