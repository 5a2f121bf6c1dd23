import { z } from 'zod';
import {
  PostSchema,
  ViolationStatusSchema,
  WindowKindSchema,
  type DutyRoster,
  type Floor,
  type HallWindow,
  type Round,
  type Staff,
  type Violation,
} from '../../domain';

/**
 * Database rows → the camelCase objects of the domain schemas, as phones store them. Each row is a
 * zod schema (its type derived from it) that `queryRows` parses with: what PGlite and node-postgres
 * both return — timestamptz as Date, int4 and int8 as number (int8 by the drivers' parsers), jsonb
 * parsed, uuid[] / text[] as string[].
 */

/** A timestamptz column as the drivers return it. */
export const timestampColumn = z.date();

export const iso = (t: Date | string): string => (t instanceof Date ? t : new Date(t)).toISOString();

export const FloorRowSchema = z.object({ id: z.string(), name: z.string(), level: z.number() });
export type FloorRow = z.output<typeof FloorRowSchema>;
export const floorData = (r: FloorRow): Floor => ({ id: r.id, name: r.name, level: r.level });

export const WindowRowSchema = z.object({
  id: z.string(),
  floor_id: z.string(),
  number: z.string(),
  name: z.string(),
  department: z.string(),
  kind: WindowKindSchema,
  position: z.number(),
});
export type WindowRow = z.output<typeof WindowRowSchema>;
export const windowData = (r: WindowRow): HallWindow => ({
  id: r.id,
  floorId: r.floor_id,
  number: r.number,
  name: r.name,
  department: r.department,
  kind: r.kind,
  position: r.position,
});

export const StaffRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  window_id: z.string(),
  post: PostSchema,
  phone: z.string().nullable(),
});
export type StaffRow = z.output<typeof StaffRowSchema>;
export const staffData = (r: StaffRow): Staff => ({
  id: r.id,
  name: r.name,
  windowId: r.window_id,
  post: r.post,
  phone: r.phone,
});

/** The scheme document (jsonb) stays unknown here: SchemeSchema judges it where it is used. */
export const SchemeRowSchema = z.object({
  id: z.string(),
  version: z.number(),
  effective_from: z.string(),
  data: z.unknown(),
});
export type SchemeRow = z.output<typeof SchemeRowSchema>;
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
export const ViolationRowSchema = z.object({
  id: z.string(),
  window_id: z.string(),
  staff_id: z.string().nullable(),
  item_code: z.string(),
  count: z.number(),
  observed_at: timestampColumn,
  note: z.string(),
  device_recorded_at: timestampColumn,
  recorded_by: z.string(),
  recorded_by_name: z.string(),
  status: ViolationStatusSchema,
  server_received_at: timestampColumn,
  /** bigint: a number by the drivers' int8 parser. */
  clock_skew_ms: z.number(),
  round_id: z.string().nullable().optional(),
  source: z.string().optional(),
  substitute_for: z.string().nullable().optional(),
  returned_at: timestampColumn.nullable().optional(),
});
export type ViolationRow = z.output<typeof ViolationRowSchema>;
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

export const RoundRowSchema = z.object({
  id: z.string(),
  floor_id: z.string(),
  slot: z.number(),
  day: z.string(),
  started_at: timestampColumn,
  finished_at: timestampColumn.nullable(),
  checked_window_ids: z.array(z.string()),
  all_in_order_window_ids: z.array(z.string()),
  leader_id: z.string(),
  leader_name: z.string(),
});
export type RoundRow = z.output<typeof RoundRowSchema>;
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

export const DutyRosterRowSchema = z.object({
  id: z.string(),
  month: z.string(),
  floor_id: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  dates: z.array(z.string()),
  /** jsonb: parsed by the drivers (a string only from a text cast); its entries are the domain's to judge. */
  stand_ins: z.custom<DutyRoster['standIns'] | string>((v) => typeof v === 'string' || Array.isArray(v)),
});
export type DutyRosterRow = z.output<typeof DutyRosterRowSchema>;
export const dutyRosterData = (r: DutyRosterRow): DutyRoster => ({
  id: r.id,
  month: r.month,
  floorId: r.floor_id,
  userId: r.user_id,
  userName: r.user_name,
  dates: r.dates ?? [],
  standIns: typeof r.stand_ins === 'string' ? JSON.parse(r.stand_ins) : (r.stand_ins ?? []),
});
