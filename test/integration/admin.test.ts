import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, type Role } from '../../src/domain';
import { hallMonth, previousMonth } from '../../src/server/admin/common';
import { REGISTERED_ADMIN_ROUTES } from '../../src/server/admin/routes';
import { DEMO_IDS, DEMO_PASSWORD } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pullAll } from './support/sync';
import { DEFAULT_HALL_TIME_ZONE, hallDay } from '../../src/domain/hall-time';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const X = '00000000-0000-4000-8000-000000000001';
/** A quarter (issue #15 period inputs). */
const PERIOD = '2026-Q1';

/** Every admin endpoint; the role matrix below runs over all of them. */
export const ADMIN_ROUTES: { method: Method; url: string; body?: unknown }[] = [
  { method: 'GET', url: '/api/admin/audit' },
  { method: 'GET', url: '/api/admin/audit.csv' },
  { method: 'GET', url: '/api/admin/floors' },
  { method: 'POST', url: '/api/admin/floors', body: { name: '三楼', level: 3 } },
  { method: 'PATCH', url: `/api/admin/floors/${X}`, body: { name: 'x' } },
  { method: 'DELETE', url: `/api/admin/floors/${X}` },
  { method: 'GET', url: '/api/admin/windows' },
  { method: 'POST', url: '/api/admin/windows', body: {} },
  { method: 'PATCH', url: `/api/admin/windows/${X}`, body: { name: 'x' } },
  { method: 'DELETE', url: `/api/admin/windows/${X}` },
  { method: 'GET', url: '/api/admin/staff' },
  { method: 'POST', url: '/api/admin/staff', body: {} },
  { method: 'PATCH', url: `/api/admin/staff/${X}`, body: { name: 'x' } },
  { method: 'DELETE', url: `/api/admin/staff/${X}` },
  { method: 'GET', url: '/api/admin/users' },
  { method: 'POST', url: '/api/admin/users', body: {} },
  { method: 'PATCH', url: `/api/admin/users/${X}`, body: { displayName: 'x' } },
  { method: 'POST', url: `/api/admin/users/${X}/reset-password`, body: { password: 'abcdefgh' } },
  { method: 'POST', url: `/api/admin/users/${X}/disable` },
  { method: 'POST', url: `/api/admin/users/${X}/enable` },
  { method: 'GET', url: '/api/admin/schemes' },
  { method: 'POST', url: '/api/admin/schemes', body: {} },
  { method: 'POST', url: '/api/admin/schemes/preview', body: {} },
  { method: 'GET', url: `/api/admin/schemes/${X}/preview` },
  { method: 'POST', url: '/api/admin/import/preview', body: {} },
  { method: 'POST', url: '/api/admin/import/commit', body: {} },
  { method: 'GET', url: '/api/admin/duty-roster' },
  { method: 'POST', url: '/api/admin/duty-roster', body: {} },
  { method: 'PATCH', url: `/api/admin/duty-roster/${X}`, body: { dates: [] } },
  { method: 'DELETE', url: `/api/admin/duty-roster/${X}` },
  { method: 'GET', url: `/api/admin/periods/${PERIOD}` },
  { method: 'PUT', url: `/api/admin/periods/${PERIOD}/quota`, body: { quota: null } },
  { method: 'POST', url: `/api/admin/periods/${PERIOD}/scores/preview?kind=peer_review`, body: {} },
  { method: 'POST', url: `/api/admin/periods/${PERIOD}/scores/commit?kind=peer_review`, body: {} },
];

const USER_BY_ROLE: Record<Role, string> = {
  staff: 'staff1',
  window_head: 'head1',
  duty_leader: 'duty1',
  supervision: 'super1',
  center_leader: 'leader1',
  dept_leader: 'dept1',
};

describeEachTarget('admin API', (target) => {
  let h: Harness;
  let su: string;
  const req = (method: Method, url: string, payload?: unknown, cookie = su) =>
    h.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const lastAudit = async () => (await req('GET', '/api/admin/audit?limit=1')).json().entries[0];

  beforeAll(async () => {
    h = await createHarness(target);
    su = await h.loginAs('super1');
  });
  afterAll(() => h?.close());

  describe('permissions', () => {
    it('the matrix covers every registered admin route', () => {
      const covered = new Set(
        ADMIN_ROUTES.map(
          (r) => `${r.method} ${r.url.replace(X, ':id').replace(PERIOD, ':period').replace(/\?.*$/, '')}`,
        ),
      );
      expect([...REGISTERED_ADMIN_ROUTES].sort()).toEqual([...covered].sort());
    });

    it('unauthenticated: 401 on every admin endpoint', async () => {
      for (const r of ADMIN_ROUTES) {
        const res = await h.app.inject({
          method: r.method,
          url: r.url,
          ...(r.body ? { payload: r.body as object } : {}),
        });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
        expect(res.json().error).toBe('unauthenticated');
      }
    });

    for (const role of ['staff', 'window_head', 'duty_leader', 'dept_leader', 'center_leader'] as const) {
      it(`${role}: 403 on every admin endpoint${role === 'center_leader' ? ' that writes (reads allowed)' : ''}`, async () => {
        const cookie = await h.loginAs(USER_BY_ROLE[role]);
        for (const r of ADMIN_ROUTES) {
          const res = await req(r.method, r.url, r.body, cookie);
          if (role === 'center_leader' && r.method === 'GET') {
            expect([401, 403], `${role} ${r.method} ${r.url}`).not.toContain(res.statusCode);
          } else {
            expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
            expect(res.json().error).toBe('forbidden');
          }
        }
      });
    }

    it('supervision reaches every endpoint (never 401/403)', async () => {
      for (const r of ADMIN_ROUTES) {
        const res = await req(r.method, r.url, r.body);
        expect([401, 403], `${r.method} ${r.url}`).not.toContain(res.statusCode);
      }
    });
  });

  describe('audit log', () => {
    it('records sign-ins and failed sign-ins (never the password)', async () => {
      const login = (username: string, password: string) =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username, password },
          remoteAddress: '10.1.2.3',
        });
      expect((await login('duty2', DEMO_PASSWORD)).statusCode).toBe(200);
      let e = await lastAudit();
      expect(e).toMatchObject({
        action: 'login',
        entity: 'user',
        actorName: 'duty2',
        actorId: await h.userId('duty2'),
        ip: '10.1.2.3',
      });
      expect((await login('duty2', 'wrong-password')).statusCode).toBe(401);
      e = await lastAudit();
      expect(e).toMatchObject({ action: 'login_failed', actorName: 'duty2', after: { reason: 'invalid_credentials' } });
      expect((await login('nobody', 'wrong-password')).statusCode).toBe(401);
      e = await lastAudit();
      expect(e).toMatchObject({ action: 'login_failed', actorName: 'nobody', actorId: null });
      const all = JSON.stringify((await req('GET', '/api/admin/audit?limit=500')).json());
      expect(all).not.toContain('wrong-password');
      expect(all).not.toContain(DEMO_PASSWORD);
    });

    it('is append-only in the database: update, delete and truncate are refused', async () => {
      await expect(h.db.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(h.db.query('delete from audit_log')).rejects.toThrow(/append-only/);
      await expect(h.db.query('truncate audit_log')).rejects.toThrow(/append-only/);
      expect((await h.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n).toBeGreaterThan(0);
    });

    it('filters, pages with a cursor, exports CSV', async () => {
      for (let i = 0; i < 3; i++) await req('POST', '/api/admin/floors', { name: `测试层${i}`, level: 90 + i });
      const page1 = (await req('GET', '/api/admin/audit?action=create&entity=floor&limit=2')).json();
      expect(page1.entries).toHaveLength(2);
      expect(
        page1.entries.every((e: { action: string; entity: string }) => e.action === 'create' && e.entity === 'floor'),
      ).toBe(true);
      expect(page1.nextCursor).toBe(page1.entries[1].id);
      const page2 = (
        await req('GET', `/api/admin/audit?action=create&entity=floor&limit=2&cursor=${page1.nextCursor}`)
      ).json();
      expect(page2.entries.length).toBeGreaterThanOrEqual(1);
      expect(page2.entries[0].id).toBeLessThan(page1.entries[1].id);
      const byActor = (await req('GET', `/api/admin/audit?actor=${await h.userId('super1')}&entity=floor`)).json();
      expect(byActor.entries.length).toBeGreaterThanOrEqual(3);
      expect((await req('GET', '/api/admin/audit?actor=super&entity=floor')).json().entries.length).toBe(
        byActor.entries.length,
      );
      const future = (await req('GET', '/api/admin/audit?from=2099-01-01')).json();
      expect(future.entries).toEqual([]);
      const today = hallDay(new Date(), DEFAULT_HALL_TIME_ZONE); // the filter's days are the hall's (after 16:00 UTC it is tomorrow in Shanghai)
      expect(
        (await req('GET', `/api/admin/audit?from=2000-01-01&to=${today}&entity=floor`)).json().entries.length,
      ).toBeGreaterThanOrEqual(3);
      expect((await req('GET', '/api/admin/audit?from=yesterday')).statusCode).toBe(400);
      expect((await req('GET', '/api/admin/audit?cursor=-1')).statusCode).toBe(400);

      const csv = await req('GET', '/api/admin/audit.csv?entity=floor&action=create');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="audit-/);
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('id,at,actor_id,actor_name,action,entity,entity_id,before,after,ip');
      expect(lines.length).toBeGreaterThanOrEqual(4);
      expect(csv.body).toContain('测试层2');
      // A failed sign-in's username is typed by anyone: a cell a spreadsheet would run is defused.
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: '=cmd|x', password: 'x' },
        remoteAddress: '10.7.7.7',
      });
      const risky = await req('GET', '/api/admin/audit.csv?action=login_failed');
      expect(risky.body).not.toMatch(/(^|,)=cmd/m);
      expect(risky.body).toContain(",'=cmd|x,");
    });
  });

  describe('floors, windows, staff', () => {
    it('create → pull sees it; duplicates 409; bad input 400; audit entries with before/after; soft delete → tombstone', async () => {
      const duty = await h.loginAs('duty1');
      const start = await pullAll(h.app, duty);

      const bad = await req('POST', '/api/admin/floors', { name: '', level: 'x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: 'invalid_request',
        message: expect.any(String),
        details: expect.any(Array),
      });

      const f = await req('POST', '/api/admin/floors', { name: ' 七楼 ', level: 7 });
      expect(f.statusCode).toBe(201);
      const floor = f.json().floor;
      expect(floor).toMatchObject({ name: '七楼', level: 7 });
      expect(await lastAudit()).toMatchObject({
        action: 'create',
        entity: 'floor',
        entityId: floor.id,
        before: null,
        after: floor,
        actorName: 'super1',
      });
      expect((await req('POST', '/api/admin/floors', { name: '又一个七楼', level: 7 })).statusCode).toBe(409);

      const w = await req('POST', '/api/admin/windows', {
        floorId: floor.id,
        number: '301',
        name: '综合窗口',
        department: '行政审批局',
        kind: 'approval',
        position: 0,
      });
      expect(w.statusCode).toBe(201);
      const win = w.json().window;
      const dup = await req('POST', '/api/admin/windows', {
        floorId: floor.id,
        number: '301',
        name: '别的',
        department: '税务局',
        kind: 'approval',
        position: 1,
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ error: 'duplicate', message: expect.stringContaining('301') });
      // The same number on another floor is fine.
      const other = await req('POST', '/api/admin/windows', {
        floorId: DEMO_IDS.floor1,
        number: '301',
        name: '别的',
        department: '税务局',
        kind: 'approval',
        position: 99,
      });
      expect(other.statusCode).toBe(201);
      expect(
        (
          await req('POST', '/api/admin/windows', {
            floorId: randomUUID(),
            number: '302',
            name: 'x',
            department: 'y',
            kind: 'approval',
            position: 0,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await req('POST', '/api/admin/windows', {
            floorId: floor.id,
            number: '303',
            name: 'x',
            department: 'y',
            kind: 'other',
            position: 0,
          })
        ).statusCode,
      ).toBe(400);

      const renamed = await req('PATCH', `/api/admin/windows/${win.id}`, { name: '综合受理二', position: 2 });
      expect(renamed.statusCode).toBe(200);
      expect(await lastAudit()).toMatchObject({
        action: 'update',
        entity: 'window',
        before: { name: '综合窗口', position: 0 },
        after: { name: '综合受理二', position: 2 },
      });
      expect(
        (await req('PATCH', `/api/admin/windows/${other.json().window.id}`, { floorId: floor.id })).statusCode,
      ).toBe(409);
      expect((await req('PATCH', `/api/admin/windows/${win.id}`, {})).statusCode).toBe(400);
      expect((await req('PATCH', `/api/admin/windows/not-a-uuid`, { name: 'x' })).statusCode).toBe(404);

      const s = await req('POST', '/api/admin/staff', {
        windowId: win.id,
        name: '张三',
        post: 'A',
        phone: '13800000000',
      });
      expect(s.statusCode).toBe(201);
      const person = s.json().staff;
      expect((await req('POST', '/api/admin/staff', { windowId: win.id, name: '张三', post: 'B' })).statusCode).toBe(
        409,
      );
      const noPhone = await req('POST', '/api/admin/staff', { windowId: win.id, name: '李四', post: 'B' });
      expect(noPhone.statusCode).toBe(201);
      expect(noPhone.json().staff.phone).toBeNull();
      expect((await req('POST', '/api/admin/staff', { windowId: win.id, name: '王五', post: 'E' })).statusCode).toBe(
        400,
      );

      // A window with staff, a floor with windows: 409 in_use.
      expect((await req('DELETE', `/api/admin/windows/${win.id}`)).json().error).toBe('in_use');
      expect((await req('DELETE', `/api/admin/floors/${floor.id}`)).json().error).toBe('in_use');

      const mid = await pullAll(h.app, duty, start.cursor);
      const ids = mid.changes.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([floor.id, win.id, person.id]));

      expect((await req('DELETE', `/api/admin/staff/${person.id}`)).statusCode).toBe(204);
      expect(await lastAudit()).toMatchObject({
        action: 'delete',
        entity: 'staff',
        entityId: person.id,
        before: { name: '张三' },
        after: null,
      });
      expect((await req('DELETE', `/api/admin/staff/${person.id}`)).statusCode).toBe(404);
      // The name is free again once the person is deleted.
      expect((await req('POST', '/api/admin/staff', { windowId: win.id, name: '张三', post: 'A' })).statusCode).toBe(
        201,
      );
      const end = await pullAll(h.app, duty, mid.cursor);
      expect(end.changes).toContainEqual(
        expect.objectContaining({ entity: 'staff', id: person.id, op: 'delete', data: null }),
      );
      expect((await req('GET', '/api/admin/staff')).json().staff.some((x: { id: string }) => x.id === person.id)).toBe(
        false,
      );
    });
  });

  it('two supervisors adding the same window number at once: one 201, one 409', async () => {
    const body = {
      floorId: DEMO_IDS.floor2,
      number: '299',
      name: '并发',
      department: '税务局',
      kind: 'approval',
      position: 50,
    };
    const results = await Promise.all([
      req('POST', '/api/admin/windows', body),
      req('POST', '/api/admin/windows', body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect((await h.db.query(`select 1 from windows where number = '299' and deleted_at is null`)).length).toBe(1);
  });

  describe('users', () => {
    it('create with role and links, duplicates, reset password, disable ends sessions, enable', async () => {
      const bad = await req('POST', '/api/admin/users', {
        username: 'x',
        password: 'short',
        displayName: '',
        role: 'king',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details.length).toBeGreaterThanOrEqual(3);
      const noLink = await req('POST', '/api/admin/users', {
        username: 'staff9',
        password: 'password9',
        displayName: '新人',
        role: 'staff',
      });
      expect(noLink.statusCode).toBe(422);
      expect(noLink.json().error).toBe('invalid_links');

      const created = await req('POST', '/api/admin/users', {
        username: 'Staff9',
        password: 'password9',
        displayName: '新人',
        role: 'staff',
        staffId: DEMO_IDS.window101StaffA,
      });
      expect(created.statusCode).toBe(201);
      const user = created.json().user;
      expect(user).toMatchObject({
        username: 'staff9',
        role: 'staff',
        staffId: DEMO_IDS.window101StaffA,
        windowId: DEMO_IDS.window101,
        floorId: DEMO_IDS.floor1,
        disabled: false,
      });
      expect(user).not.toHaveProperty('passwordHash');
      const audit = await lastAudit();
      expect(audit).toMatchObject({ action: 'create', entity: 'user', entityId: user.id });
      expect(JSON.stringify(audit)).not.toMatch(/password9|scrypt/);
      expect(
        (
          await req('POST', '/api/admin/users', {
            username: 'staff9',
            password: 'password9',
            displayName: 'x',
            role: 'supervision',
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (
          await req('POST', '/api/admin/users', {
            username: 'duty1',
            password: 'password9',
            displayName: 'x',
            role: 'supervision',
          })
        ).json().error,
      ).toBe('duplicate');

      const login = (password: string) =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'staff9', password },
          remoteAddress: '10.9.9.9',
        });
      const first = await login('password9');
      expect(first.statusCode).toBe(200);
      const cookie = String(first.headers['set-cookie']).split(';')[0]!;

      expect((await req('POST', `/api/admin/users/${user.id}/reset-password`, { password: 'short' })).statusCode).toBe(
        400,
      );
      expect(
        (await req('POST', `/api/admin/users/${user.id}/reset-password`, { password: 'newpassword' })).statusCode,
      ).toBe(200);
      expect(await lastAudit()).toMatchObject({
        action: 'reset_password',
        entity: 'user',
        entityId: user.id,
        before: null,
        after: null,
      });
      expect((await login('password9')).statusCode).toBe(401);
      const second = await login('newpassword');
      expect(second.statusCode).toBe(200);
      const cookie2 = String(second.headers['set-cookie']).split(';')[0]!;
      expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);

      const disabled = await req('POST', `/api/admin/users/${user.id}/disable`);
      expect(disabled.json().user.disabled).toBe(true);
      expect(await lastAudit()).toMatchObject({
        action: 'disable',
        entityId: user.id,
        before: { disabled: false },
        after: { disabled: true },
      });
      expect((await h.db.query('select 1 from sessions where user_id = $1', [user.id])).length).toBe(0);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookie2 } })).statusCode,
      ).toBe(401);
      expect((await login('newpassword')).statusCode).toBe(403);

      expect((await req('POST', `/api/admin/users/${user.id}/enable`)).json().user.disabled).toBe(false);
      expect(await lastAudit()).toMatchObject({ action: 'enable', entityId: user.id });
      expect((await login('newpassword')).statusCode).toBe(200);

      const superId = await h.userId('super1');
      expect((await req('POST', `/api/admin/users/${superId}/disable`)).statusCode).toBe(409);
      expect((await req('POST', `/api/admin/users/${randomUUID()}/disable`)).statusCode).toBe(404);

      const moved = await req('PATCH', `/api/admin/users/${user.id}`, {
        role: 'duty_leader',
        staffId: null,
        windowId: null,
        floorId: DEMO_IDS.floor2,
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json().user).toMatchObject({ role: 'duty_leader', floorId: DEMO_IDS.floor2, staffId: null });
      expect(await lastAudit()).toMatchObject({
        action: 'update',
        entity: 'user',
        before: { role: 'staff' },
        after: { role: 'duty_leader' },
      });
      const list = (await req('GET', '/api/admin/users')).json().users;
      expect(list.find((u: { username: string }) => u.username === 'staff9')).toMatchObject({ role: 'duty_leader' });
    });
  });

  describe('scheme versions', () => {
    it('validates drafts, refuses a closed month, saves the next version (synced, audited)', async () => {
      const bad = await req('POST', '/api/admin/schemes', {
        effectiveFrom: hallMonth(),
        scheme: { ...DEFAULT_SCHEME, items: [{ ...DEFAULT_SCHEME.items[0]!, category: 'NOPE' }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('unknown category NOPE');
      const closed = await req('POST', '/api/admin/schemes', {
        effectiveFrom: previousMonth(hallMonth()),
        scheme: DEFAULT_SCHEME,
      });
      expect(closed.statusCode).toBe(422);
      expect(closed.json().error).toBe('month_closed');
      expect(
        (await req('POST', '/api/admin/schemes', { effectiveFrom: '2026-13', scheme: DEFAULT_SCHEME })).statusCode,
      ).toBe(400);

      const duty = await h.loginAs('duty1');
      const { cursor } = await pullAll(h.app, duty);
      const res = await req('POST', '/api/admin/schemes', {
        effectiveFrom: hallMonth(),
        scheme: { ...DEFAULT_SCHEME, name: '新方案' },
      });
      expect(res.statusCode).toBe(201);
      const saved = res.json().scheme;
      expect(saved).toMatchObject({ version: 2, effectiveFrom: hallMonth(), scheme: { version: 2, name: '新方案' } });
      expect(await lastAudit()).toMatchObject({
        action: 'create',
        entity: 'scheme',
        entityId: saved.id,
        after: { version: 2 },
      });
      const pulled = await pullAll(h.app, duty, cursor);
      expect(pulled.changes).toContainEqual(expect.objectContaining({ entity: 'schemes', id: saved.id, op: 'upsert' }));
      const list = (await req('GET', '/api/admin/schemes')).json();
      expect(list.schemes.map((s: { version: number }) => s.version)).toEqual([2, 1]);
      expect(list.inForce).toBe(2);

      // A month closed for recording keeps its version.
      await h.db.query('insert into recording_periods (month, closed_by) values ($1, $2)', [
        hallMonth(),
        await h.userId('super1'),
      ]);
      const closedNow = await req('POST', '/api/admin/schemes', { effectiveFrom: hallMonth(), scheme: DEFAULT_SCHEME });
      expect(closedNow.statusCode).toBe(422);
      expect(closedNow.json().message).toContain(hallMonth());
      await h.db.query('delete from recording_periods');
    });

    it('previews last month under a draft vs the scheme in force', async () => {
      const month = previousMonth(hallMonth());
      const superId = await h.userId('super1');
      const insert = (id: string, staffId: string | null, item: string, count: number, status = 'active') =>
        h.db.query(
          `insert into violations (id, window_id, staff_id, item_code, count, observed_at, recorded_by, device_recorded_at, server_received_at, clock_skew_ms, status)
           values ($1, $2, $3, $4, $5, $6, $7, $6, $6, 0, $8)`,
          [id, DEMO_IDS.window102, staffId, item, count, `${month}-15T10:00:00+08:00`, superId, status],
        );
      await insert(randomUUID(), DEMO_IDS.window102StaffA, 'EATING', 2);
      await insert(randomUUID(), null, 'OFF_POST', 1);
      await insert(randomUUID(), DEMO_IDS.window102StaffA, 'GAMING', 1, 'withdrawn');

      const draft = {
        ...DEFAULT_SCHEME,
        items: DEFAULT_SCHEME.items.map((i) => (i.code === 'EATING' ? { ...i, points: 3 } : i)),
      };
      const res = await req('POST', '/api/admin/schemes/preview', { scheme: draft });
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p).toMatchObject({ month, records: 3, current: { version: 1 }, draft: { version: 3 } });
      const w102 = p.windows.find((w: { windowId: string }) => w.windowId === DEMO_IDS.window102);
      expect(w102.current.score).toBe(100 - 4 - 1);
      expect(w102.draft.score).toBe(100 - 6 - 1);
      expect(w102.delta).toBe(-2);
      expect(p.staff).toContainEqual(
        expect.objectContaining({ staffId: DEMO_IDS.window102StaffA, current: 96, draft: 94, delta: -2 }),
      );
      expect(p.windows.find((w: { windowId: string }) => w.windowId === DEMO_IDS.window101).delta).toBe(0);

      const bad = await req('POST', '/api/admin/schemes/preview', { scheme: { ...DEFAULT_SCHEME, base: -1 } });
      expect(bad.statusCode).toBe(400);

      const stored = (await req('GET', '/api/admin/schemes')).json().schemes[0];
      const again = await req('GET', `/api/admin/schemes/${stored.id}/preview?month=${month}`);
      expect(again.statusCode).toBe(200);
      expect(again.json().draft.version).toBe(stored.version);
      expect((await req('GET', `/api/admin/schemes/${randomUUID()}/preview`)).statusCode).toBe(404);
      expect((await req('GET', `/api/admin/schemes/${stored.id}/preview?month=May`)).statusCode).toBe(400);
    });
  });
});
