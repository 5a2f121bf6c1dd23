import { HALL_WIDE_ROLES, type Change, type PullResponse, type SyncedEntity } from '../../domain';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/types';
import { dutyRosterData, floorData, roundData, schemeData, staffData, violationData, windowData } from './rows';

interface FeedRow { id: string; seq: number; deleted_at: Date | null }

interface FeedSource {
  entity: SyncedEntity;
  sql: string;
  toData: (row: never) => Record<string, unknown>;
}

/** Reference data: every signed-in user sees all of it. */
const REFERENCE: FeedSource[] = [
  { entity: 'floors', sql: 'select id, seq, deleted_at, name, level from floors', toData: floorData },
  {
    entity: 'windows',
    sql: 'select id, seq, deleted_at, floor_id, number, name, department, kind, position from windows',
    toData: windowData,
  },
  { entity: 'staff', sql: 'select id, seq, deleted_at, name, window_id, post, phone from staff', toData: staffData },
  { entity: 'schemes', sql: 'select id, seq, deleted_at, version, effective_from, data from schemes', toData: schemeData },
  {
    entity: 'duty_roster',
    sql: `select d.id, d.seq, d.deleted_at, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
            from duty_roster d join users u on u.id = d.user_id`,
    toData: dutyRosterData,
  },
];

/** Which rounds a user may see: duty leaders their own, supervision and center leaders all. */
function roundScope(user: SessionUser): string {
  if (HALL_WIDE_ROLES.includes(user.role)) return 'true';
  return user.role === 'duty_leader' ? 'r.leader_id = $3' : 'false';
}

/** Which violations a user may see (DOMAIN §2), as a SQL condition on v with its one parameter. */
function violationScope(user: SessionUser): { where: string; param: string | null } {
  if (HALL_WIDE_ROLES.includes(user.role)) return { where: 'true', param: null };
  switch (user.role) {
    case 'duty_leader':
      return { where: 'v.recorded_by = $3', param: user.id };
    case 'window_head':
      return { where: 'v.window_id = $3', param: user.windowId };
    case 'staff':
      return { where: 'v.staff_id = $3', param: user.staffId };
    case 'dept_leader':
      return {
        where: `v.window_id in (select w.id from windows w
                                 where w.department = (select department from windows where id = $3))`,
        param: user.windowId,
      };
    default:
      return { where: 'false', param: null };
  }
}

/**
 * Changes after `cursor`, oldest first. Each table gives its first limit+1 rows past the cursor;
 * merged by seq, the first `limit` are the answer. All reads run in one REPEATABLE READ snapshot,
 * so a commit landing between two of the reads cannot let the cursor jump over a row.
 */
export async function pullChanges(db: Db, user: SessionUser, cursor: number, limit: number): Promise<PullResponse> {
  const scope = violationScope(user);
  const batches = await db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    const out: { entity: SyncedEntity; rows: FeedRow[]; toData: FeedSource['toData'] }[] = [];
    for (const source of REFERENCE) {
      const rows = await tx.query<FeedRow>(`${source.sql} where seq > $1 order by seq limit $2`, [cursor, limit + 1]);
      out.push({ entity: source.entity, rows, toData: source.toData });
    }
    // Without a param (no window/staff link) a scoped role sees nothing: "= null" matches no row.
    const rows = await tx.query<FeedRow>(
      `select v.id, v.seq, v.deleted_at, v.window_id, v.staff_id, v.item_code, v.count, v.observed_at, v.note,
              v.device_recorded_at, v.recorded_by, u.display_name as recorded_by_name, v.status,
              v.server_received_at, v.clock_skew_ms, v.round_id
         from violations v join users u on u.id = v.recorded_by
        where v.seq > $1 and ${scope.where}
        order by v.seq limit $2`,
      scope.where.includes('$3') ? [cursor, limit + 1, scope.param] : [cursor, limit + 1],
    );
    out.push({ entity: 'violations', rows, toData: violationData });
    const rounds = await tx.query<FeedRow>(
      `select r.id, r.seq, r.deleted_at, r.floor_id, r.slot, r.day, r.started_at, r.finished_at, r.checked_window_ids,
              r.all_in_order_window_ids, r.leader_id, u.display_name as leader_name
         from rounds r join users u on u.id = r.leader_id
        where r.seq > $1 and ${roundScope(user)}
        order by r.seq limit $2`,
      roundScope(user).includes('$3') ? [cursor, limit + 1, user.id] : [cursor, limit + 1],
    );
    out.push({ entity: 'rounds', rows: rounds, toData: roundData });
    return out;
  });

  const merged: Change[] = batches
    .flatMap(({ entity, rows, toData }) =>
      rows.map(
        (row): Change => ({
          seq: row.seq,
          entity,
          id: row.id,
          op: row.deleted_at ? 'delete' : 'upsert',
          data: row.deleted_at ? null : toData(row as never),
        }),
      ),
    )
    .sort((a, b) => a.seq - b.seq);

  const changes = merged.slice(0, limit);
  return {
    serverTime: new Date().toISOString(),
    changes,
    cursor: changes.at(-1)?.seq ?? cursor,
    hasMore: merged.length > limit,
  };
}
