import { AssessmentMonthSchema, type LeaveRows } from '../../domain/assessment';
import {
  addMonths,
  hallMonthBoundsUtc,
  leaveConsequences,
  leaveRulesOf,
  SchemeSchema,
  type LeaveConsequence,
} from '../../domain';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { SchemeRowSchema } from '../rows/rows';
import {
  LEAVE_COLUMNS,
  OUTING_COLUMNS,
  SUBSTITUTE_COLUMNS,
  leaveFromRow,
  outingFromRow,
  substituteFromRow,
  LeaveDbRowSchema,
  OutingDbRowSchema,
  SubstituteDbRowSchema,
} from './store';

/**
 * The month's consequences of leave, computed from the stored rows with the domain's pure
 * leaveConsequences under the scheme in force that month. Not stored: recomputing gives the same
 * records (ids derive from the source). `zone` is the hall's time zone (HALL_TIME_ZONE). The assessment reads monthLeaveRows and maps them
 * itself (src/domain/assessment/leave-records.ts) under the scheme it assesses with.
 */
export async function leaveConsequencesForMonth(db: Db, month: string, zone: string): Promise<LeaveConsequence[]> {
  const rows = await monthLeaveRows(db, month, zone);
  const schemes = await queryRows(
    db,
    'select effective_from, data from schemes where deleted_at is null and effective_from <= $1 order by effective_from desc, version desc limit 1',
    [month],
    SchemeRowSchema.pick({ effective_from: true, data: true }),
  );
  const parsed = schemes[0] ? SchemeSchema.safeParse(schemes[0].data) : null;
  return leaveConsequences({ month, ...rows, rules: leaveRulesOf(parsed?.success ? parsed.data : null), zone });
}

/** The leave, substitute and outing rows a month's consequences are computed from (the assessment reads them too). */
export async function monthLeaveRows(db: Db, month: string, zone: string): Promise<LeaveRows> {
  AssessmentMonthSchema.parse(month);
  const next = addMonths(month, 1);
  const prev = addMonths(month, -1);
  // Leave touching the month (a refused or overstayed one may have begun the month before).
  const leaves = await queryRows(
    db,
    `select ${LEAVE_COLUMNS} from leaves l
      where l.deleted_at is null and l.from_date < $1 and (l.to_date >= $2 or l.until_date >= $2 or l.closure is not null)
        and l.from_date >= $3`,
    [`${next}-01`, `${month}-01`, `${prev}-01`],
    LeaveDbRowSchema,
  );
  const substitutes = leaves.length
    ? await queryRows(
        db,
        `select ${SUBSTITUTE_COLUMNS} from substitutes s where s.leave_id = any($1::uuid[])`,
        [leaves.map((l) => l.id)],
        SubstituteDbRowSchema,
      )
    : [];
  // Outings of the hall month (in the hall's zone); the domain counts them by their hall month again.
  const outingsIn = hallMonthBoundsUtc(month, zone);
  const outings = await queryRows(
    db,
    `select ${OUTING_COLUMNS} from outings o where o.deleted_at is null and o.started_at >= $1::timestamptz and o.started_at < $2::timestamptz`,
    [outingsIn.from, outingsIn.to],
    OutingDbRowSchema,
  );
  return {
    leaves: leaves.map(leaveFromRow),
    substitutes: substitutes.map(substituteFromRow),
    outings: outings.map(outingFromRow),
  };
}
