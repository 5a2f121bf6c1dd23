import type { DutyRoster, Floor, HallWindow, Round, Staff, Violation } from '../../domain';

/** Database rows → the camelCase objects of the domain schemas, as phones store them. */

export const iso = (t: Date | string): string => (t instanceof Date ? t : new Date(t)).toISOString();

export interface FloorRow {
  id: string;
  name: string;
  level: number;
}
export const floorData = (r: FloorRow): Floor => ({ id: r.id, name: r.name, level: r.level });

export interface WindowRow {
  id: string;
  floor_id: string;
  number: string;
  name: string;
  department: string;
  kind: HallWindow['kind'];
  position: number;
}
export const windowData = (r: WindowRow): HallWindow => ({
  id: r.id,
  floorId: r.floor_id,
  number: r.number,
  name: r.name,
  department: r.department,
  kind: r.kind,
  position: r.position,
});

export interface StaffRow {
  id: string;
  name: string;
  window_id: string;
  post: Staff['post'];
  phone: string | null;
}
export const staffData = (r: StaffRow): Staff => ({
  id: r.id,
  name: r.name,
  windowId: r.window_id,
  post: r.post,
  phone: r.phone,
});

export interface SchemeRow {
  id: string;
  version: number;
  effective_from: string;
  data: unknown;
}
/** A scheme as synced: the version row around the scheme document. */
export const schemeData = (r: SchemeRow) => ({
  id: r.id,
  version: r.version,
  effectiveFrom: r.effective_from,
  scheme: r.data,
});

/**
 * A violation row as synced, mapped in JS. The pull builds the same object in SQL
 * (violationJsonSql); this mapping is the reference a test holds it to.
 */
export interface ViolationRow {
  id: string;
  window_id: string;
  staff_id: string | null;
  item_code: string;
  count: number;
  observed_at: Date;
  note: string;
  device_recorded_at: Date;
  recorded_by: string;
  recorded_by_name: string;
  status: Violation['status'];
  server_received_at: Date;
  clock_skew_ms: number;
  round_id?: string | null;
  source?: string;
  substitute_for?: string | null;
  returned_at?: Date | null;
}
export const violationData = (r: ViolationRow): Violation => ({
  id: r.id,
  windowId: r.window_id,
  staffId: r.staff_id,
  itemCode: r.item_code,
  count: r.count,
  observedAt: iso(r.observed_at),
  note: r.note,
  deviceRecordedAt: iso(r.device_recorded_at),
  recordedBy: r.recorded_by,
  recordedByName: r.recorded_by_name,
  status: r.status,
  serverReceivedAt: iso(r.server_received_at),
  clockSkewMs: r.clock_skew_ms,
  ...(r.round_id ? { roundId: r.round_id } : {}),
  // Only when they say something: a patrol record without a substitute stays as it was.
  ...(r.source && r.source !== 'patrol' ? { source: r.source } : {}),
  ...(r.substitute_for ? { substituteFor: r.substitute_for } : {}),
  ...(r.returned_at ? { returnedAt: iso(r.returned_at) } : {}),
});

/**
 * A timestamptz column as the UTC ISO text Date#toISOString gives ("…T01:15:00.123Z"), made by the
 * database (the same text for every stored value, microseconds truncated like a JS Date).
 */
export const isoSql = (column: string): string =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A violation as synced (ViolationSchema), built by the database as one json value per row (the same as violationData): the
 * pull of a month's records reads 10,000 of them, and decoding one json column is several times
 * cheaper than sixteen typed ones (most of all in embedded PGlite). Needs v and u (the recorder).
 */
export function violationJsonSql(): string {
  const fields = `'id', v.id, 'windowId', v.window_id, 'staffId', v.staff_id, 'itemCode', v.item_code, 'count', v.count,
    'observedAt', ${isoSql('v.observed_at')}, 'note', v.note, 'deviceRecordedAt', ${isoSql('v.device_recorded_at')},
    'recordedBy', v.recorded_by, 'recordedByName', u.display_name, 'status', v.status,
    'serverReceivedAt', ${isoSql('v.server_received_at')}, 'clockSkewMs', v.clock_skew_ms`;
  // roundId, source and substituteFor only when they say something (absent, not null, otherwise),
  // as violationData has them.
  return `jsonb_build_object(${fields})
    || jsonb_strip_nulls(jsonb_build_object('roundId', v.round_id, 'source', nullif(nullif(v.source, 'patrol'), ''),
                                            'substituteFor', v.substitute_for,
                                            'returnedAt', ${isoSql('v.returned_at')}))`;
}

export interface RoundRow {
  id: string;
  floor_id: string;
  slot: number;
  day: string;
  started_at: Date;
  finished_at: Date | null;
  checked_window_ids: string[];
  all_in_order_window_ids: string[];
  leader_id: string;
  leader_name: string;
}
export const roundData = (r: RoundRow): Round => ({
  id: r.id,
  floorId: r.floor_id,
  slot: r.slot,
  day: r.day,
  startedAt: iso(r.started_at),
  finishedAt: r.finished_at ? iso(r.finished_at) : null,
  checkedWindowIds: r.checked_window_ids ?? [],
  allInOrderWindowIds: r.all_in_order_window_ids ?? [],
  leaderId: r.leader_id,
  leaderName: r.leader_name,
});

export interface DutyRosterRow {
  id: string;
  month: string;
  floor_id: string;
  user_id: string;
  user_name: string;
  dates: string[];
  stand_ins: DutyRoster['standIns'] | string;
}
export const dutyRosterData = (r: DutyRosterRow): DutyRoster => ({
  id: r.id,
  month: r.month,
  floorId: r.floor_id,
  userId: r.user_id,
  userName: r.user_name,
  dates: r.dates ?? [],
  standIns: typeof r.stand_ins === 'string' ? JSON.parse(r.stand_ins) : (r.stand_ins ?? []),
});
