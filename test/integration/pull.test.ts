import { afterAll, beforeAll, expect, it } from 'vitest';
import { PullResponseSchema, ViolationSchema, type Change } from '../../src/domain';
import { OTHER_SOURCES } from '../../src/domain/assessment/requests';
import { lockChangeFeed } from '../../src/server/db/locks';
import { violationData, type ViolationRow } from '../../src/server/rows/rows';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pull, pullAll, push, recordMutation } from './support/sync';

const violationIds = (changes: Change[]) => changes.filter((c) => c.entity === 'violations').map((c) => c.id);

describeEachTarget('sync pull', (target) => {
  let h: Harness;
  const cookies: Record<string, string> = {};
  /** Violation ids by who recorded them and where. */
  let byDuty1AtW102: string[];
  let byDuty2AtW201: string[];
  let byDuty2AtW101: string[];
  let byDuty1AtW102OtherStaff: string[];

  beforeAll(async () => {
    h = await createHarness(target);
    for (const u of ['duty1', 'duty2', 'super1', 'leader1', 'staff1', 'head1', 'dept1'])
      cookies[u] = await h.loginAs(u);
    const duty1 = await h.userId('duty1');
    const duty2 = await h.userId('duty2');
    const m1 = [recordMutation(duty1), recordMutation(duty1)];
    const m1b = [recordMutation(duty1, { staffId: DEMO_IDS.window102StaffB })];
    const m2 = [recordMutation(duty2, { windowId: DEMO_IDS.window201, staffId: DEMO_IDS.window201StaffA })];
    const m3 = [recordMutation(duty2, { windowId: DEMO_IDS.window101, staffId: DEMO_IDS.window101StaffA })];
    expect((await push(h.app, cookies.duty1!, [...m1, ...m1b])).status).toBe(200);
    expect((await push(h.app, cookies.duty2!, [...m2, ...m3])).status).toBe(200);
    const ids = (ms: { args: unknown }[]) => ms.map((m) => (m.args as { id: string }).id);
    byDuty1AtW102 = ids(m1);
    byDuty1AtW102OtherStaff = ids(m1b);
    byDuty2AtW201 = ids(m2);
    byDuty2AtW101 = ids(m3);
  });
  afterAll(() => h?.close());

  it('a first pull brings all reference data in domain shape', async () => {
    const { changes } = await pullAll(h.app, cookies.staff1!);
    const count = (e: string) => changes.filter((c) => c.entity === e).length;
    expect(count('floors')).toBe(2);
    expect(count('windows')).toBe(24);
    expect(count('staff')).toBe(49);
    expect(count('schemes')).toBe(1);
    const window = changes.find((c) => c.entity === 'windows' && c.id === DEMO_IDS.window102)!;
    expect(window.data).toMatchObject({
      id: DEMO_IDS.window102,
      floorId: DEMO_IDS.floor1,
      number: '102',
      department: '公安局',
      kind: 'public_service',
    });
    const scheme = changes.find((c) => c.entity === 'schemes')!;
    expect(scheme.data).toMatchObject({ version: 1, effectiveFrom: '2026-01', scheme: { version: 1, base: 100 } });
    const staff = changes.find((c) => c.entity === 'staff' && c.id === DEMO_IDS.window102StaffA)!;
    expect(staff.data).toMatchObject({ windowId: DEMO_IDS.window102, post: 'A' });
    // seqs strictly increase
    changes.forEach((c, i) => i && expect(c.seq).toBeGreaterThan(changes[i - 1]!.seq));
  });

  it('paginates with cursor and hasMore, without gaps or repeats', async () => {
    const first = await pull(h.app, cookies.super1!, 0, 7);
    expect(first.status).toBe(200);
    const page = PullResponseSchema.parse(first.body);
    expect(page.changes).toHaveLength(7);
    expect(page.hasMore).toBe(true);
    expect(page.cursor).toBe(page.changes[6]!.seq);
    const paged = await pullAll(h.app, cookies.super1!, 0, 7);
    const whole = await pullAll(h.app, cookies.super1!, 0, 5000);
    expect(paged.changes).toEqual(whole.changes);
    expect(new Set(paged.changes.map((c) => c.seq)).size).toBe(paged.changes.length);
    // At the end: empty page, cursor stays, no more.
    const end = await pull(h.app, cookies.super1!, whole.cursor, 10);
    expect(end.body).toMatchObject({ changes: [], cursor: whole.cursor, hasMore: false });
  });

  it('violations come in the domain shape', async () => {
    const { changes } = await pullAll(h.app, cookies.super1!);
    const v = changes.find((c) => c.id === byDuty1AtW102[0])!;
    const data = ViolationSchema.parse(v.data);
    expect(data).toMatchObject({
      windowId: DEMO_IDS.window102,
      recordedByName: '周建华',
      status: 'active',
      itemCode: 'EATING',
    });
    expect(data.observedAt).toBe(new Date('2026-03-02T09:15:00+08:00').toISOString());
  });

  it('scopes violations by role', async () => {
    const seen = async (user: string) => new Set(violationIds((await pullAll(h.app, cookies[user]!)).changes));
    const all = [...byDuty1AtW102, ...byDuty1AtW102OtherStaff, ...byDuty2AtW201, ...byDuty2AtW101];
    expect(await seen('super1')).toEqual(new Set(all));
    expect(await seen('leader1')).toEqual(new Set(all));
    expect(await seen('duty1')).toEqual(new Set([...byDuty1AtW102, ...byDuty1AtW102OtherStaff])); // own records
    expect(await seen('duty2')).toEqual(new Set([...byDuty2AtW201, ...byDuty2AtW101]));
    expect(await seen('staff1')).toEqual(new Set(byDuty1AtW102)); // records naming them
    expect(await seen('head1')).toEqual(new Set([...byDuty1AtW102, ...byDuty1AtW102OtherStaff])); // their window
    expect(await seen('dept1')).toEqual(new Set([...byDuty1AtW102, ...byDuty1AtW102OtherStaff, ...byDuty2AtW101])); // 公安局 windows
  });

  it('an update re-sends a row; a soft delete is a tombstone', async () => {
    const { cursor } = await pullAll(h.app, cookies.staff1!);
    await h.db.transaction(async (tx) => {
      await lockChangeFeed(tx);
      await tx.query(`update windows set name = '出入境证件(新)' where id = $1`, [DEMO_IDS.window102]);
      await tx.query('update violations set deleted_at = now() where id = $1', [byDuty1AtW102[0]]);
      await tx.query('update staff set deleted_at = now() where id = $1', [DEMO_IDS.window101StaffA]);
    });
    const { changes } = await pullAll(h.app, cookies.staff1!, cursor);
    expect(changes.map((c) => [c.entity, c.id, c.op])).toEqual([
      ['windows', DEMO_IDS.window102, 'upsert'],
      ['violations', byDuty1AtW102[0], 'delete'],
      ['staff', DEMO_IDS.window101StaffA, 'delete'],
    ]);
    expect(changes[0]!.data).toMatchObject({ name: '出入境证件(新)' });
    expect(changes[1]!.data).toBeNull();
    // A soft-deleted staff member cannot be named in new records.
    const duty2 = await h.userId('duty2');
    const res = await push(h.app, cookies.duty2!, [
      recordMutation(duty2, { windowId: DEMO_IDS.window101, staffId: DEMO_IDS.window101StaffA }),
    ]);
    expect(res.body.results[0]).toMatchObject({ code: 'not_found' });
  });

  it('a new push shows up after the cursor', async () => {
    const { cursor } = await pullAll(h.app, cookies.duty1!);
    const m = recordMutation(await h.userId('duty1'));
    await push(h.app, cookies.duty1!, [m]);
    const { changes } = await pullAll(h.app, cookies.duty1!, cursor);
    expect(violationIds(changes)).toEqual([(m.args as { id: string }).id]);
  });

  it('bad query and no session', async () => {
    const bad = await h.app.inject({
      method: 'GET',
      url: '/api/sync/pull?cursor=-1&limit=abc',
      headers: { cookie: cookies.duty1! },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_query', message: expect.stringContaining('cursor') });
    expect((await h.app.inject({ method: 'GET', url: '/api/sync/pull' })).statusCode).toBe(401);
  });

  it('a pulled violation is exactly the stored row: UTC ISO times with milliseconds, staffId null kept, roundId only when set', async () => {
    const duty1 = await h.userId('duty1');
    const m = recordMutation(duty1, {
      staffId: null,
      observedAt: '2026-03-02T09:15:00.123456+08:00',
      note: '引号 " 和 \\ 反斜杠',
    });
    const deviceNow = new Date(Date.now() - 5_000).toISOString();
    expect((await push(h.app, cookies.duty1!, [m], deviceNow)).status).toBe(200);
    const [row] = await h.db.query<{ server_received_at: Date; clock_skew_ms: number }>(
      'select server_received_at, clock_skew_ms from violations where id = $1',
      [(m.args as { id: string }).id],
    );
    const { changes } = await pullAll(h.app, cookies.duty1!);
    const args = m.args as Record<string, unknown>;
    expect(changes.find((c) => c.id === args.id)!.data).toStrictEqual({
      id: args.id,
      windowId: args.windowId,
      staffId: null,
      itemCode: args.itemCode,
      count: args.count,
      observedAt: '2026-03-02T01:15:00.123Z',
      note: args.note,
      deviceRecordedAt: new Date(args.deviceRecordedAt as string).toISOString(),
      recordedBy: duty1,
      recordedByName: '周建华',
      status: 'active',
      serverReceivedAt: row!.server_received_at.toISOString(),
      clockSkewMs: row!.clock_skew_ms,
    });
    expect(row!.clock_skew_ms).toBeGreaterThanOrEqual(5_000);
  });

  it('every pulled violation equals the JS mapping of its row (violationData)', async () => {
    // One record from another source, naming the staff member it stood in for.
    const [other] = await h.db.query<{ id: string }>(
      `update violations set source = $1, substitute_for = $2
        where id = (select id from violations where deleted_at is null order by seq limit 1) returning id`,
      [OTHER_SOURCES[0], DEMO_IDS.window102StaffB],
    );
    const { changes } = await pullAll(h.app, cookies.super1!);
    const rows = await h.db.query<ViolationRow & { deleted_at: Date | null }>(
      `select v.*, u.display_name as recorded_by_name from violations v join users u on u.id = v.recorded_by`,
    );
    const live = rows.filter((r) => !r.deleted_at);
    expect(live.length).toBeGreaterThan(0);
    const pulled = new Map(changes.filter((c) => c.entity === 'violations').map((c) => [c.id, c.data]));
    for (const row of live) expect(pulled.get(row.id)).toStrictEqual(violationData(row));
    expect(pulled.get(other!.id)).toMatchObject({ source: OTHER_SOURCES[0], substituteFor: DEMO_IDS.window102StaffB });
  });

  it("since: rows of months before it are not sent; never later than the month before the server's own", async () => {
    const duty1 = await h.userId('duty1');
    const january = recordMutation(duty1, { observedAt: '2026-01-31T23:59:00+08:00' });
    const february = recordMutation(duty1, { observedAt: '2026-02-01T00:00:00+08:00' });
    const current = recordMutation(duty1, { observedAt: new Date().toISOString() }); // observed now, whatever today is
    expect((await push(h.app, cookies.duty1!, [january, february, current])).status).toBe(200);
    const id = (m: { args: unknown }) => (m.args as { id: string }).id;
    const oldBonus = crypto.randomUUID();
    const keptBonus = crypto.randomUUID();
    for (const [bonusId, month] of [
      [oldBonus, '2026-01'],
      [keptBonus, '2026-02'],
    ] as const)
      await h.db.query(
        `insert into bonus_records (id, month, window_id, bonus_code, points, event_id, recorded_by)
         values ($1::uuid, $2, $3, 'PUBLIC_THANKS', 1, $1::text, $4)`,
        [bonusId, month, DEMO_IDS.window102, await h.userId('super1')],
      );
    const pullSince = async (since: string) => {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/sync/pull?cursor=0&limit=5000&since=${since}`,
        headers: { cookie: cookies.super1! },
      });
      expect(res.statusCode).toBe(200);
      return PullResponseSchema.parse(res.json()).changes.map((c) => c.id);
    };
    const sent = await pullSince('2026-02');
    expect(sent).toEqual(expect.arrayContaining([id(february), id(current), keptBonus]));
    expect(sent).not.toContain(id(january));
    expect(sent).not.toContain(oldBonus);
    // Without since, everything; a since past the server's month is held to the month before it.
    expect((await pullAll(h.app, cookies.super1!, 0, 5000)).changes.map((c) => c.id)).toEqual(
      expect.arrayContaining([id(january), oldBonus]),
    );
    expect(await pullSince('2099-12')).toContain(id(current));
    // A phone whose clock reads 2100 or 1970 still syncs: held to the server's month, or everything.
    expect(await pullSince('2100-06')).toContain(id(current));
    expect(await pullSince('1970-01')).toEqual(expect.arrayContaining([id(january), id(current)]));
    for (const bad of ['2026-13', '26-01', 'x', "2026-01'--"]) {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/sync/pull?since=${encodeURIComponent(bad)}`,
        headers: { cookie: cookies.super1! },
      });
      expect(res.statusCode, bad).toBe(400);
    }
  });
});
