import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordMutation } from './support/sync';

describeEachTarget('patrol rounds', (target) => {
  let h: Harness;
  let duty1: string;
  let duty1Id: string;
  let duty2: string;
  let duty2Id: string;
  let supervision: string;
  let staff: string;

  beforeAll(async () => {
    h = await createHarness(target);
    duty1 = await h.loginAs('duty1');
    duty1Id = await h.userId('duty1');
    duty2 = await h.loginAs('duty2');
    duty2Id = await h.userId('duty2');
    supervision = await h.loginAs('super1');
    staff = await h.loginAs('staff1');
  });
  afterAll(() => h?.close());

  const start = (userId: string, overrides: Record<string, unknown> = {}) =>
    envelope(userId, 'round.start', {
      id: randomUUID(),
      floorId: DEMO_IDS.floor1,
      slot: 0,
      startedAt: '2026-03-02T09:00:00+08:00',
      ...overrides,
    });
  const finish = (userId: string, id: string, overrides: Record<string, unknown> = {}) =>
    envelope(userId, 'round.finish', {
      id,
      finishedAt: '2026-03-02T09:40:00+08:00',
      checkedWindowIds: [DEMO_IDS.window102],
      allInOrderWindowIds: [DEMO_IDS.window101],
      ...overrides,
    });

  it('start, a record in the round and finish in one batch; pulled back with status and windows', async () => {
    const s = start(duty1Id);
    const roundId = (s.args as { id: string }).id;
    const record = recordMutation(duty1Id, { roundId });
    const f = finish(duty1Id, roundId);
    const { status, body } = await push(h.app, duty1, [s, record, f]);
    expect(status).toBe(200);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const [row] = await h.db.query<{
      day: string;
      finished_at: Date;
      checked_window_ids: string[];
      all_in_order_window_ids: string[];
    }>('select day, finished_at, checked_window_ids, all_in_order_window_ids from rounds where id = $1', [roundId]);
    expect(row!.day).toBe('2026-03-02');
    expect(new Date(row!.finished_at).toISOString()).toBe('2026-03-02T01:40:00.000Z');
    expect([...row!.checked_window_ids].sort()).toEqual([DEMO_IDS.window101, DEMO_IDS.window102].sort());
    expect(row!.all_in_order_window_ids).toEqual([DEMO_IDS.window101]);
    const [v] = await h.db.query<{ round_id: string }>('select round_id from violations where id = $1', [
      (record.args as { id: string }).id,
    ]);
    expect(v!.round_id).toBe(roundId);

    const { changes } = await pullAll(h.app, duty1);
    const pulled = changes.find((c) => c.entity === 'rounds' && c.id === roundId);
    expect(pulled?.data).toMatchObject({
      floorId: DEMO_IDS.floor1,
      slot: 0,
      day: '2026-03-02',
      leaderId: duty1Id,
      leaderName: '周建华',
      allInOrderWindowIds: [DEMO_IDS.window101],
    });
    expect(
      changes.find((c) => c.entity === 'violations' && c.id === (record.args as { id: string }).id)?.data,
    ).toMatchObject({ roundId });
  });

  it('start and finish in separate pushes; a replay changes nothing', async () => {
    const s = start(duty1Id, { slot: 1, startedAt: '2026-03-02T14:10:00+08:00' });
    const id = (s.args as { id: string }).id;
    expect((await push(h.app, duty1, [s])).status).toBe(200);
    const f = finish(duty1Id, id, { finishedAt: '2026-03-02T14:50:00+08:00' });
    expect((await push(h.app, duty1, [f])).body.results[0].status).toBe('applied');
    expect((await push(h.app, duty1, [f])).body.results[0].status).toBe('applied');
  });

  it('rejects: unknown floor, finish before start or of an unknown round, someone else’s round, finishing twice, unknown window', async () => {
    expect((await push(h.app, duty1, [start(duty1Id, { floorId: randomUUID() })])).body.results[0]).toMatchObject({
      code: 'not_found',
    });
    expect((await push(h.app, duty1, [finish(duty1Id, randomUUID())])).body.results[0]).toMatchObject({
      code: 'not_found',
    });

    const s = start(duty1Id);
    const id = (s.args as { id: string }).id;
    await push(h.app, duty1, [s]);
    expect((await push(h.app, duty2, [finish(duty2Id, id)])).body.results[0]).toMatchObject({ code: 'forbidden' });
    expect(
      (await push(h.app, duty1, [finish(duty1Id, id, { finishedAt: '2026-03-02T08:00:00+08:00' })])).body.results[0],
    ).toMatchObject({ code: 'invalid' });
    expect(
      (await push(h.app, duty1, [finish(duty1Id, id, { checkedWindowIds: [randomUUID()] })])).body.results[0],
    ).toMatchObject({ code: 'not_found' });
    expect((await push(h.app, duty1, [finish(duty1Id, id)])).body.results[0].status).toBe('applied');
    expect((await push(h.app, duty1, [finish(duty1Id, id)])).body.results[0]).toMatchObject({ code: 'conflict' });
    // The same round id started twice.
    expect((await push(h.app, duty1, [start(duty1Id, { id })])).body.results[0]).toMatchObject({ code: 'conflict' });
    // Roles that may not patrol.
    const staffId = await h.userId('staff1');
    expect((await push(h.app, staff, [start(staffId)])).body.results[0]).toMatchObject({ code: 'forbidden' });
  });

  it('scoping: a duty leader pulls own rounds, supervision all, staff none; the roster reaches everyone', async () => {
    const s2 = start(duty2Id, { floorId: DEMO_IDS.floor2 });
    await push(h.app, duty2, [s2]);
    const own = (await pullAll(h.app, duty1)).changes.filter((c) => c.entity === 'rounds');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => (c.data as { leaderId: string }).leaderId === duty1Id)).toBe(true);
    const all = (await pullAll(h.app, supervision)).changes.filter((c) => c.entity === 'rounds');
    expect(all.some((c) => c.id === (s2.args as { id: string }).id)).toBe(true);
    const staffChanges = (await pullAll(h.app, staff)).changes;
    expect(staffChanges.filter((c) => c.entity === 'rounds')).toEqual([]);
    const roster = staffChanges.filter((c) => c.entity === 'duty_roster');
    expect(roster).toHaveLength(4); // two floors, this month and next
    expect(roster.map((c) => (c.data as { userName: string }).userName).sort()).toEqual([
      '吴丽萍',
      '吴丽萍',
      '周建华',
      '周建华',
    ]);
    expect(roster[0]!.data).toMatchObject({ dates: [], standIns: [] });
  });
});
