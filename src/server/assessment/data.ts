import { z } from 'zod';
import {
  DEFAULT_SCHEME,
  SchemeSchema,
  ViolationStatusSchema,
  hallDay,
  hallMonthBoundsUtc,
  type Scheme,
} from '../../domain';
import {
  assessRecords,
  dutyPatrolsOf,
  leaveRecordsOf,
  schemeInForceFor,
  type BonusEntry,
  type DisqualificationEntry,
  type DutyPatrol,
  type LeaveRecordSource,
  type MonthAssessment,
  type MonthRecords,
  type RecordLike,
} from '../../domain/assessment';
import type { Dispute } from '../../domain/assessment';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { monthLeaveRows } from '../leave/consequences';
import {
  DutyRosterRowSchema,
  SchemeRowSchema,
  StaffRowSchema,
  WindowRowSchema,
  dutyRosterData,
  schemeData,
  staffData,
  windowData,
} from '../rows/rows';
import { BonusRowSchema, DisputeRowSchema, bonusData } from './rows';

/**
 * A month's records read from the database, for the same pure engine the phones run. Every
 * query is bounded by the month; the month of a record is the hall month of its observation
 * (HALL_TIME_ZONE), as recording and closing use.
 */

const ViolationFactSchema = z.object({
  id: z.string(),
  window_id: z.string(),
  staff_id: z.string().nullable(),
  item_code: z.string(),
  count: z.number(),
  status: ViolationStatusSchema,
  observed_at: z.date(),
  source: z.string(),
  substitute_for: z.string().nullable(),
  returned_at: z.date().nullable(),
  /** Only with `extra.columns` ', note' (the section's deductions). */
  note: z.string().optional(),
});
type ViolationFact = z.output<typeof ViolationFactSchema>;

/** The hall month's violation rows, with `extra` columns and conditions (`where` starts with ' and'); the assessment reads tens of thousands. */
async function violationFacts(
  db: Db,
  month: string,
  zone: string,
  extra = { columns: '', where: '' },
): Promise<ViolationFact[]> {
  const { from, to } = hallMonthBoundsUtc(month, zone);
  return queryRows(
    db,
    `select id, window_id, staff_id, item_code, count, status, observed_at, source, substitute_for, returned_at${extra.columns}
       from violations where deleted_at is null and observed_at >= $1 and observed_at < $2${extra.where}`,
    [from, to],
    ViolationFactSchema,
  );
}

const recordOf = (r: ViolationFact): RecordLike => ({
  id: r.id,
  windowId: r.window_id,
  staffId: r.staff_id,
  itemCode: r.item_code,
  count: r.count,
  status: r.status,
  observedAt: new Date(r.observed_at).toISOString(),
  source: r.source,
  substituteFor: r.substitute_for,
  ...(r.returned_at ? { returnedAt: new Date(r.returned_at).toISOString() } : {}),
});

export async function monthViolations(db: Db, month: string, zone: string): Promise<RecordLike[]> {
  return (await violationFacts(db, month, zone)).map(recordOf);
}

/** The month's records from other sources than patrols (entered by the supervision section or imported), oldest first. */
export async function monthSectionDeductions(
  db: Db,
  month: string,
  zone: string,
): Promise<(RecordLike & { note: string })[]> {
  const rows = await violationFacts(db, month, zone, { columns: ', note', where: " and source <> 'patrol'" });
  return rows
    .map((r) => ({ ...recordOf(r), note: r.note ?? '' }))
    .sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.id.localeCompare(b.id));
}

export async function monthBonuses(db: Db, month: string): Promise<BonusEntry[]> {
  const rows = await queryRows(
    db,
    `select id, month, window_id, staff_id, bonus_code, points::float8 as points, event_id, note, status
       from bonus_records where month = $1 and deleted_at is null order by id`,
    [month],
    BonusRowSchema,
  );
  return rows.map(bonusData);
}

export const DisqualificationRowSchema = z.object({
  id: z.string(),
  month: z.string(),
  window_id: z.string(),
  code: z.string(),
  reason: z.string(),
  status: z.enum(['active', 'withdrawn']),
});

export async function monthDisqualifications(db: Db, month: string): Promise<DisqualificationEntry[]> {
  const rows = await queryRows(
    db,
    'select id, month, window_id, code, reason, status from disqualification_records where month = $1 order by id',
    [month],
    DisqualificationRowSchema,
  );
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    windowId: r.window_id,
    code: r.code,
    reason: r.reason,
    status: r.status,
  }));
}

export async function monthDisputeOutcomes(db: Db, month: string): Promise<Pick<Dispute, 'violationId' | 'status'>[]> {
  const rows = await queryRows(
    db,
    'select violation_id, status from disputes where month = $1 and deleted_at is null',
    [month],
    DisputeRowSchema.pick({ violation_id: true, status: true }),
  );
  return rows.map((r) => ({ violationId: r.violation_id, status: r.status }));
}

export async function schemeVersions(db: Db) {
  return (
    await queryRows(
      db,
      'select id, version, effective_from, data from schemes where deleted_at is null order by effective_from, version',
      [],
      SchemeRowSchema,
    )
  ).map(schemeData);
}

/**
 * Duty patrol compliance: patrol facts imported from a bundle for the month when there are any
 * (the rounds they came from are not in a bundle), else computed from the roster and the rounds.
 */
/** `today`: the hall day now (days after it are still to come and not counted). */
export async function monthDutyPatrols(
  db: Db,
  month: string,
  roundsPerDay: number,
  today: string,
): Promise<DutyPatrol[]> {
  const imported = await queryRows(
    db,
    'select window_id, rounds_required, rounds_done from duty_patrol_records where month = $1 order by window_id',
    [month],
    z.object({ window_id: z.string(), rounds_required: z.number(), rounds_done: z.number() }),
  );
  if (imported.length)
    return imported.map((r) => ({
      windowId: r.window_id,
      roundsRequired: Number(r.rounds_required),
      roundsDone: Number(r.rounds_done),
    }));
  const roster = (
    await queryRows(
      db,
      `select d.id, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
         from duty_roster d join users u on u.id = d.user_id where d.month = $1 and d.deleted_at is null`,
      [month],
      DutyRosterRowSchema,
    )
  ).map(dutyRosterData);
  if (!roster.length) return [];
  const rounds = await queryRows(
    db,
    // A round left open closes itself at its slot's end (at the latest, its day's end): one of a
    // day before today counts as finished, as in the patrol coverage.
    `select floor_id, leader_id, day, slot, (finished_at is not null or day < $2) as finished from rounds where day like $1 and deleted_at is null`,
    [`${month}-%`, today],
    z.object({ floor_id: z.string(), leader_id: z.string(), day: z.string(), slot: z.number(), finished: z.boolean() }),
  );
  const users = await queryRows(
    db,
    'select id, window_id from users where id = any($1::uuid[])',
    [roster.map((r) => r.userId)],
    z.object({ id: z.string(), window_id: z.string().nullable() }),
  );
  return dutyPatrolsOf(
    month,
    roster,
    rounds.map((r) => ({ floorId: r.floor_id, leaderId: r.leader_id, day: r.day, slot: r.slot, finished: r.finished })),
    roundsPerDay,
    new Map(users.map((u) => [u.id, u.window_id])),
    today,
  );
}

/** Everything the engine reads for a month, from the database. 409 when no scheme is in force. */
export async function loadMonthRecords(
  db: Db,
  month: string,
  zone: string,
  /** Assess under this scheme instead of the version in force (a scheme preview, `assess --scheme-version`). */
  schemeOverride?: Scheme,
): Promise<MonthRecords> {
  const scheme = schemeOverride ?? schemeInForceFor(await schemeVersions(db), month);
  if (!scheme) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${month}.`);
  const windows = (
    await queryRows(
      db,
      'select id, floor_id, number, name, department, kind, position from windows where deleted_at is null',
      [],
      WindowRowSchema,
    )
  ).map(windowData);
  const staff = (
    await queryRows(
      db,
      'select id, name, window_id, post, phone from staff where deleted_at is null',
      [],
      StaffRowSchema,
    )
  ).map(staffData);
  return {
    month,
    zone,
    scheme,
    windows,
    staff,
    violations: await monthViolations(db, month, zone),
    disputes: await monthDisputeOutcomes(db, month),
    bonuses: await monthBonuses(db, month),
    disqualifications: await monthDisqualifications(db, month),
    dutyPatrols: await monthDutyPatrols(
      db,
      month,
      scheme.patrol.roundsPerDay ?? DEFAULT_SCHEME.patrol.roundsPerDay,
      hallDay(new Date(), zone),
    ),
    leave: await monthLeaveRows(db, month, zone),
  };
}

/**
 * What each consequence of leave of the month is (id, window, person, why, from which leave), as
 * the assessment computes them: not stored, derived from the leave rows (see leave-records.ts).
 */
export async function monthLeaveSources(db: Db, month: string, zone: string): Promise<LeaveRecordSource[]> {
  const scheme = schemeInForceFor(await schemeVersions(db), month);
  if (!scheme) return [];
  return leaveRecordsOf(month, scheme, await monthLeaveRows(db, month, zone), new Set(), zone).sources;
}

/** The month's assessment from the current records (the CLI's `assess`, compile, corrections). */
export async function assessFromDb(
  db: Db,
  month: string,
  zone: string,
  options: { schemeVersion?: number } = {},
): Promise<MonthAssessment> {
  let scheme: Scheme | undefined;
  if (options.schemeVersion !== undefined) {
    const row = (await schemeVersions(db)).find((s) => s.version === options.schemeVersion);
    const parsed = row ? SchemeSchema.safeParse(row.scheme) : null;
    if (!parsed?.success)
      throw new HttpError(404, 'no_scheme', `No valid scheme version ${options.schemeVersion} is stored.`);
    scheme = parsed.data;
  }
  return assessRecords(await loadMonthRecords(db, month, zone, scheme));
}
