import { randomUUID } from 'node:crypto';
import type { Api } from '../http/zod-provider';
import {
  FloorInputSchema,
  FloorPatchSchema,
  StaffInputSchema,
  StaffPatchSchema,
  WindowInputSchema,
  WindowPatchSchema,
} from '../../domain/admin';
import type { Db } from '../db/types';
import { floorData, staffData, windowData, type FloorRow, type StaffRow, type WindowRow } from '../rows/rows';
import { conflict, notFound } from './common';
import { crudRoutes } from './crud';

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
async function liveCount(tx: Db, table: 'windows' | 'staff', column: string, id: string): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${column} = $1 and deleted_at is null`,
    [id],
  );
  return rows[0]!.n;
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
export function registerHallRoutes(app: Api, db: Db): void {
  crudRoutes(app, db, {
    path: '/floors',
    table: 'floors',
    entity: 'floor',
    key: 'floor',
    what: 'floor',
    input: FloorInputSchema,
    patch: FloorPatchSchema,
    list: {
      key: 'floors',
      rows: async (db) =>
        (
          await db.query<FloorRow>(`select ${FLOOR_COLS} from floors where deleted_at is null order by level, name`)
        ).map(floorData),
    },
    live: liveFloor,
    async create(tx, input) {
      const same = await tx.query('select 1 from floors where level = $1 and deleted_at is null', [input.level]);
      if (same.length) throw conflict('duplicate', `There is already a floor at level ${input.level}.`);
      const rows = await tx.query<FloorRow>(
        `insert into floors (id, name, level) values ($1, $2, $3) returning ${FLOOR_COLS}`,
        [randomUUID(), input.name, input.level],
      );
      return floorData(rows[0]!);
    },
    async update(tx, before, patch) {
      const next = { ...before, ...patch };
      if (next.level !== before.level) {
        const same = await tx.query('select 1 from floors where level = $1 and deleted_at is null and id <> $2', [
          next.level,
          before.id,
        ]);
        if (same.length) throw conflict('duplicate', `There is already a floor at level ${next.level}.`);
      }
      const rows = await tx.query<FloorRow>(
        `update floors set name = $2, level = $3 where id = $1 returning ${FLOOR_COLS}`,
        [before.id, next.name, next.level],
      );
      return floorData(rows[0]!);
    },
    inUse: async (tx, id) => {
      const n = await liveCount(tx, 'windows', 'floor_id', id);
      return n > 0 ? `The floor still has ${n} window(s); move or delete them first.` : null;
    },
  });

  crudRoutes(app, db, {
    path: '/windows',
    table: 'windows',
    entity: 'window',
    key: 'window',
    what: 'window',
    input: WindowInputSchema,
    patch: WindowPatchSchema,
    duplicateMessage: 'That window number is already used on this floor.',
    list: {
      key: 'windows',
      rows: async (db) =>
        (
          await db.query<WindowRow>(
            `select ${WINDOW_COLS} from windows where deleted_at is null order by floor_id, position, number`,
          )
        ).map(windowData),
    },
    live: liveWindow,
    async create(tx, input) {
      if (!(await liveFloor(tx, input.floorId))) throw notFound('floor', input.floorId);
      await assertWindowNumberFree(tx, input.floorId, input.number);
      const rows = await tx.query<WindowRow>(
        `insert into windows (id, floor_id, number, name, department, kind, position) values ($1, $2, $3, $4, $5, $6, $7) returning ${WINDOW_COLS}`,
        [randomUUID(), input.floorId, input.number, input.name, input.department, input.kind, input.position],
      );
      return windowData(rows[0]!);
    },
    async update(tx, before, patch) {
      const id = before.id;
      const next = { ...before, ...patch };
      if (next.floorId !== before.floorId && !(await liveFloor(tx, next.floorId)))
        throw notFound('floor', next.floorId);
      if (next.floorId !== before.floorId || next.number !== before.number)
        await assertWindowNumberFree(tx, next.floorId, next.number, id);
      const rows = await tx.query<WindowRow>(
        `update windows set floor_id = $2, number = $3, name = $4, department = $5, kind = $6, position = $7 where id = $1 returning ${WINDOW_COLS}`,
        [id, next.floorId, next.number, next.name, next.department, next.kind, next.position],
      );
      return windowData(rows[0]!);
    },
    inUse: async (tx, id) => {
      const n = await liveCount(tx, 'staff', 'window_id', id);
      return n > 0 ? `The window still has ${n} staff member(s); move or delete them first.` : null;
    },
  });

  crudRoutes(app, db, {
    path: '/staff',
    table: 'staff',
    entity: 'staff',
    key: 'staff',
    what: 'staff member',
    input: StaffInputSchema,
    patch: StaffPatchSchema,
    duplicateMessage: 'That person is already on the staff of this window.',
    list: {
      key: 'staff',
      rows: async (db) =>
        (
          await db.query<StaffRow>(
            `select ${STAFF_COLS} from staff where deleted_at is null order by window_id, post, name`,
          )
        ).map(staffData),
    },
    live: liveStaff,
    async create(tx, input) {
      if (!(await liveWindow(tx, input.windowId))) throw notFound('window', input.windowId);
      await assertStaffNameFree(tx, input.windowId, input.name);
      const rows = await tx.query<StaffRow>(
        `insert into staff (id, name, window_id, post, phone) values ($1, $2, $3, $4, $5) returning ${STAFF_COLS}`,
        [randomUUID(), input.name, input.windowId, input.post, input.phone],
      );
      return staffData(rows[0]!);
    },
    async update(tx, before, patch) {
      const id = before.id;
      const next = { ...before, ...patch };
      if (next.windowId !== before.windowId && !(await liveWindow(tx, next.windowId)))
        throw notFound('window', next.windowId);
      if (next.windowId !== before.windowId || next.name !== before.name)
        await assertStaffNameFree(tx, next.windowId, next.name, id);
      const rows = await tx.query<StaffRow>(
        `update staff set name = $2, window_id = $3, post = $4, phone = $5 where id = $1 returning ${STAFF_COLS}`,
        [id, next.name, next.windowId, next.post, next.phone ?? null],
      );
      return staffData(rows[0]!);
    },
  });
}
