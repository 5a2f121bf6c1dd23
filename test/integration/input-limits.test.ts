import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import type { SessionUser } from '../../src/server/auth/users';
import { testConfig } from '../../src/server/config';
import { MAX_JSON_DEPTH } from '../../src/server/http/json-depth';
import type { Candidate, MutationFamily, PushContext } from '../../src/server/sync/family';
import { writeIsolated } from '../../src/server/sync/write-isolated';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { counts, push, recordMutation } from './support/sync';

/** Issue 11 §2: deep JSON is refused before parsing; values the database refuses are a 4xx, never half written. */
describeEachTarget('input limits', (target) => {
  let h: Harness;
  let duty: string;
  let dutyId: string;

  beforeAll(async () => {
    h = await createHarness(target);
    duty = await h.loginAs('duty1');
    dutyId = await h.userId('duty1');
  });
  afterAll(() => h?.close());

  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('JSON nested 10,000 deep is a 400 json_too_deep, also inside a mutation that is not even ours', async () => {
    const before = await counts(h.db);
    const wrongUser = JSON.stringify({
      deviceNow: new Date().toISOString(),
      mutations: [recordMutation(randomUUID())],
    }).replace('"note":"', `"extra":${deep(10_000)},"note":"`);
    for (const [url, payload] of [
      ['/api/sync/push', wrongUser],
      ['/api/sync/push', deep(10_000)],
      ['/api/auth/login', `{"username":"duty1","password":${deep(10_000)}}`],
    ] as const) {
      const res = await h.app.inject({
        method: 'POST',
        url,
        headers: { cookie: duty, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: 'json_too_deep' });
    }
    expect(await counts(h.db)).toEqual(before);
  });

  it(`JSON up to ${MAX_JSON_DEPTH} levels, and brackets inside strings, still parse`, async () => {
    const atLimit = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"duty1","password":${deep(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(atLimit.json().error).toBe('invalid_request'); // parsed, then refused by the schema
    const m = recordMutation(dutyId, { note: `${'['.repeat(100)} \\" {{{ ` });
    const ok = await push(h.app, duty, [m]);
    expect(ok.status).toBe(200);
    const tooLarge = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"${'x'.repeat(1024 * 1024)}"}`,
    });
    expect(tooLarge.statusCode).toBe(413);
  });

  it('a mutation the database refuses (NUL in a text) is rejected alone; the rest of the batch is applied', async () => {
    const before = await counts(h.db);
    const batch = [recordMutation(dutyId), recordMutation(dutyId, { note: 'a\u0000b' }), recordMutation(dutyId)];
    const { status, body } = await push(h.app, duty, batch);
    expect(status).toBe(422);
    expect(body.results[0]).toEqual({ id: batch[0]!.id, status: 'applied' });
    expect(body.results[1]).toMatchObject({ id: batch[1]!.id, status: 'rejected', code: 'invalid' });
    expect(body.results[2]).toEqual({ id: batch[2]!.id, status: 'applied' });
    // Two rows written, three ids logged (the rejection too, so a replay gets it back).
    expect(await counts(h.db)).toEqual({ violations: before.violations + 2, mutations: before.mutations + 3 });
    const replay = await push(h.app, duty, batch);
    expect(replay.body.results).toEqual(body.results);
    expect(await counts(h.db)).toEqual({ violations: before.violations + 2, mutations: before.mutations + 3 });
  });

  it('an unknown mutation name holding NUL is logged, not a failed batch', async () => {
    const m = { ...recordMutation(dutyId), name: 'evil\u0000name' };
    const { status, body } = await push(h.app, duty, [m, recordMutation(dutyId)]);
    expect(status).toBe(422);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
  });

  it('writeIsolated: refused values are found by halving, whatever the SQLSTATE; others are written in order', async () => {
    await h.db.exec(
      'create table if not exists isolation_probe (n int not null check (n <> 13), at date not null, pos int not null)',
    );
    // 13 breaks a check (23514), 99999999999 is out of int range (22003), 'x' is no date (22007).
    const values = [1, 2, 13, 4, 5, 6, 99_999_999_999, 8, 9, 10, 11, 12].map((n, pos) => ({
      n,
      at: n === 11 ? 'x' : '2026-01-01',
      pos,
    }));
    const family: MutationFamily = {
      names: ['violation.record'],
      roles: ['duty_leader'],
      check: async () => {},
      write: async (ctx, applied) => {
        for (const c of applied) {
          const v = c.args as unknown as (typeof values)[number];
          await ctx.tx.query('insert into isolation_probe (n, at, pos) values ($1, $2, $3)', [v.n, v.at, v.pos]);
        }
      },
    };
    const candidates = values.map((v, index) => ({
      index,
      name: 'violation.record',
      args: v,
      mutationId: randomUUID(),
      bodyHash: '',
    })) as unknown as Candidate[];
    const outcomes = new Map<number, { status: 'applied' } | { status: 'rejected'; code: 'invalid'; reason: string }>();
    const refused: number[] = [];
    await h.db.transaction(async (tx) => {
      const ctx = {
        tx,
        user: {} as SessionUser,
        serverNow: new Date(),
        clockSkewMs: 0,
        zone: 'Asia/Shanghai',
        outcomes,
        applied: () => [],
        closedMonths: async () => new Map(),
      } satisfies PushContext;
      await writeIsolated(ctx, family, candidates, (c) => refused.push(c.index));
    });
    expect(refused).toEqual([2, 6, 10]);
    expect([...outcomes.keys()].sort()).toEqual([10, 2, 6]);
    for (const o of outcomes.values()) expect(o).toMatchObject({ status: 'rejected', code: 'invalid' });
    const rows = await h.db.query<{ pos: number }>('select pos from isolation_probe order by pos');
    expect(rows.map((r) => r.pos)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 11]);
  });

  it('a database refusal in a route is a JSON 4xx with a stable code, and its transaction leaves nothing behind', async () => {
    const app = await buildApp({ db: h.db, config: testConfig() });
    await h.db.exec('create table if not exists refusal_probe (t text not null, n int)');
    app.post<{ Body: { t: string; n: number } }>('/api/test/refusal', async (request) =>
      h.db.transaction(async (tx) => {
        await tx.query('insert into refusal_probe (t) values ($1)', ['first']);
        await tx.query('insert into refusal_probe (t, n) values ($1, $2)', [request.body.t, request.body.n]);
        return { ok: true };
      }),
    );
    try {
      const cases = [
        [{ t: 'a\u0000b', n: 1 }, 400, 'unsupported_text'],
        [{ t: 'fine', n: 2 ** 40 }, 400, 'number_out_of_range'],
        [{ t: null, n: 1 }, 400, 'missing_value'],
      ] as const;
      for (const [payload, statusCode, error] of cases) {
        const res = await app.inject({ method: 'POST', url: '/api/test/refusal', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(statusCode);
        expect(res.json()).toMatchObject({ error });
      }
      expect(await h.db.query('select * from refusal_probe')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
