import { z } from 'zod';
import {
  HalfSchema,
  LeaveStatusSchema,
  SubstituteStatusSchema,
  type Actor,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../domain';
import type { SessionUser } from '../auth/users';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { iso } from '../rows/rows';

/** Leave, substitute and outing rows ↔ the domain's entities, and the reads and writes of the leave family. */

const isoOrNull = (t: Date | string | null) => (t === null ? null : iso(t));

export const LEAVE_COLUMNS = `l.id, l.staff_id, l.window_id, l.requested_by, l.requested_by_name, l.type, l.from_date, l.from_half,
  l.to_date, l.to_half, l.until_date, l.until_half, l.half_days, l.reason, l.attachments, l.status, l.steps,
  l.substitute_required, l.substitute_reason, l.substitute_id, l.extension_of, l.filed_afterwards, l.submitted_at,
  l.withdrawn_at, l.revocation, l.closure, l.deceit`;

/** A timestamptz column: a Date from both drivers; text where a query casts it (iso() takes both). */
const timestamp = z.union([z.date(), z.string()]);

/**
 * A leaves row (parsed by `queryRows` on the push and assessment paths). The jsonb documents
 * (attachments, steps, revocation, closure, deceit) stay unknown: the domain's schemas own them.
 */
export const LeaveDbRowSchema = z.object({
  id: z.string(),
  staff_id: z.string(),
  window_id: z.string(),
  requested_by: z.string(),
  requested_by_name: z.string(),
  type: z.string(),
  from_date: z.string(),
  from_half: HalfSchema,
  to_date: z.string(),
  to_half: HalfSchema,
  until_date: z.string(),
  until_half: HalfSchema,
  half_days: z.number(),
  reason: z.string(),
  attachments: z.unknown(),
  status: LeaveStatusSchema,
  steps: z.unknown(),
  substitute_required: z.boolean(),
  substitute_reason: z.string(),
  substitute_id: z.string().nullable(),
  extension_of: z.string().nullable(),
  filed_afterwards: z.boolean(),
  submitted_at: timestamp,
  withdrawn_at: timestamp.nullable(),
  revocation: z.unknown(),
  closure: z.unknown(),
  deceit: z.unknown(),
});
export type LeaveDbRow = z.output<typeof LeaveDbRowSchema>;

/** jsonb comes back parsed from pg and PGlite; a string (some drivers, text casts) is parsed here. */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function leaveFromRow(r: LeaveDbRow): LeaveRequest {
  return {
    id: r.id,
    redacted: false,
    staffId: r.staff_id,
    windowId: r.window_id,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    type: r.type,
    from: { date: r.from_date, half: r.from_half },
    to: { date: r.to_date, half: r.to_half },
    days: Number(r.half_days) / 2,
    reason: r.reason,
    attachments: json(r.attachments),
    status: r.status,
    steps: json(r.steps),
    substituteRequired: r.substitute_required,
    substituteReason: r.substitute_reason,
    substituteId: r.substitute_id,
    extensionOf: r.extension_of,
    filedAfterwards: r.filed_afterwards,
    submittedAt: iso(r.submitted_at),
    withdrawnAt: isoOrNull(r.withdrawn_at),
    revocation: json(r.revocation ?? null),
    closure: json(r.closure ?? null),
    deceit: json(r.deceit ?? null),
    until: { date: r.until_date, half: r.until_half },
  };
}

export const SUBSTITUTE_COLUMNS = `s.id, s.leave_id, s.window_id, s.for_staff_id, s.substitute_staff_id, s.substitute_name, s.substitute_phone,
  s.from_date, s.from_half, s.to_date, s.to_half, s.status, s.named_by, s.named_by_name, s.named_at, s.confirmed_by,
  s.confirmed_by_name, s.confirmed_at, s.reported_at, s.badge_number, s.badge_issued_at, s.badge_issued_by_name,
  s.badge_returned_at, s.badge_returned_by_name`;

export const SubstituteDbRowSchema = z.object({
  id: z.string(),
  leave_id: z.string(),
  window_id: z.string(),
  for_staff_id: z.string(),
  substitute_staff_id: z.string().nullable(),
  substitute_name: z.string(),
  substitute_phone: z.string().nullable(),
  from_date: z.string(),
  from_half: HalfSchema,
  to_date: z.string(),
  to_half: HalfSchema,
  status: SubstituteStatusSchema,
  named_by: z.string(),
  named_by_name: z.string(),
  named_at: timestamp,
  confirmed_by: z.string().nullable(),
  confirmed_by_name: z.string().nullable(),
  confirmed_at: timestamp.nullable(),
  reported_at: timestamp.nullable(),
  badge_number: z.string().nullable(),
  badge_issued_at: timestamp.nullable(),
  badge_issued_by_name: z.string().nullable(),
  badge_returned_at: timestamp.nullable(),
  badge_returned_by_name: z.string().nullable(),
});
export type SubstituteDbRow = z.output<typeof SubstituteDbRowSchema>;

export function substituteFromRow(r: SubstituteDbRow): SubstituteArrangement {
  return {
    id: r.id,
    leaveId: r.leave_id,
    windowId: r.window_id,
    forStaffId: r.for_staff_id,
    substituteStaffId: r.substitute_staff_id,
    substituteName: r.substitute_name,
    substitutePhone: r.substitute_phone,
    from: { date: r.from_date, half: r.from_half },
    to: { date: r.to_date, half: r.to_half },
    status: r.status,
    namedBy: r.named_by,
    namedByName: r.named_by_name,
    namedAt: iso(r.named_at),
    confirmedBy: r.confirmed_by,
    confirmedByName: r.confirmed_by_name,
    confirmedAt: isoOrNull(r.confirmed_at),
    reportedAt: isoOrNull(r.reported_at),
    badgeNumber: r.badge_number,
    badgeIssuedAt: isoOrNull(r.badge_issued_at),
    badgeIssuedByName: r.badge_issued_by_name,
    badgeReturnedAt: isoOrNull(r.badge_returned_at),
    badgeReturnedByName: r.badge_returned_by_name,
  };
}

export const OUTING_COLUMNS = `o.id, o.staff_id, o.window_id, o.purpose, o.started_at, o.expected_return_at, o.returned_at,
  o.registered_by, o.registered_by_name`;

export const OutingDbRowSchema = z.object({
  id: z.string(),
  staff_id: z.string(),
  window_id: z.string(),
  purpose: z.string(),
  started_at: timestamp,
  expected_return_at: timestamp.nullable(),
  returned_at: timestamp.nullable(),
  registered_by: z.string(),
  registered_by_name: z.string(),
});
export type OutingDbRow = z.output<typeof OutingDbRowSchema>;

export function outingFromRow(r: OutingDbRow): Outing {
  return {
    id: r.id,
    staffId: r.staff_id,
    windowId: r.window_id,
    purpose: r.purpose,
    startedAt: iso(r.started_at),
    expectedReturnAt: isoOrNull(r.expected_return_at),
    returnedAt: isoOrNull(r.returned_at),
    registeredBy: r.registered_by,
    registeredByName: r.registered_by_name,
    redacted: false,
  };
}

// ── Writes (upserts of the final state of each row a push changed) ─────────────────────────

export async function upsertLeaves(tx: Db, leaves: LeaveRequest[]): Promise<void> {
  for (const l of leaves) {
    await tx.query(
      `insert into leaves (id, staff_id, window_id, requested_by, requested_by_name, type, from_date, from_half, to_date, to_half,
                           until_date, until_half, half_days, reason, attachments, status, steps, substitute_required,
                           substitute_reason, substitute_id, extension_of, filed_afterwards, submitted_at, withdrawn_at,
                           revocation, closure, deceit)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
       on conflict (id) do update set
         until_date = excluded.until_date, until_half = excluded.until_half, attachments = excluded.attachments,
         status = excluded.status, steps = excluded.steps, substitute_id = excluded.substitute_id,
         withdrawn_at = excluded.withdrawn_at, revocation = excluded.revocation, closure = excluded.closure, deceit = excluded.deceit`,
      [
        l.id,
        l.staffId,
        l.windowId,
        l.requestedBy,
        l.requestedByName,
        l.type,
        l.from.date,
        l.from.half,
        l.to.date,
        l.to.half,
        l.until.date,
        l.until.half,
        Math.round(l.days * 2),
        l.reason,
        JSON.stringify(l.attachments),
        l.status,
        JSON.stringify(l.steps),
        l.substituteRequired,
        l.substituteReason,
        l.substituteId,
        l.extensionOf,
        l.filedAfterwards,
        l.submittedAt,
        l.withdrawnAt,
        l.revocation ? JSON.stringify(l.revocation) : null,
        l.closure ? JSON.stringify(l.closure) : null,
        l.deceit ? JSON.stringify(l.deceit) : null,
      ],
    );
  }
}

export async function upsertSubstitutes(tx: Db, list: SubstituteArrangement[]): Promise<void> {
  for (const s of list) {
    await tx.query(
      `insert into substitutes (id, leave_id, window_id, for_staff_id, substitute_staff_id, substitute_name, substitute_phone,
                                from_date, from_half, to_date, to_half, status, named_by, named_by_name, named_at, confirmed_by,
                                confirmed_by_name, confirmed_at, reported_at, badge_number, badge_issued_at, badge_issued_by_name,
                                badge_returned_at, badge_returned_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
       on conflict (id) do update set
         to_date = excluded.to_date, to_half = excluded.to_half, status = excluded.status, confirmed_by = excluded.confirmed_by,
         confirmed_by_name = excluded.confirmed_by_name, confirmed_at = excluded.confirmed_at, reported_at = excluded.reported_at,
         badge_number = excluded.badge_number, badge_issued_at = excluded.badge_issued_at,
         badge_issued_by_name = excluded.badge_issued_by_name, badge_returned_at = excluded.badge_returned_at,
         badge_returned_by_name = excluded.badge_returned_by_name`,
      [
        s.id,
        s.leaveId,
        s.windowId,
        s.forStaffId,
        s.substituteStaffId,
        s.substituteName,
        s.substitutePhone,
        s.from.date,
        s.from.half,
        s.to.date,
        s.to.half,
        s.status,
        s.namedBy,
        s.namedByName,
        s.namedAt,
        s.confirmedBy,
        s.confirmedByName,
        s.confirmedAt,
        s.reportedAt,
        s.badgeNumber,
        s.badgeIssuedAt,
        s.badgeIssuedByName,
        s.badgeReturnedAt,
        s.badgeReturnedByName,
      ],
    );
  }
}

export async function upsertOutings(tx: Db, list: Outing[]): Promise<void> {
  for (const o of list) {
    await tx.query(
      `insert into outings (id, staff_id, window_id, purpose, started_at, expected_return_at, returned_at, registered_by, registered_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do update set returned_at = excluded.returned_at`,
      [
        o.id,
        o.staffId,
        o.windowId,
        o.purpose ?? '',
        o.startedAt,
        o.expectedReturnAt,
        o.returnedAt,
        o.registeredBy,
        o.registeredByName,
      ],
    );
  }
}

/** The signed-in user as a domain actor (with their window's department). */
export async function actorOf(db: Db, user: SessionUser): Promise<Actor> {
  const [w] = user.windowId
    ? await queryRows(
        db,
        'select department from windows where id = $1',
        [user.windowId],
        z.object({ department: z.string() }),
      )
    : [];
  return {
    id: user.id,
    name: user.displayName,
    role: user.role,
    staffId: user.staffId,
    windowId: user.windowId,
    department: w?.department ?? null,
  };
}
