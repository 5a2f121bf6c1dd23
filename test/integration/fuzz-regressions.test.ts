import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { FuzzClient, type Answer } from './support/fuzz-client';
import { FILES, sha256 } from './support/fuzz-files';
import { createFuzzHarness, type FuzzHarness } from './support/fuzz-harness';
import { deepJson, serialise } from './support/fuzz-values';
import { expectedDelta, pushCounts } from './support/fuzz-world';

/**
 * The concrete cases the tester found (issue 11), kept as plain examples beside the generated
 * ones of fuzz.test.ts: each must answer JSON 2xx/4xx (the client checks that and the server's
 * health after every request), and where the right answer is known, that answer.
 */
const W = DEMO_IDS.window102;
const record = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  windowId: W,
  staffId: null,
  itemCode: 'EATING',
  count: 1,
  observedAt: '2026-03-02T09:15:00+08:00',
  note: '',
  deviceRecordedAt: '2026-03-02T09:15:00+08:00',
  ...over,
});

describeEachTarget('fuzz regressions', (target) => {
  let h: FuzzHarness;
  let client: FuzzClient;
  const cookie: Record<string, string> = {};
  const userId: Record<string, string> = {};

  beforeAll(async () => {
    h = await createFuzzHarness(target);
    client = new FuzzClient(h.app, h.lastError, false);
    for (const u of ['duty1', 'staff1', 'super1']) {
      cookie[u] = await h.loginAs(u);
      userId[u] = await h.userId(u);
    }
  });
  afterAll(() => h?.close());

  const envelope = (user: string, name: string, args: unknown, id: string = randomUUID()) => ({
    id,
    name,
    userId: userId[user]!,
    createdAt: '2026-03-02T09:20:00+08:00',
    args,
  });
  const pushAs = (user: string, mutations: unknown[], label: string): Promise<Answer> =>
    client.send(
      'POST /api/sync/push',
      {
        method: 'POST',
        url: '/api/sync/push',
        cookie: cookie[user],
        body: serialise({ deviceNow: '2026-03-02T09:20:00+08:00', mutations }),
      },
      [label],
    );
  const results = (a: Answer) => (a.json as { results?: { id: string; status: string; code?: string }[] }).results;
  const admin = (method: 'GET' | 'POST', url: string, body: unknown, label: string) =>
    client.send(
      `${method} ${url.split('?')[0]}`,
      { method, url, cookie: cookie.super1, body: body === undefined ? undefined : serialise(body) },
      [label],
    );
  const count = async (table: string) =>
    (await h.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  /** A push's rows: one violation per `applied` answer, none otherwise. */
  async function pushRecord(over: Record<string, unknown>, label: string) {
    const before = await pushCounts(h.db);
    const answer = await pushAs('duty1', [envelope('duty1', 'violation.record', record(over))], label);
    const applied = results(answer)?.filter((r) => r.status === 'applied').length ?? 0;
    expect((await pushCounts(h.db)).violations! - before.violations!, label).toBe(applied);
    return answer;
  }

  // ── NUL ───────────────────────────────────────────────────────────────────────────────────

  it('NUL in a record note', async () => {
    await pushRecord({ note: '早餐\u0000在窗口' }, 'note: NUL');
  });

  it('NUL in a username at sign-in', async () => {
    await client.send(
      'POST /api/auth/login',
      { method: 'POST', url: '/api/auth/login', body: serialise({ username: 'duty1\u0000', password: 'demo1234' }) },
      ['username: NUL'],
    );
  });

  it('NUL in a floor name and a window department', async () => {
    const floors = await count('floors');
    const a = await admin('POST', '/api/admin/floors', { name: '三\u0000楼', level: 71 }, 'floor name: NUL');
    expect(await count('floors')).toBe(floors + (a.status === 201 ? 1 : 0));
    await admin(
      'POST',
      '/api/admin/windows',
      {
        floorId: DEMO_IDS.floor1,
        number: '171',
        name: '综合',
        department: '公安\u0000局',
        kind: 'approval',
        position: 1,
      },
      'department: NUL',
    );
  });

  it('NUL in the audit filter: GET /api/admin/audit?actor=%00', async () => {
    await admin('GET', '/api/admin/audit?actor=%00', undefined, 'actor=%00');
  });

  it('NUL in import rows', async () => {
    const csv = Buffer.from('楼层,窗口号,窗口名称,部门,类型\r\n一楼,181,综合\u0000咨询,行政审批局,审批\r\n');
    for (const step of ['preview', 'commit']) {
      await client.send(
        `POST /api/admin/import/${step}`,
        { method: 'POST', url: `/api/admin/import/${step}`, cookie: cookie.super1, body: csv, contentType: 'text/csv' },
        ['import row: NUL'],
      );
    }
  });

  // ── Numbers past int32 ─────────────────────────────────────────────────────────────────────

  it.each([
    ['2^31', 2 ** 31],
    ['1e15', 1e15],
    ['-2^31-1', -(2 ** 31) - 1],
  ])('floor level %s is refused with a 4xx, nothing stored', async (label, level) => {
    const floors = await count('floors');
    const a = await admin('POST', '/api/admin/floors', { name: `楼 ${label}`, level }, `level: ${label}`);
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(await count('floors')).toBe(floors);
  });

  it('window position 2^31 is refused with a 4xx', async () => {
    const a = await admin(
      'POST',
      '/api/admin/windows',
      {
        floorId: DEMO_IDS.floor1,
        number: '172',
        name: '综合',
        department: '公安局',
        kind: 'approval',
        position: 2 ** 31,
      },
      'position: 2^31',
    );
    expect(a.status).toBeGreaterThanOrEqual(400);
  });

  // ── Dates at the edges ─────────────────────────────────────────────────────────────────────

  it.each(['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z'])(
    'a record observed at %s',
    async (observedAt) => {
      await pushRecord({ observedAt, deviceRecordedAt: observedAt }, `observedAt ${observedAt}`);
    },
  );

  it('a round started at 9999-12-31', async () => {
    await pushAs(
      'duty1',
      [
        envelope('duty1', 'round.start', {
          id: randomUUID(),
          floorId: DEMO_IDS.floor1,
          slot: 0,
          startedAt: '9999-12-31T09:00:00+08:00',
        }),
      ],
      'round.start 9999-12-31',
    );
  });

  it.each([
    ['on 9999-12-31', '9999-12-31', '9999-12-31'],
    ['running to 2099', '2027-06-01', '2099-12-31'],
  ])('a leave %s', async (_label, from, to) => {
    const args = {
      id: randomUUID(),
      staffId: DEMO_IDS.window102StaffA,
      windowId: W,
      type: 'personal',
      from: { date: from, half: 'am' },
      to: { date: to, half: 'pm' },
      reason: '家中有事',
      attachments: [],
      extensionOf: null,
      submittedAt: '2027-05-20T09:00:00+08:00',
    };
    await pushAs('staff1', [envelope('staff1', 'leave.request', args)], `leave ${from}–${to}`);
  });

  it('after records, rounds and leaves at the edge dates, the reads over them answer JSON 2xx/4xx', async () => {
    for (const u of ['duty1', 'staff1', 'super1']) {
      await client.send(
        'GET /api/sync/pull',
        { method: 'GET', url: '/api/sync/pull?cursor=0&limit=5000', cookie: cookie[u] },
        [`pull as ${u}`],
      );
    }
    for (const month of ['9999-12', '0001-01', '2099-12']) {
      await client.send(
        'GET /api/assessments/:month',
        { method: 'GET', url: `/api/assessments/${month}`, cookie: cookie.super1 },
        [month],
      );
      await client.send(
        'GET /api/patrol/coverage',
        { method: 'GET', url: `/api/patrol/coverage?month=${month}`, cookie: cookie.super1 },
        [month],
      );
      await client.send(
        'GET /api/leave/consequences',
        { method: 'GET', url: `/api/leave/consequences?month=${month}`, cookie: cookie.super1 },
        [month],
      );
      await client.send(
        'POST /api/assessments/:month/compile',
        { method: 'POST', url: `/api/assessments/${month}/compile`, cookie: cookie.super1 },
        [month],
      );
    }
  });

  // ── Deep JSON ──────────────────────────────────────────────────────────────────────────────

  it('JSON nested 10,000 deep as the body of push, sign-in and an admin write', async () => {
    for (const kind of ['array', 'object'] as const) {
      const body = serialise(deepJson(10_000, kind));
      await client.send('POST /api/sync/push', { method: 'POST', url: '/api/sync/push', cookie: cookie.duty1, body }, [
        `${kind} 10,000 deep`,
      ]);
      await client.send('POST /api/auth/login', { method: 'POST', url: '/api/auth/login', body }, [
        `${kind} 10,000 deep`,
      ]);
      await client.send(
        'POST /api/admin/floors',
        { method: 'POST', url: '/api/admin/floors', cookie: cookie.super1, body },
        [`${kind} 10,000 deep`],
      );
    }
  });

  it('JSON nested 10,000 deep as the args of a mutation', async () => {
    await pushAs('duty1', [envelope('duty1', 'violation.record', deepJson(10_000, 'object'))], 'args 10,000 deep');
  });

  it('JSON nested 10,000 deep as the args of a mutation refused as wrong_user', async () => {
    const a = await pushAs(
      'duty1',
      [{ ...envelope('duty1', 'violation.record', deepJson(10_000, 'array')), userId: userId.staff1 }],
      'args 10,000 deep, wrong_user',
    );
    expect(a.status).toBeGreaterThanOrEqual(400);
  });

  // ── Upper-case UUIDs ───────────────────────────────────────────────────────────────────────

  it('an upper-case UUID of an existing record under a new mutation id is a conflict, nothing stored', async () => {
    const first = record();
    expect(results(await pushAs('duty1', [envelope('duty1', 'violation.record', first)], 'record'))).toMatchObject([
      { status: 'applied' },
    ]);
    const before = await count('violations');
    const again = await pushAs(
      'duty1',
      [envelope('duty1', 'violation.record', { ...first, id: first.id.toUpperCase() })],
      'record id upper-case, new mutation id',
    );
    expect(results(again)).toMatchObject([{ status: 'rejected', code: 'conflict' }]);
    expect(await count('violations')).toBe(before);
  });

  it('an upper-case mutation id replayed exactly gets its first outcome (not 409), nothing stored twice', async () => {
    const m = envelope('duty1', 'violation.record', record(), randomUUID().toUpperCase());
    const first = await pushAs('duty1', [m], 'mutation id upper-case');
    expect(first.status).toBe(200);
    const before = await pushCounts(h.db);
    const replay = await pushAs('duty1', [m], 'mutation id upper-case, replayed');
    expect(replay.status).toBe(200);
    expect(results(replay)).toEqual(results(first));
    expect(await pushCounts(h.db)).toEqual(before);
  });

  // ── Uploads that are not what they claim ───────────────────────────────────────────────────

  it.each(['html', 'svg'] as const)(
    '%s bytes uploaded as image/jpeg are refused with 415, no photo stored',
    async (kind) => {
      const rec = record();
      expect(
        results(await pushAs('duty1', [envelope('duty1', 'violation.record', rec)], 'record for a photo')),
      ).toMatchObject([{ status: 'applied' }]);
      const bytes = FILES[kind];
      const a = await client.send(
        'PUT /api/photos/:hash',
        {
          method: 'PUT',
          url: `/api/photos/${sha256(bytes)}?violationId=${rec.id}`,
          cookie: cookie.duty1,
          body: bytes,
          contentType: 'image/jpeg',
        },
        [`${kind} as image/jpeg`],
      );
      expect(a.status).toBe(415);
      expect(await h.db.query('select 1 from photo_links where violation_id = $1', [rec.id])).toEqual([]);
    },
  );

  it.each([
    ['html', 'image/png'],
    ['svg', 'image/jpeg'],
  ] as const)('%s bytes listed and uploaded as %s to a leave are refused with 415', async (kind, mime) => {
    const bytes = FILES[kind];
    const leaveId = randomUUID();
    const day = kind === 'html' ? '2027-04-05' : '2027-04-06';
    const args = {
      id: leaveId,
      staffId: DEMO_IDS.window102StaffA,
      windowId: W,
      type: 'personal',
      from: { date: day, half: 'am' },
      to: { date: day, half: 'pm' },
      reason: '家中有事',
      attachments: [{ hash: sha256(bytes), kind: 'other', mime }],
      extensionOf: null,
      submittedAt: '2027-03-20T09:00:00+08:00',
    };
    expect(
      results(await pushAs('staff1', [envelope('staff1', 'leave.request', args)], 'leave listing a file')),
    ).toMatchObject([{ status: 'applied' }]);
    const a = await client.send(
      'PUT /api/leave-files/:hash',
      {
        method: 'PUT',
        url: `/api/leave-files/${sha256(bytes)}?leaveId=${leaveId}`,
        cookie: cookie.staff1,
        body: bytes,
        contentType: mime,
      },
      [`${kind} as ${mime}`],
    );
    expect(a.status).toBe(415);
    expect(await h.db.query('select 1 from leave_files where hash = $1', [sha256(bytes)])).toEqual([]);
  });
});

/** The push property's model of what a batch must write (so the row-count check itself is checked). */
describe('fuzz push model', () => {
  const a = '0c4f6a5e-8a2b-4c1d-9e3f-5a6b7c8d9e0f';
  const b = '1c4f6a5e-8a2b-4c1d-9e3f-5a6b7c8d9e0f';
  const c = '2c4f6a5e-8a2b-4c1d-9e3f-5a6b7c8d9e0f';
  const zero = {
    violations: 0,
    rounds: 0,
    late_submissions: 0,
    disputes: 0,
    leaves: 0,
    substitutes: 0,
    outings: 0,
    log: 0,
  };

  it('a batch refused as a whole writes nothing', () => {
    expect(expectedDelta([{ id: a, name: 'violation.record' }], undefined, new Set())).toEqual(zero);
  });

  it('one row per new id answered applied, in its creating table; one log entry per new id', () => {
    const sent = [
      { id: a, name: 'violation.record' },
      { id: b, name: 'leave.decide' },
      { id: c, name: 'round.start' },
    ];
    const results = [
      { id: a, status: 'applied' as const },
      { id: b, status: 'applied' as const },
      { id: c, status: 'rejected' as const, code: 'not_found' },
    ];
    expect(expectedDelta(sent, results, new Set())).toEqual({ ...zero, violations: 1, log: 3 });
  });

  it('ids compare case-insensitively; the first occurrence decides; wrong_user and logged ids write nothing', () => {
    const sent = [
      { id: a.toUpperCase(), name: 'outing.start' },
      { id: a, name: 'outing.start' },
      { id: b, name: 'leave.request' },
      { id: c, name: 'violation.record' },
    ];
    const results = [
      { id: a.toUpperCase(), status: 'applied' as const },
      { id: a, status: 'applied' as const },
      { id: b, status: 'rejected' as const, code: 'wrong_user' },
      { id: c, status: 'applied' as const },
    ];
    expect(expectedDelta(sent, results, new Set([c]))).toEqual({ ...zero, outings: 1, log: 1 });
  });
});
