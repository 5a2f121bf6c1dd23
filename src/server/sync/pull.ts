import type { Change, PullResponse, SyncedEntity } from '../../domain';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/types';
import {
  BONUS_COLUMNS,
  DISPUTE_COLUMNS,
  DISPUTE_FROM,
  VERSION_FROM,
  VERSION_SUMMARY_COLUMNS,
  bonusData,
  disputeData,
  versionSummaryData,
} from '../assessment/rows';
import { LEAVE_FEEDS } from '../leave/feeds';
import { disputeScope, roundScope, violationScope } from '../rows/scopes';
import {
  dutyRosterData,
  floorData,
  roundData,
  schemeData,
  staffData,
  violationJsonSql,
  windowData,
} from '../rows/rows';

interface FeedRow {
  id: string;
  seq: number;
  deleted_at: Date | null;
}

/**
 * One synced entity as the pull reads it. `select` gives the rows this user may see past the
 * cursor: SQL with $1 = cursor and $2 = limit + 1 (ordered by seq, limited), plus any further
 * parameters of the user's scope — or null when the user sees none of it.
 */
export interface Feed {
  entity: SyncedEntity;
  select: (user: SessionUser, horizon: PullHorizon | null) => { sql: string; params: unknown[] } | null;
  toData: (row: never) => Record<string, unknown>;
}

/**
 * Rows of months before the horizon are not sent (issue 14 §5): a phone keeps the open months.
 * Literals, not parameters: each is checked (YYYY-MM-DD / UTC ISO) before it gets here, and the
 * feeds' parameter numbers stay as they are.
 */
export interface PullHorizon {
  /** The first kept hall month, YYYY-MM. */
  month: string;
  /** Its first day, YYYY-MM-DD (rounds). */
  day: string;
  /** Its first instant, UTC ISO (records). */
  fromIso: string;
}
const SAFE_LITERAL = /^[0-9TZ:.-]+$/;
const after = (column: string, value: string | undefined): string => {
  if (value === undefined) return '';
  if (!SAFE_LITERAL.test(value)) throw new Error(`pull horizon: unexpected value ${value}`);
  return ` and ${column} >= '${value}'`;
};

/** Reference data: every signed-in user sees all of it. */
const reference = (entity: SyncedEntity, columns: string, toData: Feed['toData'], from = entity as string): Feed => ({
  entity,
  select: () => ({ sql: `select ${columns} from ${from} where seq > $1 order by seq limit $2`, params: [] }),
  toData,
});

const scoped = (sql: (where: string) => string, scope: { where: string; param: unknown }) =>
  scope.where === 'false' ? null : { sql: sql(scope.where), params: scope.where.includes('$3') ? [scope.param] : [] };

/** Every feed a pull reads, in one snapshot. A new synced entity adds its feed here. */
export const FEEDS: readonly Feed[] = [
  reference('floors', 'id, seq, deleted_at, name, level', floorData),
  reference('windows', 'id, seq, deleted_at, floor_id, number, name, department, kind, position', windowData),
  reference('staff', 'id, seq, deleted_at, name, window_id, post, phone', staffData),
  reference('schemes', 'id, seq, deleted_at, version, effective_from, data', schemeData),
  {
    entity: 'duty_roster',
    select: () => ({
      sql: `select d.id, d.seq, d.deleted_at, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
              from duty_roster d join users u on u.id = d.user_id
             where d.seq > $1 order by d.seq limit $2`,
      params: [],
    }),
    toData: dutyRosterData,
  },
  {
    entity: 'violations',
    // Without a param (no window/staff link) a scoped role sees nothing: "= null" matches no row.
    select: (user, horizon) =>
      scoped(
        (where) => `select v.id, v.seq, v.deleted_at, ${violationJsonSql()} as data
                      from violations v join users u on u.id = v.recorded_by
                     where v.seq > $1 and ${where}${after('v.observed_at', horizon?.fromIso)}
                     order by v.seq limit $2`,
        violationScope(user),
      ),
    toData: (row: { data: Record<string, unknown> }) => row.data,
  },
  {
    entity: 'rounds',
    select: (user, horizon) =>
      scoped(
        (
          where,
        ) => `select r.id, r.seq, r.deleted_at, r.floor_id, r.slot, r.day, r.started_at, r.finished_at, r.checked_window_ids,
                           r.all_in_order_window_ids, r.leader_id, u.display_name as leader_name
                      from rounds r join users u on u.id = r.leader_id
                     where r.seq > $1 and ${where}${after('r.day', horizon?.day)}
                     order by r.seq limit $2`,
        roundScope(user),
      ),
    toData: roundData,
  },
  // Published assessments: everyone, every version (rankings are public in the hall), as their
  // rankings summary (issue 14 §4): a window's explanation is fetched when opened
  // (GET /api/assessments/:month/versions/:version/windows/:windowId).
  {
    entity: 'assessments',
    select: () => ({
      sql: `select ${VERSION_SUMMARY_COLUMNS} from ${VERSION_FROM} where a.seq > $1 order by a.seq limit $2`,
      params: [],
    }),
    toData: versionSummaryData,
  },
  {
    entity: 'disputes',
    select: (user, horizon) =>
      scoped(
        (where) =>
          `select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM}
            where d.seq > $1 and ${where}${after('d.month', horizon?.month)} order by d.seq limit $2`,
        disputeScope(user),
      ),
    toData: disputeData,
  },
  {
    entity: 'bonuses',
    select: (_user, horizon) => ({
      sql: `select ${BONUS_COLUMNS} from bonus_records where seq > $1${after('month', horizon?.month)} order by seq limit $2`,
      params: [],
    }),
    toData: bonusData,
  },
  ...LEAVE_FEEDS,
];

/**
 * Changes after `cursor`, oldest first. Each table gives its first limit+1 rows past the cursor;
 * merged by seq, the first `limit` are the answer. All reads run in one REPEATABLE READ snapshot,
 * so a commit landing between two of the reads cannot let the cursor jump over a row.
 */
export async function pullChanges(
  db: Db,
  user: SessionUser,
  cursor: number,
  limit: number,
  horizon: PullHorizon | null = null,
): Promise<PullResponse> {
  const batches = await db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    const out: { entity: SyncedEntity; rows: FeedRow[]; toData: Feed['toData'] }[] = [];
    for (const feed of FEEDS) {
      const query = feed.select(user, horizon);
      if (!query) continue;
      const rows = await tx.query<FeedRow>(query.sql, [cursor, limit + 1, ...query.params]);
      out.push({ entity: feed.entity, rows, toData: feed.toData });
    }
    return out;
  });

  const merged: Change[] = batches
    .flatMap(({ entity, rows, toData }) =>
      rows.map((row): Change => ({
        seq: row.seq,
        entity,
        id: row.id,
        op: row.deleted_at ? 'delete' : 'upsert',
        data: row.deleted_at ? null : toData(row as never),
      })),
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
