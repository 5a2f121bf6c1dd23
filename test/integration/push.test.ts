import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PUSH_BATCH_MAX, PushResponseSchema } from '../../src/domain';
import { PUSH_BATCH_BYTES } from '../../src/domain/sync/limits';
import { VIOLATION_NOTE_MAX } from '../../src/domain/violation';
import { withinBytes } from '../../src/app/sync/engine';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { mutationBodyHash } from '../../src/server/sync/canonical-json';
import { counts, push, recordMutation } from './support/sync';

describeEachTarget('sync push', (target) => {
  let h: Harness;
  let duty: string; // cookie
  let dutyId: string;

  beforeAll(async () => {
    h = await createHarness(target);
    duty = await h.loginAs('duty1');
    dutyId = await h.userId('duty1');
  });
  afterAll(() => h?.close());

  it('applies a batch, stores the server view of each record, reports clock skew', async () => {
    const before = await counts(h.db);
    const m = [recordMutation(dutyId), recordMutation(dutyId, { staffId: null, itemCode: 'NO_SIGN', count: 2 })];
    const deviceNow = new Date(Date.now() - 90_000).toISOString(); // phone clock 90 s behind
    const { status, body } = await push(h.app, duty, m, deviceNow);
    expect(status).toBe(200);
    expect(PushResponseSchema.parse(body).results).toEqual(m.map((x) => ({ id: x.id, status: 'applied' })));
    expect(body.clockSkewMs).toBeGreaterThanOrEqual(90_000);
    expect(body.clockSkewMs).toBeLessThan(100_000);
    expect(await counts(h.db)).toEqual({ violations: before.violations + 2, mutations: before.mutations + 2 });
    const [row] = await h.db.query<{
      recorded_by: string;
      clock_skew_ms: number;
      count: number;
      staff_id: string | null;
    }>('select recorded_by, clock_skew_ms, count, staff_id from violations where id = $1', [
      (m[1]!.args as { id: string }).id,
    ]);
    expect(row).toMatchObject({ recorded_by: dutyId, count: 2, staff_id: null, clock_skew_ms: body.clockSkewMs });
  });

  it('applies a mutation once; a replay gets the first outcome back', async () => {
    const m = recordMutation(dutyId);
    expect((await push(h.app, duty, [m])).status).toBe(200);
    const after = await counts(h.db);
    const replay = await push(h.app, duty, [m, m]); // replayed twice, even inside one batch
    expect(replay.status).toBe(200);
    expect(replay.body.results).toEqual([
      { id: m.id, status: 'applied' },
      { id: m.id, status: 'applied' },
    ]);
    expect(await counts(h.db)).toEqual(after);
  });

  it('a replay of a rejected mutation gets the same rejection, even if it would now pass', async () => {
    const newWindow = randomUUID();
    const m = recordMutation(dutyId, { windowId: newWindow, staffId: null });
    const first = await push(h.app, duty, [m]);
    expect(first.status).toBe(422);
    expect(first.body.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
    await h.db.query(
      `insert into windows (id, floor_id, number, name, department, kind, position) values ($1, $2, '199', '临时窗口', '测试局', 'approval', 99)`,
      [newWindow, DEMO_IDS.floor1],
    );
    const again = await push(h.app, duty, [m]);
    expect(again.status).toBe(422);
    expect(again.body.results).toEqual(first.body.results);
  });

  it('the same mutation id with a different body is a conflict (409), nothing stored', async () => {
    const m = recordMutation(dutyId);
    await push(h.app, duty, [m]);
    const before = await counts(h.db);
    const changed = { ...m, args: { ...(m.args as object), count: 3 } };
    const { status, body } = await push(h.app, duty, [changed]);
    expect(status).toBe(409);
    expect(body).toMatchObject({ error: 'mutations_rejected' });
    expect(body.message).toMatch(/^1 of 1 mutations rejected: conflict/);
    expect(body.results).toEqual([
      { id: m.id, status: 'rejected', code: 'conflict', reason: 'mutation id reused with a different body' },
    ]);
    expect(await counts(h.db)).toEqual(before);
  });

  it('an applied record is logged by its own violation row; a rejection goes to mutations', async () => {
    const applied = recordMutation(dutyId);
    const rejected = recordMutation(dutyId, { windowId: randomUUID(), staffId: null });
    await push(h.app, duty, [applied, rejected]);
    const [row] = await h.db.query<{ mutation_id: string; body_hash: string }>(
      'select mutation_id, body_hash from violations where id = $1',
      [(applied.args as { id: string }).id],
    );
    expect(row).toEqual({ mutation_id: applied.id, body_hash: mutationBodyHash(applied) });
    const logged = await h.db.query<{ id: string; outcome: string; code: string }>(
      'select id, outcome, code from mutations where id = any($1::uuid[]) order by outcome',
      [[applied.id, rejected.id]],
    );
    expect(logged).toEqual([{ id: rejected.id, outcome: 'rejected', code: 'not_found' }]);

    // A replay under another name or with other args is still a conflict (found in the violation row).
    const before = await counts(h.db);
    const asRound = {
      ...applied,
      name: 'round.start',
      args: { id: randomUUID(), floorId: DEMO_IDS.floor1, slot: 1, startedAt: new Date().toISOString() },
    };
    const { body } = await push(h.app, duty, [asRound, applied]);
    expect(body.results).toEqual([
      { id: applied.id, status: 'rejected', code: 'conflict', reason: 'mutation id reused with a different body' },
      { id: applied.id, status: 'applied' },
    ]);
    expect(await counts(h.db)).toEqual(before);
  });

  it('a record logged in mutations (applied before migration 0007) still replays as applied', async () => {
    const m = recordMutation(dutyId);
    await push(h.app, duty, [m]);
    // Move its log entry to where records applied by an older server have it.
    await h.db.transaction(async (tx) => {
      await tx.query('update violations set mutation_id = null, body_hash = null where mutation_id = $1', [m.id]);
      await tx.query(
        `insert into mutations (id, user_id, name, body_hash, outcome) values ($1, $2, 'violation.record', $3, 'applied')`,
        [m.id, dutyId, mutationBodyHash(m)],
      );
    });
    const before = await counts(h.db);
    expect((await push(h.app, duty, [m])).body.results).toEqual([{ id: m.id, status: 'applied' }]);
    const changed = { ...m, args: { ...(m.args as object), count: 2 } };
    expect((await push(h.app, duty, [changed])).body.results[0]).toMatchObject({ code: 'conflict' });
    expect(await counts(h.db)).toEqual(before);
  });

  it('a new mutation for an existing violation id is a conflict', async () => {
    const m = recordMutation(dutyId);
    await push(h.app, duty, [m]);
    const again = recordMutation(dutyId, { id: (m.args as { id: string }).id });
    const { status, body } = await push(h.app, duty, [again]);
    expect(status).toBe(409);
    expect(body.results[0]).toMatchObject({ code: 'conflict', reason: expect.stringContaining('already exists') });
  });

  it('wrong_user: the envelope names another user (403), not applied and not logged', async () => {
    const before = await counts(h.db);
    const m = recordMutation(await h.userId('super1'));
    const { status, body } = await push(h.app, duty, [m]);
    expect(status).toBe(403);
    expect(body.results[0]).toMatchObject({ id: m.id, status: 'rejected', code: 'wrong_user' });
    expect(await counts(h.db)).toEqual(before);
  });

  it('forbidden: window staff may not record violations (403)', async () => {
    const staff = await h.loginAs('staff1');
    const before = await counts(h.db);
    const { status, body } = await push(h.app, staff, [recordMutation(await h.userId('staff1'))]);
    expect(status).toBe(403);
    expect(body.results[0]).toMatchObject({ code: 'forbidden' });
    expect((await counts(h.db)).violations).toBe(before.violations);
  });

  it('not_found: unknown window, staff of another window, item not in the scheme (422)', async () => {
    const before = await counts(h.db);
    const m = [
      recordMutation(dutyId, { windowId: randomUUID(), staffId: null }),
      recordMutation(dutyId, { windowId: DEMO_IDS.window102, staffId: DEMO_IDS.window101StaffA }),
      recordMutation(dutyId, { staffId: randomUUID() }),
      recordMutation(dutyId, { itemCode: 'NOT_AN_ITEM' }),
    ];
    const { status, body } = await push(h.app, duty, m);
    expect(status).toBe(422);
    expect(body.message).toMatch(/^4 of 4 mutations rejected: not_found: window .* not found/);
    expect(body.results.map((r: { code: string }) => r.code)).toEqual([
      'not_found',
      'not_found',
      'not_found',
      'not_found',
    ]);
    expect(body.results[1].reason).toMatch(/does not work at window/);
    expect(body.results[3].reason).toMatch(/NOT_AN_ITEM/);
    expect((await counts(h.db)).violations).toBe(before.violations);
  });

  it('a substitute from another window is recorded for the person covered (替岗): it deducts the window stood in at', async () => {
    // 101:A stands in at window 102 for 102:A.
    const sub = {
      windowId: DEMO_IDS.window102,
      staffId: DEMO_IDS.window101StaffA,
      substituteFor: DEMO_IDS.window102StaffA,
    };
    const m = [
      recordMutation(dutyId, sub),
      recordMutation(dutyId, { ...sub, substituteFor: DEMO_IDS.window101StaffA }), // the covered person is not of window 102
      recordMutation(dutyId, { ...sub, staffId: null }), // a substitute record names the substitute
      recordMutation(dutyId, { ...sub, staffId: randomUUID() }),
    ];
    const { body } = await push(h.app, duty, m);
    expect(body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'applied',
      'not_found',
      'invalid',
      'not_found',
    ]);
    expect(body.results[1].reason).toMatch(/substituteFor: .* does not work at window/);
    const [row] = await h.db.query<{ window_id: string; staff_id: string; substitute_for: string }>(
      'select window_id, staff_id, substitute_for from violations where id = $1',
      [(m[0]!.args as { id: string }).id],
    );
    expect(row).toEqual({
      window_id: DEMO_IDS.window102,
      staff_id: DEMO_IDS.window101StaffA,
      substitute_for: DEMO_IDS.window102StaffA,
    });
  });

  it('unknown mutation and invalid args are rejected with a reason; valid ones in the batch still apply', async () => {
    const before = await counts(h.db);
    const ok = recordMutation(dutyId);
    const unknown = { ...recordMutation(dutyId), name: 'violation.erase' };
    const invalid = recordMutation(dutyId, { count: 'two' as unknown as number, observedAt: 'yesterday' });
    const { status, body } = await push(h.app, duty, [ok, unknown, invalid]);
    expect(status).toBe(422);
    expect(body.message).toMatch(/^2 of 3 mutations rejected: unknown_mutation/);
    expect(body.results[0]).toEqual({ id: ok.id, status: 'applied' });
    expect(body.results[1]).toMatchObject({
      code: 'unknown_mutation',
      reason: expect.stringContaining('violation.erase'),
    });
    expect(body.results[2]).toMatchObject({ code: 'invalid', reason: expect.stringMatching(/count: .*observedAt: /) });
    expect(await counts(h.db)).toEqual({ violations: before.violations + 1, mutations: before.mutations + 3 });
  });

  it('structural problems are a 400 naming where, and store nothing', async () => {
    const before = await counts(h.db);
    const badId = await push(h.app, duty, [recordMutation(dutyId), { ...recordMutation(dutyId), id: 'not-a-uuid' }]);
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('mutations.1.id') });
    expect(badId.body.details).toBeInstanceOf(Array);

    const tooMany = Array.from({ length: PUSH_BATCH_MAX + 1 }, () => recordMutation(dutyId));
    const big = await push(h.app, duty, tooMany);
    expect(big.status).toBe(400);
    expect(big.body.message).toMatch(/mutations/);

    const noBody = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { cookie: duty },
      payload: [],
    });
    expect(noBody.statusCode).toBe(400);

    const malformed = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { cookie: duty, 'content-type': 'application/json' },
      payload: '{"deviceNow": "2026-',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'malformed_json' });
    expect(await counts(h.db)).toEqual(before);
  });

  it('an oversized body is a 413 JSON answer', async () => {
    const before = await counts(h.db);
    const note = 'x'.repeat(400);
    const huge = Array.from({ length: 3000 }, () => recordMutation(dutyId, { note }));
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { cookie: duty, 'content-type': 'application/json' },
      payload: JSON.stringify({ deviceNow: new Date().toISOString(), mutations: huge }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'body_too_large' });
    expect(await counts(h.db)).toEqual(before);
  });

  it('unauthenticated push is a 401 and stores nothing', async () => {
    const before = await counts(h.db);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      payload: { deviceNow: new Date().toISOString(), mutations: [recordMutation(dutyId)] },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthenticated' });
    expect(await counts(h.db)).toEqual(before);
  });

  it(`a full batch of ${PUSH_BATCH_MAX} is applied`, async () => {
    const before = await counts(h.db);
    const batch = Array.from({ length: PUSH_BATCH_MAX }, () => recordMutation(dutyId));
    const { status, body } = await push(h.app, duty, batch);
    expect(status).toBe(200);
    expect(body.results).toHaveLength(PUSH_BATCH_MAX);
    expect(await counts(h.db)).toEqual({
      violations: before.violations + PUSH_BATCH_MAX,
      mutations: before.mutations + PUSH_BATCH_MAX,
    });
  });

  it("the phone's largest batch by bytes (records with the longest Chinese notes) fits the server's body limit", async () => {
    const longest = Array.from({ length: PUSH_BATCH_MAX }, (_, i) =>
      recordMutation(dutyId, { note: `${i}${'窗'.repeat(VIOLATION_NOTE_MAX - 4)}` }),
    );
    const batch = withinBytes(longest as never, PUSH_BATCH_BYTES);
    expect(batch.length).toBeLessThan(PUSH_BATCH_MAX); // the bytes, not the count, end this batch
    const { status, body } = await push(h.app, duty, batch);
    expect(status).toBe(200);
    expect(body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    // The whole 1,000 would not: the limit is real.
    expect((await push(h.app, duty, longest)).status).toBe(413);
  });

  it('concurrent pushes of the same mutations apply each exactly once', async () => {
    const before = await counts(h.db);
    const batch = Array.from({ length: 50 }, () => recordMutation(dutyId));
    const answers = await Promise.all(Array.from({ length: 4 }, () => push(h.app, duty, batch)));
    for (const a of answers) expect(a.status).toBe(200);
    expect(await counts(h.db)).toEqual({ violations: before.violations + 50, mutations: before.mutations + 50 });
  });
});
