import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  FloorInputSchema,
  FloorPatchSchema,
  StaffInputSchema,
  StaffPatchSchema,
  WindowInputSchema,
  WindowPatchSchema,
} from '../../domain/admin';
import type { Db } from '../db/types';
import { floorData, staffData, windowData, type FloorRow, type StaffRow, type WindowRow } from '../sync/rows';
import { change, conflict, idParam, notFound, parseOr400 } from './common';

const FLOOR_COLS = 'id, name, level';
const WINDOW_COLS = 'id, floor_id, number, name, department, kind, position';
const STAFF_COLS = 'id, name, window_id, post, phone';

async function liveFloor(tx: Db, id: string) {
  const rows = await tx.query<FloorRow>(`select ${FLOOR_COLS} from floors where id = $1 and deleted_at is null`, [id]);
  return rows[0] ? floorData(rows[0]) : undefined;
}
async function liveWindow(tx: Db, id: string) {
  const rows = await tx.query<WindowRow>(`select ${WINDOW_COLS} from windows where id = $1 and deleted_at is null`, [
    id,
  ]);
  return rows[0] ? windowData(rows[0]) : undefined;
}
async function liveStaff(tx: Db, id: string) {
  const rows = await tx.query<StaffRow>(`select ${STAFF_COLS} from staff where id = $1 and deleted_at is null`, [id]);
  return rows[0] ? staffData(rows[0]) : undefined;
}

export async function assertWindowNumberFree(
  tx: Db,
  floorId: string,
  number: string,
  exceptId?: string,
): Promise<void> {
  const rows = await tx.query(
    'select 1 from windows where floor_id = $1 and number = $2 and deleted_at is null and id <> $3',
    [floorId, number, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  if (rows.length) throw conflict('duplicate', `Window number ${number} is already used on this floor.`);
}

export async function assertStaffNameFree(tx: Db, windowId: string, name: string, exceptId?: string): Promise<void> {
  const rows = await tx.query(
    'select 1 from staff where window_id = $1 and name = $2 and deleted_at is null and id <> $3',
    [windowId, name, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  if (rows.length) throw conflict('duplicate', `${name} is already on the staff of this window.`);
}

/** Floors, windows and staff: the synced hall configuration (phones get each change on pull). */
export function registerHallRoutes(app: FastifyInstance, db: Db): void {
  // ---- floors
  app.get('/floors', async () => ({
    floors: (
      await db.query<FloorRow>(`select ${FLOOR_COLS} from floors where deleted_at is null order by level, name`)
    ).map(floorData),
  }));

  app.post('/floors', async (request, reply) => {
    const input = parseOr400(FloorInputSchema, request.body);
    const floor = await change(db, request, async ({ tx, audit }) => {
      const same = await tx.query('select 1 from floors where level = $1 and deleted_at is null', [input.level]);
      if (same.length) throw conflict('duplicate', `There is already a floor at level ${input.level}.`);
      const rows = await tx.query<FloorRow>(
        `insert into floors (id, name, level) values ($1, $2, $3) returning ${FLOOR_COLS}`,
        [randomUUID(), input.name, input.level],
      );
      const created = floorData(rows[0]!);
      await audit({ action: 'create', entity: 'floor', entityId: created.id, after: created });
      return created;
    });
    return reply.code(201).send({ floor });
  });

  app.patch('/floors/:id', async (request) => {
    const id = idParam(request.params, 'floor');
    const patch = parseOr400(FloorPatchSchema, request.body);
    const floor = await change(db, request, async ({ tx, audit }) => {
      const before = await liveFloor(tx, id);
      if (!before) throw notFound('floor', id);
      const next = { ...before, ...patch };
      if (next.level !== before.level) {
        const same = await tx.query('select 1 from floors where level = $1 and deleted_at is null and id <> $2', [
          next.level,
          id,
        ]);
        if (same.length) throw conflict('duplicate', `There is already a floor at level ${next.level}.`);
      }
      const rows = await tx.query<FloorRow>(
        `update floors set name = $2, level = $3 where id = $1 returning ${FLOOR_COLS}`,
        [id, next.name, next.level],
      );
      const after = floorData(rows[0]!);
      await audit({ action: 'update', entity: 'floor', entityId: id, before, after });
      return after;
    });
    return { floor };
  });

  app.delete('/floors/:id', async (request, reply) => {
    const id = idParam(request.params, 'floor');
    await change(db, request, async ({ tx, audit }) => {
      const before = await liveFloor(tx, id);
      if (!before) throw notFound('floor', id);
      const used = await tx.query<{ n: number }>(
        'select count(*)::int as n from windows where floor_id = $1 and deleted_at is null',
        [id],
      );
      if (used[0]!.n > 0)
        throw conflict('in_use', `The floor still has ${used[0]!.n} window(s); move or delete them first.`);
      await tx.query('update floors set deleted_at = now() where id = $1', [id]);
      await audit({ action: 'delete', entity: 'floor', entityId: id, before });
    });
    return reply.code(204).send();
  });

  // ---- windows
  app.get('/windows', async () => ({
    windows: (
      await db.query<WindowRow>(
        `select ${WINDOW_COLS} from windows where deleted_at is null order by floor_id, position, number`,
      )
    ).map(windowData),
  }));

  app.post('/windows', async (request, reply) => {
    const input = parseOr400(WindowInputSchema, request.body);
    const window = await change(
      db,
      request,
      async ({ tx, audit }) => {
        if (!(await liveFloor(tx, input.floorId))) throw notFound('floor', input.floorId);
        await assertWindowNumberFree(tx, input.floorId, input.number);
        const rows = await tx.query<WindowRow>(
          `insert into windows (id, floor_id, number, name, department, kind, position) values ($1, $2, $3, $4, $5, $6, $7) returning ${WINDOW_COLS}`,
          [randomUUID(), input.floorId, input.number, input.name, input.department, input.kind, input.position],
        );
        const created = windowData(rows[0]!);
        await audit({ action: 'create', entity: 'window', entityId: created.id, after: created });
        return created;
      },
      'That window number is already used on this floor.',
    );
    return reply.code(201).send({ window });
  });

  app.patch('/windows/:id', async (request) => {
    const id = idParam(request.params, 'window');
    const patch = parseOr400(WindowPatchSchema, request.body);
    const window = await change(
      db,
      request,
      async ({ tx, audit }) => {
        const before = await liveWindow(tx, id);
        if (!before) throw notFound('window', id);
        const next = { ...before, ...patch };
        if (next.floorId !== before.floorId && !(await liveFloor(tx, next.floorId)))
          throw notFound('floor', next.floorId);
        if (next.floorId !== before.floorId || next.number !== before.number)
          await assertWindowNumberFree(tx, next.floorId, next.number, id);
        const rows = await tx.query<WindowRow>(
          `update windows set floor_id = $2, number = $3, name = $4, department = $5, kind = $6, position = $7 where id = $1 returning ${WINDOW_COLS}`,
          [id, next.floorId, next.number, next.name, next.department, next.kind, next.position],
        );
        const after = windowData(rows[0]!);
        await audit({ action: 'update', entity: 'window', entityId: id, before, after });
        return after;
      },
      'That window number is already used on this floor.',
    );
    return { window };
  });

  app.delete('/windows/:id', async (request, reply) => {
    const id = idParam(request.params, 'window');
    await change(db, request, async ({ tx, audit }) => {
      const before = await liveWindow(tx, id);
      if (!before) throw notFound('window', id);
      const used = await tx.query<{ n: number }>(
        'select count(*)::int as n from staff where window_id = $1 and deleted_at is null',
        [id],
      );
      if (used[0]!.n > 0)
        throw conflict('in_use', `The window still has ${used[0]!.n} staff member(s); move or delete them first.`);
      await tx.query('update windows set deleted_at = now() where id = $1', [id]);
      await audit({ action: 'delete', entity: 'window', entityId: id, before });
    });
    return reply.code(204).send();
  });

  // ---- staff
  app.get('/staff', async () => ({
    staff: (
      await db.query<StaffRow>(
        `select ${STAFF_COLS} from staff where deleted_at is null order by window_id, post, name`,
      )
    ).map(staffData),
  }));

  app.post('/staff', async (request, reply) => {
    const input = parseOr400(StaffInputSchema, request.body);
    const staff = await change(
      db,
      request,
      async ({ tx, audit }) => {
        if (!(await liveWindow(tx, input.windowId))) throw notFound('window', input.windowId);
        await assertStaffNameFree(tx, input.windowId, input.name);
        const rows = await tx.query<StaffRow>(
          `insert into staff (id, name, window_id, post, phone) values ($1, $2, $3, $4, $5) returning ${STAFF_COLS}`,
          [randomUUID(), input.name, input.windowId, input.post, input.phone],
        );
        const created = staffData(rows[0]!);
        await audit({ action: 'create', entity: 'staff', entityId: created.id, after: created });
        return created;
      },
      'That person is already on the staff of this window.',
    );
    return reply.code(201).send({ staff });
  });

  app.patch('/staff/:id', async (request) => {
    const id = idParam(request.params, 'staff member');
    const patch = parseOr400(StaffPatchSchema, request.body);
    const staff = await change(
      db,
      request,
      async ({ tx, audit }) => {
        const before = await liveStaff(tx, id);
        if (!before) throw notFound('staff member', id);
        const next = { ...before, ...patch };
        if (next.windowId !== before.windowId && !(await liveWindow(tx, next.windowId)))
          throw notFound('window', next.windowId);
        if (next.windowId !== before.windowId || next.name !== before.name)
          await assertStaffNameFree(tx, next.windowId, next.name, id);
        const rows = await tx.query<StaffRow>(
          `update staff set name = $2, window_id = $3, post = $4, phone = $5 where id = $1 returning ${STAFF_COLS}`,
          [id, next.name, next.windowId, next.post, next.phone ?? null],
        );
        const after = staffData(rows[0]!);
        await audit({ action: 'update', entity: 'staff', entityId: id, before, after });
        return after;
      },
      'That person is already on the staff of this window.',
    );
    return { staff };
  });

  app.delete('/staff/:id', async (request, reply) => {
    const id = idParam(request.params, 'staff member');
    await change(db, request, async ({ tx, audit }) => {
      const before = await liveStaff(tx, id);
      if (!before) throw notFound('staff member', id);
      await tx.query('update staff set deleted_at = now() where id = $1', [id]);
      await audit({ action: 'delete', entity: 'staff', entityId: id, before });
    });
    return reply.code(204).send();
  });
}
