import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { patrolCoverage } from '../../src/server/patrol/coverage';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordMutation } from './support/sync';

const ZONE = 'Asia/Shanghai';

/**
 * Issue 13 points 2–5 on the server: the roster decides who patrols which floor, a round and the
 * records naming it belong to their recorder, each window check is applied exactly once and
 * coverage reads it live; an abandoned round is audited. Fixed days (March/April 2026) with a
 * roster written for them: nothing depends on today.
 */
describeEachTarget('patrol rights, round ownership and live window checks', (target) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(target);
    for (const u of ['duty1', 'duty2', 'head1', 'super1', 'staff1']) {
      ids[u] = await h.userId(u);
      cookies[u] = await h.loginAs(u);
    }
    // The roster of the test's months: head1 (a duty window's head) on floor 1 on 2 March only;
    // duty1 on floor 1 on 1 April.
    await h.db.query(`delete from duty_roster where month in ('2026-03', '2026-04')`);
    await h.db.query(
      `insert into duty_roster (id, month, floor_id, user_id, dates) values ($1, '2026-03', $2, $3, '{2026-03-02}'), ($4, '2026-04', $2, $5, '{2026-04-01}')`,
      [randomUUID(), DEMO_IDS.floor1, ids.head1, randomUUID(), ids.duty1],
    );
  });
  afterAll(() => h?.close());

  const start = (user: string, overrides: Record<string, unknown> = {}) =>
    envelope(ids[user]!, 'round.start', {
      id: randomUUID(),
      floorId: DEMO_IDS.floor1,
      slot: 0,
      startedAt: '2026-03-02T09:00:00+08:00',
      ...overrides,
    });
  const check = (user: string, roundId: string, windowId: string, inOrder = true) =>
    envelope(ids[user]!, 'round.check_window', {
      id: roundId,
      windowId,
      inOrder,
      checkedAt: '2026-03-02T09:05:00+08:00',
    });
  const result = async (user: string, mutations: unknown[]) =>
    (await push(h.app, cookies[user]!, mutations)).body.results as { status: string; code?: string }[];
  const roundRow = async (id: string) =>
    (
      await h.db.query<{ checked: string[]; in_order: string[]; deleted_at: Date | null }>(
        'select checked_window_ids as checked, all_in_order_window_ids as in_order, deleted_at from rounds where id = $1',
        [id],
      )
    )[0];

  it('a window head on the roster patrols and records on that floor and day; not on another floor or day', async () => {
    const s = start('head1');
    const roundId = (s.args as { id: string }).id;
    const record = recordMutation(ids.head1!, { roundId, observedAt: '2026-03-02T09:10:00+08:00' });
    expect((await result('head1', [s, record])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await result('head1', [start('head1', { floorId: DEMO_IDS.floor2 })])).toMatchObject([
      { code: 'forbidden' },
    ]);
    expect(await result('head1', [start('head1', { startedAt: '2026-03-03T09:00:00+08:00' })])).toMatchObject([
      { code: 'forbidden' },
    ]);
    expect(
      await result('head1', [recordMutation(ids.head1!, { observedAt: '2026-03-03T09:10:00+08:00' })]),
    ).toMatchObject([{ code: 'forbidden' }]);
    // A record made in the round marks its window checked there.
    expect((await roundRow(roundId))!.checked).toEqual([DEMO_IDS.window102]);
    // A record at another window of his floor comes back to his phone, as his round does.
    const elsewhere = recordMutation(ids.head1!, {
      roundId,
      windowId: DEMO_IDS.window101,
      staffId: null,
      observedAt: '2026-03-02T09:20:00+08:00',
    });
    expect(await result('head1', [elsewhere])).toMatchObject([{ status: 'applied' }]);
    const pulled = (await pullAll(h.app, cookies.head1!)).changes;
    expect(pulled.some((c) => c.entity === 'violations' && c.id === (elsewhere.args as { id: string }).id)).toBe(true);
    expect(pulled.some((c) => c.entity === 'rounds' && c.id === roundId)).toBe(true);
    // Staff never patrol.
    expect(await result('staff1', [start('staff1')])).toMatchObject([{ code: 'forbidden' }]);
    // He corrects his own records (only his own); forwarding late records is not his.
    const own = (record.args as { id: string }).id;
    expect(await result('head1', [envelope(ids.head1!, 'violation.update', { id: own, count: 2 })])).toMatchObject([
      { status: 'applied' },
    ]);
    const byDuty1 = recordMutation(ids.duty1!, {});
    await result('duty1', [byDuty1]);
    expect(
      await result('head1', [
        envelope(ids.head1!, 'violation.withdraw', { id: (byDuty1.args as { id: string }).id, reason: '不是我' }),
      ]),
    ).toMatchObject([{ code: 'forbidden' }]);
    expect(
      await result('head1', [
        envelope(ids.head1!, 'violation.late_submit', {
          id: randomUUID(),
          violation: recordMutation(ids.head1!).args,
          reason: '迟交',
        }),
      ]),
    ).toMatchObject([{ code: 'forbidden' }]);
  });

  it('duty officers keep to their floor; the supervision section may walk any floor', async () => {
    // duty2 has no roster entry that day: his own floor (2) only.
    expect(await result('duty2', [start('duty2')])).toMatchObject([{ code: 'forbidden' }]);
    expect(await result('duty2', [start('duty2', { floorId: DEMO_IDS.floor2 })])).toMatchObject([
      { status: 'applied' },
    ]);
    expect(await result('super1', [start('super1', { floorId: DEMO_IDS.floor2 })])).toMatchObject([
      { status: 'applied' },
    ]);
  });

  it('a record names only an existing round of its recorder’s, on the window’s floor', async () => {
    expect(await result('duty1', [recordMutation(ids.duty1!, { roundId: randomUUID() })])).toMatchObject([
      { code: 'not_found' },
    ]);
    const s = start('duty1');
    const roundId = (s.args as { id: string }).id;
    await result('duty1', [s]);
    expect(await result('duty2', [recordMutation(ids.duty2!, { roundId })])).toMatchObject([{ code: 'forbidden' }]);
    const floor2Window = (
      await h.db.query<{ id: string }>('select id from windows where floor_id = $1 limit 1', [DEMO_IDS.floor2])
    )[0]!.id;
    expect(
      await result('duty1', [recordMutation(ids.duty1!, { roundId, windowId: floor2Window, staffId: null })]),
    ).toMatchObject([{ code: 'invalid' }]);
    const [{ n }] = (await h.db.query<{ n: number }>('select count(*)::int as n from violations where round_id = $1', [
      roundId,
    ])) as [{ n: number }];
    expect(n).toBe(0);
    expect(await result('duty1', [recordMutation(ids.duty1!, { roundId })])).toMatchObject([{ status: 'applied' }]);
  });

  it('round.check_window: applied once per mutation id, in order; on the round’s floor; only the owner’s open round', async () => {
    const s = start('duty1');
    const roundId = (s.args as { id: string }).id;
    const mark = check('duty1', roundId, DEMO_IDS.window101);
    expect((await result('duty1', [s, mark])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await roundRow(roundId)).toMatchObject({ checked: [DEMO_IDS.window101], in_order: [DEMO_IDS.window101] });
    const unmark = check('duty1', roundId, DEMO_IDS.window101, false);
    expect(await result('duty1', [unmark])).toMatchObject([{ status: 'applied' }]);
    // The first mark replayed (a retry after a lost answer): the first outcome, nothing re-applied.
    expect(await result('duty1', [mark])).toMatchObject([{ status: 'applied' }]);
    expect(await roundRow(roundId)).toMatchObject({ checked: [], in_order: [] });
    const [{ n }] = (await h.db.query<{ n: number }>('select count(*)::int as n from mutations where id = $1', [
      mark.id,
    ])) as [{ n: number }];
    expect(n).toBe(1);

    const floor2Window = (
      await h.db.query<{ id: string }>('select id from windows where floor_id = $1 limit 1', [DEMO_IDS.floor2])
    )[0]!.id;
    expect(await result('duty1', [check('duty1', roundId, floor2Window)])).toMatchObject([{ code: 'invalid' }]);
    expect(await result('duty2', [check('duty2', roundId, DEMO_IDS.window101)])).toMatchObject([{ code: 'forbidden' }]);
    expect(await result('duty1', [check('duty1', randomUUID(), DEMO_IDS.window101)])).toMatchObject([
      { code: 'not_found' },
    ]);
    // A window with a record of the round is checked, never 一切正常.
    expect(await result('duty1', [recordMutation(ids.duty1!, { roundId })])).toMatchObject([{ status: 'applied' }]);
    expect(await result('duty1', [check('duty1', roundId, DEMO_IDS.window102)])).toMatchObject([{ status: 'applied' }]);
    expect(await roundRow(roundId)).toMatchObject({ checked: [DEMO_IDS.window102], in_order: [] });
    expect(await result('duty1', [check('duty1', roundId, DEMO_IDS.window102, false)])).toMatchObject([
      { status: 'applied' },
    ]);
    expect(await roundRow(roundId)).toMatchObject({ checked: [DEMO_IDS.window102], in_order: [] });
    const finish = envelope(ids.duty1!, 'round.finish', {
      id: roundId,
      finishedAt: '2026-03-02T09:40:00+08:00',
      checkedWindowIds: [],
      allInOrderWindowIds: [],
    });
    expect(await result('duty1', [finish, check('duty1', roundId, DEMO_IDS.window101)])).toMatchObject([
      { status: 'applied' },
      { code: 'conflict' },
    ]);
    // The finish keeps the window its record checked, though the phone's list left it out.
    expect(await roundRow(roundId)).toMatchObject({ checked: [DEMO_IDS.window102], in_order: [] });
  });

  it('round.abandon: a reason, audited; the round goes; only the owner, only while open', async () => {
    const s = start('duty1');
    const roundId = (s.args as { id: string }).id;
    await result('duty1', [s]);
    const abandon = (user: string, reason: string) =>
      envelope(ids[user]!, 'round.abandon', { id: roundId, reason, abandonedAt: '2026-03-02T09:20:00+08:00' });
    expect(await result('duty1', [abandon('duty1', '   ')])).toMatchObject([{ code: 'invalid' }]);
    expect(await result('duty1', [abandon('duty1', 'x'.repeat(201))])).toMatchObject([{ code: 'invalid' }]);
    expect(await result('duty2', [abandon('duty2', '走错楼层')])).toMatchObject([{ code: 'forbidden' }]);
    expect(await result('duty1', [abandon('duty1', '临时会议')])).toMatchObject([{ status: 'applied' }]);
    expect((await roundRow(roundId))!.deleted_at).not.toBeNull();
    const audit = await h.db.query<{ actor_id: string; after: { reason: string } | string }>(
      `select actor_id, after from audit_log where action = 'abandon_round' and entity_id = $1`,
      [roundId],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(ids.duty1);
    const after = typeof audit[0]!.after === 'string' ? JSON.parse(audit[0]!.after) : audit[0]!.after;
    expect(after.reason).toBe('临时会议');
    expect(await result('duty1', [abandon('duty1', '再次')])).toMatchObject([{ code: 'conflict' }]);
    expect(await result('duty1', [check('duty1', roundId, DEMO_IDS.window101)])).toMatchObject([{ code: 'conflict' }]);
  });

  it('coverage is live: a window checked in an open round is not "never checked"; an open round past its slot counts as done', async () => {
    const s = start('duty1', { startedAt: '2026-04-01T09:00:00+08:00' });
    const roundId = (s.args as { id: string }).id;
    const at = (local: string) => new Date(`${local}+08:00`);
    const before = await patrolCoverage(h.db, '2026-04', ZONE, at('2026-04-01T09:01:00'));
    expect(before.windowsNeverChecked.map((w) => w.id)).toContain(DEMO_IDS.window101);
    expect(
      await result('duty1', [
        s,
        {
          ...check('duty1', roundId, DEMO_IDS.window101),
          args: { id: roundId, windowId: DEMO_IDS.window101, inOrder: true, checkedAt: '2026-04-01T09:05:00+08:00' },
        },
      ]),
    ).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
    const during = await patrolCoverage(h.db, '2026-04', ZONE, at('2026-04-01T10:00:00'));
    expect(during.windowsNeverChecked.map((w) => w.id)).not.toContain(DEMO_IDS.window101);
    const dayDuring = during.days.find((d) => d.day === '2026-04-01' && d.floorId === DEMO_IDS.floor1);
    expect(dayDuring).toMatchObject({ userId: ids.duty1, done: 0, required: 2 });
    // 11:30 ends the morning slot: the open round counts as closed.
    const after = await patrolCoverage(h.db, '2026-04', ZONE, at('2026-04-01T11:30:00'));
    expect(after.days.find((d) => d.day === '2026-04-01' && d.floorId === DEMO_IDS.floor1)).toMatchObject({ done: 1 });
  });
});
