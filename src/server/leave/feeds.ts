import { projectLeave, projectOuting, type Actor, type Role } from '../../domain';
import type { SessionUser } from '../auth/users';
import type { Feed } from '../sync/pull';
import {
  LEAVE_COLUMNS,
  OUTING_COLUMNS,
  SUBSTITUTE_COLUMNS,
  leaveFromRow,
  outingFromRow,
  substituteFromRow,
  type LeaveDbRow,
  type OutingDbRow,
  type SubstituteDbRow,
} from './store';

/**
 * Pull feeds of leaves, substitutes and outings (issue #4 point 9). SQL picks the rows a user may
 * see at all; the viewer travels with each row ($3… selected as columns) so the domain's privacy
 * projection (src/domain/leave/privacy.ts) decides per row between the full request and the
 * redacted "on leave until …" summary — one rule for phone and server.
 */

/** $3 viewer id, $4 role, $5 staff id, $6 window id; the department is read from the viewer's window. */
const VIEWER = `$3::uuid as viewer_id, $4::text as viewer_role, $5::uuid as viewer_staff_id, $6::uuid as viewer_window_id,
  (select department from windows where id = $6::uuid) as viewer_department`;

interface ViewerColumns {
  viewer_id: string;
  viewer_role: Role;
  viewer_staff_id: string | null;
  viewer_window_id: string | null;
  viewer_department: string | null;
  window_department: string;
  viewer_name?: string;
}

const viewerParams = (u: SessionUser) => [u.id, u.role, u.staffId, u.windowId];

function viewerOf(r: ViewerColumns): Actor {
  return {
    id: r.viewer_id,
    name: '',
    role: r.viewer_role,
    staffId: r.viewer_staff_id,
    windowId: r.viewer_window_id,
    department: r.viewer_department,
  };
}

/** Rows visible at all, as a condition on a table alias with window_id and a person column. */
function visible(user: SessionUser, alias: string, personColumns: string[]): string | null {
  switch (user.role) {
    case 'supervision':
    case 'center_leader':
    case 'duty_leader':
    case 'window_head':
      return 'true';
    case 'dept_leader':
      return `w.department = (select department from windows where id = $6::uuid)`;
    case 'staff':
      return `(${alias}.window_id = $6::uuid or ${personColumns.map((c) => `${alias}.${c} = $5::uuid`).join(' or ')})`;
    default:
      return null;
  }
}

/**
 * A leave-side feed's select: the rows of `table` (as `alias`, joined to its window) this user may
 * see, by the staff columns that name the people it concerns, with the viewer's columns for the
 * domain's privacy projection.
 */
function scopedSelect(table: string, alias: string, columns: string, staffColumns: string[], extra = '') {
  return (user: SessionUser) => {
    const where = visible(user, alias, staffColumns);
    if (!where) return null;
    return {
      sql: `select ${alias}.seq, ${alias}.deleted_at, ${columns}${extra}, ${VIEWER}
              from ${table} ${alias} join windows w on w.id = ${alias}.window_id
             where ${alias}.seq > $1 and ${where}
             order by ${alias}.seq limit $2`,
      params: viewerParams(user),
    };
  };
}

export const LEAVE_FEEDS: readonly Feed[] = [
  {
    entity: 'leaves',
    select: scopedSelect('leaves', 'l', LEAVE_COLUMNS, ['staff_id'], ', w.department as window_department'),
    toData: (row: LeaveDbRow & ViewerColumns) => {
      const leave = leaveFromRow(row);
      const window = { id: leave.windowId, department: row.window_department };
      // The SQL scope and the domain's agree; should they not, the summary is the safe side.
      return (
        projectLeave(viewerOf(row), leave, window) ??
        projectLeave({ ...viewerOf(row), role: 'duty_leader' }, leave, window)!
      );
    },
  },
  {
    entity: 'substitutes',
    select: scopedSelect('substitutes', 's', SUBSTITUTE_COLUMNS, ['for_staff_id', 'substitute_staff_id']),
    toData: (row: SubstituteDbRow) => substituteFromRow(row),
  },
  {
    entity: 'outings',
    select: scopedSelect('outings', 'o', OUTING_COLUMNS, ['staff_id'], ', w.department as window_department'),
    toData: (row: OutingDbRow & ViewerColumns) => {
      const outing = outingFromRow(row);
      const window = { id: outing.windowId, department: row.window_department };
      return projectOuting(viewerOf(row), outing, window) ?? { ...outing, purpose: null, redacted: true };
    },
  },
];
