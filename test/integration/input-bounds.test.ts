import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULLED_ROW_SCHEMAS } from '../../src/domain/sync/pulled-rows';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { counts, envelope, pullAll, push, recordMutation } from './support/sync';

/**
 * Issue 11 §2–§3: the bad payloads a tester sent that answered 500 `internal_error` (and, in a
 * push, failed the whole batch). Each is now a 4xx JSON naming the field, writes nothing, and in
 * a push only the bad mutation is refused. And exactly-once holds for any spelling of an id.
 */
const NUL = '\u0000';
const hd = (date: string, half: 'am' | 'pm') => ({ date, half });

describeEachTarget('input bounds (issue 11)', (target) => {
  let h: Harness;
  let su: string;
  let duty: string;
  let dutyId: string;
  let staff: string;
  let staffId: string;

  beforeAll(async () => {
    h = await createHarness(target);
    su = await h.loginAs('super1');
    duty = await h.loginAs('duty1');
    dutyId = await h.userId('duty1');
    staff = await h.loginAs('staff1');
    staffId = await h.userId('staff1');
  });
  afterAll(() => h?.close());

  const admin = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      headers: { cookie: su },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const hallCounts = async () =>
    (
      await h.db.query<{ floors: number; windows: number; staff: number; audit: number }>(
        `select (select count(*)::int from floors) as floors, (select count(*)::int from windows) as windows,
              (select count(*)::int from staff) as staff, (select count(*)::int from audit_log) as audit`,
      )
    )[0]!;

  /** One bad mutation beside a good one: the bad one is refused on its own, the good one applies. */
  async function pushBesideGood(cookie: string, userId: string, bad: ReturnType<typeof envelope>, code = 'invalid') {
    const good = recordMutation(dutyId);
    const mutations = userId === dutyId ? [good, bad] : [bad];
    const before = await counts(h.db);
    const res = await push(h.app, cookie, mutations);
    expect(res.status).toBe(code === 'conflict' ? 409 : 422); // the status of the first rejection
    expect(res.body.error).toBe('mutations_rejected');
    const badResult = res.body.results.find((r: { id: string }) => r.id === bad.id.toLowerCase());
    expect(badResult).toMatchObject({ status: 'rejected', code });
    if (userId === dutyId) {
      expect(res.body.results[0]).toEqual({ id: good.id, status: 'applied' });
      expect((await counts(h.db)).violations).toBe(before.violations + 1);
    }
    return badResult as { reason: string };
  }

  describe('NUL characters', () => {
    it('in a note: that mutation is invalid, the rest of the batch applies', async () => {
      const bad = recordMutation(dutyId, { note: `早餐${NUL}在窗口` });
      const result = await pushBesideGood(duty, dutyId, bad);
      expect(result.reason).toMatch(/note: must not contain NUL/);
      expect(await h.db.query('select 1 from violations where id = $1', [(bad.args as { id: string }).id])).toEqual([]);
    });

    it('in a login username: 400, not 500', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `duty1${NUL}`, password: 'whatever1' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'invalid_request',
        message: expect.stringMatching(/username: must not contain NUL/),
      });
    });

    it('in a floor name or a department: 400, nothing written', async () => {
      const before = await hallCounts();
      const floor = await admin('POST', '/api/admin/floors', { name: `三${NUL}楼`, level: 3 });
      expect(floor.statusCode).toBe(400);
      expect(floor.json().message).toMatch(/name: must not contain NUL/);
      const window = await admin('POST', '/api/admin/windows', {
        floorId: DEMO_IDS.floor1,
        number: '190',
        name: '测试',
        department: `税务${NUL}局`,
        kind: 'approval',
        position: 90,
      });
      expect(window.statusCode).toBe(400);
      expect(window.json().message).toMatch(/department: must not contain NUL/);
      const patch = await admin('PATCH', `/api/admin/floors/${DEMO_IDS.floor1}`, { name: `一${NUL}楼` });
      expect(patch.statusCode).toBe(400);
      expect(await hallCounts()).toEqual(before);
    });

    it('in an audit filter: 400', async () => {
      const res = await admin('GET', '/api/admin/audit?actor=%00');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'invalid_query',
        message: expect.stringMatching(/actor: must not contain NUL/),
      });
    });

    it('in rows of an import: the preview names the row, the commit refuses, nothing written', async () => {
      const file = Buffer.from(
        [
          '楼层,窗口号,窗口名称,部门,类型,顺序',
          `一楼,191,综合${NUL}咨询,行政审批局,行政审批,`,
          '一楼,192,好窗口,行政审批局,行政审批,',
        ].join('\r\n'),
      );
      const send = (step: string) =>
        h.app.inject({
          method: 'POST',
          url: `/api/admin/import/${step}`,
          headers: { cookie: su, 'content-type': 'text/csv', 'x-file-name': `a${NUL}.csv` },
          payload: file,
        });
      const before = await hallCounts();
      const preview = await send('preview');
      expect(preview.statusCode).toBe(200);
      expect(preview.json().summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 1 });
      expect(preview.json().rows[0]).toMatchObject({
        row: 2,
        action: 'error',
        errors: ['name contains a NUL or broken character'],
      });
      const commit = await send('commit');
      expect(commit.statusCode).toBe(422);
      expect(commit.json().error).toBe('import_has_errors');
      expect(await hallCounts()).toEqual(before);
    });
  });

  describe('integers beyond PostgreSQL int', () => {
    it('floor level 2^31, 1e15, -2^31-1 and window position 2^31: 400, nothing written', async () => {
      const before = await hallCounts();
      for (const level of [2 ** 31, 1e15, -(2 ** 31) - 1]) {
        const res = await admin('POST', '/api/admin/floors', { name: '高楼', level });
        expect(res.statusCode, `level ${level}`).toBe(400);
        expect(res.json()).toMatchObject({
          error: 'invalid_request',
          message: expect.stringMatching(/^level: Too (big|small)/),
        });
      }
      const res = await admin('POST', '/api/admin/windows', {
        floorId: DEMO_IDS.floor1,
        number: '193',
        name: '测试',
        department: '税务局',
        kind: 'approval',
        position: 2 ** 31,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/^position: Too big/);
      const patch = await admin('PATCH', `/api/admin/floors/${DEMO_IDS.floor1}`, { level: 2 ** 31 });
      expect(patch.statusCode).toBe(400);
      expect(await hallCounts()).toEqual(before);
    });

    it('an import row with position 2^31 is an error row', async () => {
      const file = Buffer.from(
        ['楼层,窗口号,窗口名称,部门,类型,顺序', `一楼,194,综合咨询,行政审批局,行政审批,${2 ** 31}`].join('\r\n'),
      );
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/admin/import/preview',
        headers: { cookie: su, 'content-type': 'text/csv' },
        payload: file,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().rows[0]).toMatchObject({ action: 'error', errors: [expect.stringMatching(/^bad position/)] });
    });
  });

  describe('instants and dates out of range', () => {
    for (const observedAt of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      it(`observedAt ${observedAt}: that mutation is invalid`, async () => {
        const result = await pushBesideGood(duty, dutyId, recordMutation(dutyId, { observedAt }));
        expect(result.reason).toMatch(/observedAt: must lie between 2000-01-01 and 2099-12-31/);
      });
    }

    it('observedAt an hour after the server clock: in_future, and a replay keeps that outcome', async () => {
      const bad = recordMutation(dutyId, { observedAt: new Date(Date.now() + 3_600_000).toISOString() });
      const result = await pushBesideGood(duty, dutyId, bad, 'in_future');
      expect(result.reason).toMatch(/later than the server's time/);
      const replay = await push(h.app, duty, [bad]);
      expect(replay.body.results).toEqual([
        { id: bad.id, status: 'rejected', code: 'in_future', reason: result.reason },
      ]);
    });

    it('round.start on 9999-12-31: invalid, no round written', async () => {
      const bad = envelope(dutyId, 'round.start', {
        id: randomUUID(),
        floorId: DEMO_IDS.floor1,
        slot: 0,
        startedAt: '9999-12-31T09:00:00+08:00',
      });
      const result = await pushBesideGood(duty, dutyId, bad);
      expect(result.reason).toMatch(/startedAt: must lie between/);
      expect(await h.db.query('select 1 from rounds where id = $1', [(bad.args as { id: string }).id])).toEqual([]);
    });

    const leave = (from: string, to: string) =>
      envelope(staffId, 'leave.request', {
        id: randomUUID(),
        staffId: DEMO_IDS.window102StaffA,
        windowId: DEMO_IDS.window102,
        type: 'personal',
        from: hd(from, 'am'),
        to: hd(to, 'pm'),
        reason: '家中有事',
        attachments: [],
        extensionOf: null,
        submittedAt: new Date().toISOString(),
      });

    it('a leave on 9999-12-31, and one running to 2099: invalid, nothing written', async () => {
      const onLastDay = await pushBesideGood(staff, staffId, leave('9999-12-31', '9999-12-31'));
      expect(onLastDay.reason).toMatch(/from.date: must lie between 2000-01-01 and 2099-12-31/);
      const long = await pushBesideGood(staff, staffId, leave('2027-03-01', '2099-03-01'));
      expect(long.reason).toMatch(/to: one leave spans at most 366 calendar days/);
      expect(await h.db.query(`select 1 from leaves where to_date > '2098-01-01'`)).toEqual([]);
    });
  });

  describe('ids in any case (exactly once, §3)', () => {
    it('an upper-case spelling of an existing record id under a new mutation id: conflict for it alone', async () => {
      const first = recordMutation(dutyId);
      expect((await push(h.app, duty, [first])).status).toBe(200);
      const recordId = (first.args as { id: string }).id;
      const again = recordMutation(dutyId, { id: recordId.toUpperCase() });
      const result = await pushBesideGood(duty, dutyId, again, 'conflict');
      expect(result.reason).toBe(`violation ${recordId} already exists`);
    });

    it('an upper-case mutation id is applied once; replays in either spelling get the first outcome', async () => {
      const m = recordMutation(
        dutyId,
        { id: randomUUID().toUpperCase(), windowId: DEMO_IDS.window102.toUpperCase() },
        { id: randomUUID().toUpperCase() },
      );
      const first = await push(h.app, duty, [m]);
      expect(first.status).toBe(200);
      // Applied and logged under the canonical id; answered under the id as this client sent it.
      expect(first.body.results).toEqual([{ id: m.id, status: 'applied' }]);
      const [row] = await h.db.query<{ id: string; window_id: string }>(
        'select id, window_id from violations where mutation_id = $1',
        [m.id.toLowerCase()],
      );
      expect(row).toEqual({ id: (m.args as { id: string }).id.toLowerCase(), window_id: DEMO_IDS.window102 });
      const after = await counts(h.db);

      const exact = await push(h.app, duty, [m]);
      expect(exact.status).toBe(200);
      expect(exact.body.results).toEqual(first.body.results);
      const args = m.args as Record<string, string>;
      const lower = {
        ...m,
        id: m.id.toLowerCase(),
        args: { ...args, id: args.id!.toLowerCase(), windowId: args.windowId!.toLowerCase() },
      };
      const respelled = await push(h.app, duty, [lower]);
      expect(respelled.status).toBe(200);
      expect(respelled.body.results).toEqual([{ id: lower.id, status: 'applied' }]);
      expect(await counts(h.db)).toEqual(after);
    });

    it('a rejected upper-case mutation: its replay gets the same rejection, not a conflict', async () => {
      const m = recordMutation(
        dutyId,
        { windowId: randomUUID().toUpperCase(), staffId: null },
        { id: randomUUID().toUpperCase() },
      );
      const first = await push(h.app, duty, [m]);
      expect(first.body.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
      const replay = await push(h.app, duty, [m]);
      expect(replay.status).toBe(first.status);
      expect(replay.body.results).toEqual(first.body.results);
    });
  });

  describe('existing data still validates', () => {
    it('every row the demo center (and a demo month) syncs to a phone parses with the bounded schemas', async () => {
      await seedDemoMonth(h.db, '2026-10');
      const schemas = PULLED_ROW_SCHEMAS;
      const { changes } = await pullAll(h.app, su);
      const seen = new Set<string>();
      for (const change of changes) {
        const schema = schemas[change.entity];
        if (change.op !== 'upsert') continue;
        const parsed = schema.safeParse(change.data);
        expect(parsed.success, `${change.entity} ${change.id}: ${parsed.error?.message}`).toBe(true);
        seen.add(change.entity);
      }
      // Every kind the demo has was seen (disputes too, when the demo month has them).
      expect([...seen]).toEqual(
        expect.arrayContaining([
          'assessments',
          'bonuses',
          'duty_roster',
          'floors',
          'leaves',
          'outings',
          'schemes',
          'staff',
          'substitutes',
          'violations',
          'windows',
        ]),
      );
    });
  });
});
