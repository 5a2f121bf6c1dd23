import type { DutyRoster } from '../../domain';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { DutyRosterRowSchema, dutyRosterData } from '../rows/rows';

/** The duty roster entries of some months (with the officers' names), as the domain reads them. */
export async function rosterOfMonths(db: Db, months: readonly string[]): Promise<DutyRoster[]> {
  if (!months.length) return [];
  const rows = await queryRows(
    db,
    `select d.id, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
       from duty_roster d join users u on u.id = d.user_id where d.month = any($1::text[]) and d.deleted_at is null`,
    [[...new Set(months)]],
    DutyRosterRowSchema,
  );
  return rows.map(dutyRosterData);
}
