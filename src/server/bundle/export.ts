import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from '../../domain/bundle/schema';
import { DEFAULT_SCHEME, SchemeSchema, hallDay } from '../../domain';
import { schemeInForceFor } from '../../domain/assessment';
import type { Db } from '../db/types';
import { monthDutyPatrols, schemeVersions } from '../assessment/data';
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
} from '../leave/store';
import { floorData, iso, staffData, windowData, type FloorRow, type StaffRow, type WindowRow } from '../rows/rows';

/**
 * The center's data as a bundle (docs/bundle.schema.json), in a stable order (ids, months) so
 * two exports of the same data are the same file but for exportedAt.
 */
export async function exportBundle(db: Db, zone: string, now = new Date()): Promise<Bundle> {
  const floors = (
    await db.query<FloorRow>('select id, name, level from floors where deleted_at is null order by id')
  ).map(floorData);
  const windows = (
    await db.query<WindowRow>(
      'select id, floor_id, number, name, department, kind, position from windows where deleted_at is null order by id',
    )
  ).map(windowData);
  const staff = (
    await db.query<StaffRow>('select id, name, window_id, post, phone from staff where deleted_at is null order by id')
  ).map(staffData);
  const versions = await schemeVersions(db);
  const schemes = versions
    .map((s) => ({
      id: s.id,
      version: Number(s.version),
      effectiveFrom: s.effectiveFrom,
      scheme: SchemeSchema.parse(s.scheme),
    }))
    .sort((a, b) => a.version - b.version);

  const violations = (
    await db.query<{
      id: string;
      window_id: string;
      staff_id: string | null;
      substitute_for: string | null;
      item_code: string;
      count: number;
      observed_at: Date;
      note: string;
      source: string;
      status: 'active' | 'withdrawn';
      recorded_by: string;
      recorded_by_name: string;
      returned_at: Date | null;
    }>(
      `select v.id, v.window_id, v.staff_id, v.substitute_for, v.item_code, v.count, v.observed_at, v.note, v.source, v.status, v.recorded_by, u.display_name as recorded_by_name, v.returned_at
         from violations v join users u on u.id = v.recorded_by where v.deleted_at is null order by v.id`,
    )
  ).map((r) => ({
    id: r.id,
    windowId: r.window_id,
    staffId: r.staff_id,
    substituteFor: r.substitute_for,
    itemCode: r.item_code,
    count: r.count,
    observedAt: iso(r.observed_at),
    note: r.note,
    source: r.source,
    status: r.status,
    recordedBy: r.recorded_by,
    recordedByName: r.recorded_by_name,
    ...(r.returned_at ? { returnedAt: iso(r.returned_at) } : {}),
  }));

  const disputes = (
    await db.query<{
      id: string;
      violation_id: string;
      window_id: string;
      month: string;
      record_kind: 'violation' | 'leave';
      reason: string;
      filed_at: Date;
      filed_by: string;
      filed_by_name: string;
      status: 'pending' | 'upheld' | 'overturned';
      decision_reason: string | null;
      decided_at: Date | null;
    }>(
      `select d.id, d.violation_id, d.window_id, d.month, d.record_kind, d.reason, d.filed_at, d.filed_by, u.display_name as filed_by_name, d.status, d.decision_reason, d.decided_at
         from disputes d join users u on u.id = d.filed_by where d.deleted_at is null order by d.id`,
    )
  ).map((r) => ({
    id: r.id,
    violationId: r.violation_id,
    // A consequence of leave is not in `violations`: its dispute carries the window and month.
    ...(r.record_kind === 'leave' ? { recordKind: 'leave' as const, windowId: r.window_id, month: r.month } : {}),
    reason: r.reason,
    filedAt: iso(r.filed_at),
    filedBy: r.filed_by,
    filedByName: r.filed_by_name,
    status: r.status,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at ? iso(r.decided_at) : null,
  }));

  // Leave, substitutes and outings: the assessment computes the consequences of leave from them.
  const leave = (
    await db.query<LeaveDbRow>(`select ${LEAVE_COLUMNS} from leaves l where l.deleted_at is null order by l.id`)
  ).map((r) => {
    const { redacted: _r, ...rest } = leaveFromRow(r);
    return rest;
  });
  const substitutes = (
    await db.query<SubstituteDbRow>(
      `select ${SUBSTITUTE_COLUMNS} from substitutes s where s.deleted_at is null order by s.id`,
    )
  ).map(substituteFromRow);
  const outings = (
    await db.query<OutingDbRow>(`select ${OUTING_COLUMNS} from outings o where o.deleted_at is null order by o.id`)
  ).map((r) => {
    const { redacted: _r, ...rest } = outingFromRow(r);
    return rest;
  });

  const bonuses = (
    await db.query<{
      id: string;
      month: string;
      window_id: string;
      staff_id: string | null;
      bonus_code: string;
      points: number;
      event_id: string;
      note: string;
      status: 'active' | 'withdrawn';
    }>(
      'select id, month, window_id, staff_id, bonus_code, points::float8 as points, event_id, note, status from bonus_records where deleted_at is null order by id',
    )
  ).map((r) => ({
    id: r.id,
    month: r.month,
    windowId: r.window_id,
    staffId: r.staff_id,
    bonusCode: r.bonus_code,
    points: Number(r.points),
    eventId: r.event_id,
    note: r.note,
    status: r.status,
  }));

  const disqualifications = (
    await db.query<{
      id: string;
      month: string;
      window_id: string;
      code: string;
      reason: string;
      status: 'active' | 'withdrawn';
    }>('select id, month, window_id, code, reason, status from disqualification_records order by id')
  ).map((r) => ({ id: r.id, month: r.month, windowId: r.window_id, code: r.code, reason: r.reason, status: r.status }));

  // Duty compliance of every month with a roster (or imported compliance), as the assessment sees it.
  const months = (
    await db.query<{ month: string }>(
      'select month from duty_roster where deleted_at is null union select month from duty_patrol_records order by month',
    )
  ).map((r) => r.month);
  const today = hallDay(now, zone); // days still to come of the hall's month are not counted yet
  const dutyPatrols = [];
  for (const month of months) {
    const roundsPerDay = schemeInForceFor(versions, month)?.patrol.roundsPerDay ?? DEFAULT_SCHEME.patrol.roundsPerDay;
    for (const p of await monthDutyPatrols(db, month, roundsPerDay, today)) dutyPatrols.push({ month, ...p });
  }

  // Quarter and year inputs (issue #15): `assess --period` blends and grades with them.
  const periodQuotas = (
    await db.query<{ period: string; quota: number; tie_rule: 'include_all_tied' | 'exclude_all_tied' }>(
      'select period, quota, tie_rule from period_quotas order by period',
    )
  ).map((r) => ({ period: r.period, quota: Number(r.quota), tieRule: r.tie_rule }));
  const periodScores = (
    await db.query<{ period: string; staff_id: string; kind: 'peer_review' | 'public_satisfaction'; score: string }>(
      'select period, staff_id, kind, score from period_scores order by period, staff_id, kind',
    )
  ).map((r) => ({ period: r.period, staffId: r.staff_id, kind: r.kind, score: Number(r.score) }));

  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    floors,
    windows,
    staff,
    schemes,
    violations,
    disputes,
    bonuses,
    disqualifications,
    dutyPatrols,
    leave,
    substitutes,
    outings,
    periodQuotas,
    periodScores,
  };
}
