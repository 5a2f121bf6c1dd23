import type { Db } from '../db/types';

/**
 * The audit log's writing side, shared by every area that changes something (admin, auth, sync,
 * patrol, assessment). Reading it (GET /api/admin/audit) is the console's, in admin/audit.ts.
 */

/** What the audit log says about one change or sign-in. */
export interface AuditEntry {
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** Audit actions (stable codes; filters and the console switch on them). */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'create',
  'update',
  'delete',
  'reset_password',
  'disable',
  'enable',
  'import',
  'withdraw', // a recorder withdrew a violation record
  'close_month', // a month closed for recording
  'accept', // a late submission accepted
  'refuse', // a late submission refused
  'compile', // a month's preliminary assessment compiled
  'open_verification', // window heads may verify and dispute
  'decide_dispute', // a dispute upheld or overturned
  'approve', // a month's assessment approved by the center leader
  'return', // an approved assessment sent back to verification
  'publish', // a month's assessment published (version 1)
  'correct', // a correction after publication (version N+1)
  'badge_issue', // a substitute's temporary badge issued (临时挂牌)
  'badge_return', // and returned
  'leave_close', // a leave closed (销假) by the supervision section
  'leave_deceit', // a leave found obtained by deceit (骗假): its days count as absence
  'leave_file', // a leave filed by the supervision section for a staff member
  'abandon_round', // a duty officer gave up an open patrol round, with a reason
] as const;

/** Appends one entry. Call inside the transaction of the change it describes. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, ip)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.actorId,
      entry.actorName,
      entry.action,
      entry.entity,
      entry.entityId ?? null,
      entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
      entry.ip ?? null,
    ],
  );
}
