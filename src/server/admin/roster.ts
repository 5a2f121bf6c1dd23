import { randomUUID } from 'node:crypto';
import type { Api } from '../http/zod-provider';
import { z } from 'zod';
import {
  DUTY_ROLES,
  DutyRosterInputSchema,
  DutyRosterPatchSchema,
  overlappingDays,
  type DutyRoster,
  type DutyRosterInput,
  type Role,
} from '../../domain';
import { MonthSchema } from '../../domain/admin';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { dutyRosterData, type DutyRosterRow } from '../rows/rows';
import { hallMonth, notFound, parseOr400 } from './common';
import { crudRoutes } from './crud';

const SELECT = `select d.id, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
                  from duty_roster d join users u on u.id = d.user_id`;

async function liveEntry(tx: Db, id: string): Promise<DutyRoster | undefined> {
  const rows = await tx.query<DutyRosterRow>(`${SELECT} where d.id = $1 and d.deleted_at is null`, [id]);
  return rows[0] ? dutyRosterData(rows[0]) : undefined;
}

/** A user who may be on duty: exists, enabled, of a duty role. 404 unknown, 422 otherwise. */
async function dutyOfficer(tx: Db, userId: string, what: string): Promise<{ id: string; name: string }> {
  const rows = await tx.query<{ id: string; display_name: string; role: Role; disabled: boolean }>(
    'select id, display_name, role, disabled from users where id = $1',
    [userId],
  );
  const user = rows[0];
  if (!user) throw notFound('user', userId);
  if (!(DUTY_ROLES as readonly Role[]).includes(user.role)) {
    throw new HttpError(
      422,
      'not_duty_role',
      `${user.display_name} (${user.role}) cannot be ${what}: only a floor duty leader or a window head can do duty.`,
    );
  }
  if (user.disabled)
    throw new HttpError(422, 'account_disabled', `${user.display_name} is disabled and cannot be ${what}.`);
  return { id: user.id, name: user.display_name };
}

/**
 * Checks floor, officer, stand-ins and overlap with the floor's other entries of the month; returns
 * the stand-ins with their names (as phones get them). Runs under the change-feed lock, so two
 * writers cannot both pass the overlap check.
 */
async function checkEntry(tx: Db, entry: DutyRosterInput, exceptId?: string) {
  const floor = await tx.query('select 1 from floors where id = $1 and deleted_at is null', [entry.floorId]);
  if (!floor.length) throw notFound('floor', entry.floorId);
  await dutyOfficer(tx, entry.userId, 'the duty officer');
  const standIns = [];
  for (const s of [...entry.standIns].sort((a, b) => a.date.localeCompare(b.date))) {
    const user = await dutyOfficer(tx, s.userId, 'a stand-in');
    standIns.push({ date: s.date, userId: user.id, userName: user.name });
  }
  const others = await tx.query<{ id: string; dates: string[]; user_name: string }>(
    `select d.id, d.dates, u.display_name as user_name from duty_roster d join users u on u.id = d.user_id
      where d.month = $1 and d.floor_id = $2 and d.deleted_at is null and d.id <> $3`,
    [entry.month, entry.floorId, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  for (const other of others) {
    const days = overlappingDays(entry.month, entry.dates, other.dates ?? []);
    if (days.length) {
      const shown = days.length > 5 ? `${days.slice(0, 5).join(', ')} … (${days.length} days)` : days.join(', ');
      throw new HttpError(409, 'overlap', `The floor already has a duty officer (${other.user_name}) on ${shown}.`, {
        rosterId: other.id,
        days,
      });
    }
  }
  return { dates: [...entry.dates].sort(), standIns };
}

const RosterQuerySchema = z.object({ month: MonthSchema.optional() });

/** The monthly duty roster (值班表): synced to every phone as entity 'duty_roster'. */
export function registerRosterRoutes(app: Api, db: Db, zone: string): void {
  app.get('/duty-roster', { schema: { querystring: RosterQuerySchema } }, async (request) => {
    const m = request.query.month ?? hallMonth(new Date(), zone);
    const rows = await db.query<DutyRosterRow>(
      `${SELECT} join floors f on f.id = d.floor_id
        where d.month = $1 and d.deleted_at is null order by f.level, d.floor_id, d.dates[1] nulls first, d.created_at`,
      [m],
    );
    return { month: m, roster: rows.map(dutyRosterData) };
  });

  crudRoutes(app, db, {
    path: '/duty-roster',
    table: 'duty_roster',
    entity: 'duty_roster',
    key: 'entry',
    what: 'roster entry',
    input: DutyRosterInputSchema,
    patch: DutyRosterPatchSchema,
    live: liveEntry,
    async create(tx, input) {
      const { dates, standIns } = await checkEntry(tx, input);
      const id = randomUUID();
      await tx.query(
        'insert into duty_roster (id, month, floor_id, user_id, dates, stand_ins) values ($1, $2, $3, $4, $5, $6::jsonb)',
        [id, input.month, input.floorId, input.userId, dates, JSON.stringify(standIns)],
      );
      return (await liveEntry(tx, id))!;
    },
    async update(tx, before, patch) {
      const id = before.id;
      const merged = parseOr400(DutyRosterInputSchema, {
        month: patch.month ?? before.month,
        floorId: patch.floorId ?? before.floorId,
        userId: patch.userId ?? before.userId,
        dates: patch.dates ?? before.dates,
        standIns: (patch.standIns ?? before.standIns).map(({ date, userId }) => ({ date, userId })),
      });
      const { dates, standIns } = await checkEntry(tx, merged, id);
      await tx.query(
        'update duty_roster set month = $2, floor_id = $3, user_id = $4, dates = $5, stand_ins = $6::jsonb where id = $1',
        [id, merged.month, merged.floorId, merged.userId, dates, JSON.stringify(standIns)],
      );
      return (await liveEntry(tx, id))!;
    },
  });
}
