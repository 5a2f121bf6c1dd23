import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pullAll } from './support/sync';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const MONTH = '2031-02'; // 28 days, far from the demo roster (this month and the next)

describeEachTarget('admin API: duty roster', (target) => {
  let h: Harness;
  let su: string;
  let duty1: string;
  let duty2: string;
  let head1: string;
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
    duty1 = await h.userId('duty1');
    duty2 = await h.userId('duty2');
    head1 = await h.userId('head1');
  });
  afterAll(() => h?.close());

  describe('create, edit, delete', () => {
    it('creates an entry (audited, synced), edits it, soft-deletes it (tombstone on pull)', async () => {
      const phone = await h.loginAs('duty1');
      const start = await pullAll(h.app, phone);

      const res = await req('POST', '/api/admin/duty-roster', {
        month: MONTH,
        floorId: DEMO_IDS.floor1,
        userId: duty1,
        dates: ['2031-02-05', '2031-02-03', '2031-02-04'],
        standIns: [{ date: '2031-02-04', userId: head1 }],
      });
      expect(res.statusCode).toBe(201);
      const entry = res.json().entry;
      expect(entry).toMatchObject({
        month: MONTH,
        floorId: DEMO_IDS.floor1,
        userId: duty1,
        userName: expect.any(String),
        dates: ['2031-02-03', '2031-02-04', '2031-02-05'],
        standIns: [{ date: '2031-02-04', userId: head1, userName: expect.any(String) }],
      });
      expect(await lastAudit()).toMatchObject({
        action: 'create',
        entity: 'duty_roster',
        entityId: entry.id,
        before: null,
        after: entry,
        actorName: 'super1',
      });

      const list = (await req('GET', `/api/admin/duty-roster?month=${MONTH}`)).json();
      expect(list).toEqual({ month: MONTH, roster: [entry] });
      // A center leader may read it.
      const leader = await h.loginAs('leader1');
      expect((await req('GET', `/api/admin/duty-roster?month=${MONTH}`, undefined, leader)).json().roster).toHaveLength(
        1,
      );

      const mid = await pullAll(h.app, phone, start.cursor);
      expect(mid.changes).toContainEqual(
        expect.objectContaining({ entity: 'duty_roster', id: entry.id, op: 'upsert', data: entry }),
      );

      // Hand the 5th to duty2 as a stand-in, add the 6th.
      const edited = await req('PATCH', `/api/admin/duty-roster/${entry.id}`, {
        dates: [...entry.dates, '2031-02-06'],
        standIns: [{ date: '2031-02-05', userId: duty2 }],
      });
      expect(edited.statusCode).toBe(200);
      const after = edited.json().entry;
      expect(after).toMatchObject({
        id: entry.id,
        dates: ['2031-02-03', '2031-02-04', '2031-02-05', '2031-02-06'],
        standIns: [{ date: '2031-02-05', userId: duty2 }],
      });
      expect(await lastAudit()).toMatchObject({
        action: 'update',
        entity: 'duty_roster',
        entityId: entry.id,
        before: { standIns: [{ userId: head1 }] },
        after: { standIns: [{ userId: duty2 }] },
      });

      const later = await pullAll(h.app, phone, mid.cursor);
      expect(later.changes).toContainEqual(
        expect.objectContaining({ entity: 'duty_roster', id: entry.id, op: 'upsert', data: after }),
      );

      expect((await req('DELETE', `/api/admin/duty-roster/${entry.id}`)).statusCode).toBe(204);
      expect(await lastAudit()).toMatchObject({
        action: 'delete',
        entity: 'duty_roster',
        entityId: entry.id,
        before: { id: entry.id },
        after: null,
      });
      expect((await req('DELETE', `/api/admin/duty-roster/${entry.id}`)).statusCode).toBe(404);
      expect((await req('PATCH', `/api/admin/duty-roster/${entry.id}`, { dates: [] })).statusCode).toBe(404);
      expect((await req('GET', `/api/admin/duty-roster?month=${MONTH}`)).json().roster).toEqual([]);
      const end = await pullAll(h.app, phone, later.cursor);
      expect(end.changes).toContainEqual(
        expect.objectContaining({ entity: 'duty_roster', id: entry.id, op: 'delete', data: null }),
      );

      // The deleted entry no longer blocks its floor and days.
      const again = await req('POST', '/api/admin/duty-roster', {
        month: MONTH,
        floorId: DEMO_IDS.floor1,
        userId: duty1,
        dates: ['2031-02-03'],
      });
      expect(again.statusCode).toBe(201);
      expect((await req('DELETE', `/api/admin/duty-roster/${again.json().entry.id}`)).statusCode).toBe(204);
    });

    it('GET without a month lists the current hall month (the demo roster); a bad month is 400', async () => {
      const res = (await req('GET', '/api/admin/duty-roster')).json();
      expect(res.month).toMatch(/^\d{4}-\d{2}$/);
      expect((await req('GET', '/api/admin/duty-roster?month=2031-13')).statusCode).toBe(400);
    });
  });

  describe('validation', () => {
    const base = () => ({ month: MONTH, floorId: DEMO_IDS.floor2, userId: duty2, dates: ['2031-02-10'] });

    it('400 on shape and dates outside the month; 404 unknown floor/user; 422 a role that cannot do duty', async () => {
      const shape = await req('POST', '/api/admin/duty-roster', { month: '2031-2', floorId: 'x' });
      expect(shape.statusCode).toBe(400);
      expect(shape.json()).toMatchObject({
        error: 'invalid_request',
        message: expect.any(String),
        details: expect.any(Array),
      });

      const outside = await req('POST', '/api/admin/duty-roster', { ...base(), dates: ['2031-02-10', '2031-03-01'] });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().message).toContain('2031-03-01 is not a day of 2031-02');
      const feb30 = await req('POST', '/api/admin/duty-roster', { ...base(), dates: ['2031-02-30'] });
      expect(feb30.statusCode).toBe(400);
      const twice = await req('POST', '/api/admin/duty-roster', { ...base(), dates: ['2031-02-10', '2031-02-10'] });
      expect(twice.json().message).toContain('listed twice');
      const standInOffDuty = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        standIns: [{ date: '2031-02-11', userId: head1 }],
      });
      expect(standInOffDuty.statusCode).toBe(400);
      expect(standInOffDuty.json().message).toContain('not a day of duty');
      const self = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        standIns: [{ date: '2031-02-10', userId: duty2 }],
      });
      expect(self.statusCode).toBe(400);

      const noFloor = await req('POST', '/api/admin/duty-roster', { ...base(), floorId: randomUUID() });
      expect(noFloor.statusCode).toBe(404);
      expect(noFloor.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('floor') });
      const noUser = await req('POST', '/api/admin/duty-roster', { ...base(), userId: randomUUID() });
      expect(noUser.statusCode).toBe(404);
      expect(noUser.json().message).toContain('user');
      const staff = await req('POST', '/api/admin/duty-roster', { ...base(), userId: await h.userId('staff1') });
      expect(staff.statusCode).toBe(422);
      expect(staff.json().error).toBe('not_duty_role');
      const superStandIn = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        standIns: [{ date: '2031-02-10', userId: await h.userId('super1') }],
      });
      expect(superStandIn.statusCode).toBe(422);
      expect(superStandIn.json().error).toBe('not_duty_role');
      // A window head may be the duty officer (DOMAIN §2: duty windows' heads).
      const head = await req('POST', '/api/admin/duty-roster', { ...base(), userId: head1 });
      expect(head.statusCode).toBe(201);
      // A patch that makes the entry invalid is checked as a whole.
      const badPatch = await req('PATCH', `/api/admin/duty-roster/${head.json().entry.id}`, { month: '2031-03' });
      expect(badPatch.statusCode).toBe(400);
      expect((await req('PATCH', `/api/admin/duty-roster/${head.json().entry.id}`, {})).statusCode).toBe(400);
      expect((await req('DELETE', `/api/admin/duty-roster/${head.json().entry.id}`)).statusCode).toBe(204);
      expect(
        (await h.db.query(`select 1 from duty_roster where month = $1 and deleted_at is null`, [MONTH])).length,
      ).toBe(0);
    });

    it('409 overlap: the same floor and day twice (an empty list is every day); other floors and days are fine', async () => {
      const a = await req('POST', '/api/admin/duty-roster', { ...base(), dates: ['2031-02-10', '2031-02-11'] });
      expect(a.statusCode).toBe(201);
      const clash = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        userId: head1,
        dates: ['2031-02-11', '2031-02-12'],
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json()).toMatchObject({
        error: 'overlap',
        message: expect.stringContaining('2031-02-11'),
        details: { rosterId: a.json().entry.id, days: ['2031-02-11'] },
      });
      const everyDay = await req('POST', '/api/admin/duty-roster', { ...base(), userId: head1, dates: [] });
      expect(everyDay.statusCode).toBe(409);
      const rest = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        userId: head1,
        dates: ['2031-02-12', '2031-02-13'],
      });
      expect(rest.statusCode).toBe(201);
      const otherFloor = await req('POST', '/api/admin/duty-roster', {
        ...base(),
        floorId: DEMO_IDS.floor1,
        dates: [],
      });
      expect(otherFloor.statusCode).toBe(201);
      // Editing into another entry's days is refused too; editing within its own days is not.
      expect(
        (await req('PATCH', `/api/admin/duty-roster/${rest.json().entry.id}`, { dates: ['2031-02-10'] })).statusCode,
      ).toBe(409);
      expect(
        (await req('PATCH', `/api/admin/duty-roster/${rest.json().entry.id}`, { dates: ['2031-02-13'] })).statusCode,
      ).toBe(200);
      // Two supervisors at once: one 201, one 409.
      const body = { ...base(), dates: ['2031-02-20'] };
      const both = await Promise.all([
        req('POST', '/api/admin/duty-roster', body),
        req('POST', '/api/admin/duty-roster', { ...body, userId: head1 }),
      ]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const audits = (await req('GET', '/api/admin/audit?entity=duty_roster&limit=500')).json().entries;
      expect(audits.filter((e: { action: string }) => e.action === 'create').length).toBeGreaterThanOrEqual(5);
    });
  });
});
