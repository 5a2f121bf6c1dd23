import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { NAME_MAX, boundedText, month, requiredText } from '../bounds';
import type { Role } from '../roles';
import type { RejectionCode } from '../sync/protocol';
import type { CycleState } from './cycle';
import { DisputeEvidenceListSchema } from './dispute-evidence';

/**
 * Verification (核实, DOMAIN §5.3): the head of a window disputes one of its records with a
 * reason; the supervision section decides — it upholds the record (it keeps counting) or
 * overturns it (it no longer counts) — each with a reason. Filed offline as the mutation
 * 'dispute.file'; decided online.
 */
export const DISPUTE_REASON_MAX = 1000;

const Reason = requiredText(DISPUTE_REASON_MAX, 'a reason is required');

export const FileDisputeArgsSchema = z.object({
  /** The dispute's own id (client-generated). */
  id: IdSchema,
  /** The violation record disputed. */
  violationId: IdSchema,
  reason: Reason,
  /** Device clock when filed. */
  filedAt: IsoTimeSchema,
  /** Photos or a document backing the dispute (issue #15 point 11); absent from older phones. */
  evidence: DisputeEvidenceListSchema.optional(),
});
export type FileDisputeArgs = z.infer<typeof FileDisputeArgsSchema>;

/** uphold: the record stands and counts; overturn: the record no longer counts. */
export const DisputeDecisionSchema = z.enum(['uphold', 'overturn']);
export type DisputeDecision = z.infer<typeof DisputeDecisionSchema>;

export const DecideDisputeSchema = z.object({ decision: DisputeDecisionSchema, reason: Reason });
export type DecideDispute = z.infer<typeof DecideDisputeSchema>;

export const DisputeStatusSchema = z.enum(['pending', 'upheld', 'overturned']);
export type DisputeStatus = z.infer<typeof DisputeStatusSchema>;

/** A dispute as the server keeps it and syncs it (table `disputes`). */
export const DisputeSchema = z.object({
  id: IdSchema,
  violationId: IdSchema,
  windowId: IdSchema,
  month,
  filedBy: IdSchema,
  filedByName: boundedText(NAME_MAX),
  reason: boundedText(DISPUTE_REASON_MAX),
  filedAt: IsoTimeSchema,
  status: DisputeStatusSchema,
  decidedBy: IdSchema.nullable(),
  decidedByName: boundedText(NAME_MAX).nullable(),
  decisionReason: boundedText(DISPUTE_REASON_MAX).nullable(),
  decidedAt: IsoTimeSchema.nullable(),
  /** The evidence listed when filed (issue #15 point 11); the files are at /api/dispute-files/:hash. */
  evidence: DisputeEvidenceListSchema.optional(),
});
export type Dispute = z.infer<typeof DisputeSchema>;

export const statusOfDecision = (d: DisputeDecision): DisputeStatus => (d === 'uphold' ? 'upheld' : 'overturned');

export interface FileDisputeCheck {
  user: { role: Role; windowId: string | null };
  /** The disputed record, or null when it does not exist. */
  violation: { windowId: string; status: 'active' | 'withdrawn'; month: string } | null;
  /** The state of the record's month. */
  state: CycleState;
  /** A dispute of this record already exists (one record, one dispute). */
  alreadyDisputed: boolean;
}

/** Why a dispute cannot be filed, or null. The order is the order a window head fixes things in. */
export function fileDisputeProblem(check: FileDisputeCheck): { code: RejectionCode; reason: string } | null {
  const { user, violation } = check;
  if (user.role !== 'window_head')
    return { code: 'forbidden', reason: `only a window head may dispute a record (you are ${user.role})` };
  if (!violation) return { code: 'not_found', reason: 'the disputed record does not exist' };
  if (violation.windowId !== user.windowId)
    return { code: 'forbidden', reason: 'a window head may dispute only the records of their own window' };
  if (violation.status !== 'active')
    return { code: 'conflict', reason: 'the record was withdrawn; it does not count and cannot be disputed' };
  if (check.state !== 'verification') {
    return {
      code: 'closed',
      reason: `records of ${violation.month} can be disputed only during verification (核实); the month is ${check.state} / ${violation.month} 不在核实阶段，不能提出异议`,
    };
  }
  if (check.alreadyDisputed)
    return { code: 'conflict', reason: 'this record is already disputed (one record, one dispute)' };
  return null;
}

/** The ids of records whose dispute overturned them: they do not count. */
export function overturnedRecordIds(disputes: readonly Pick<Dispute, 'violationId' | 'status'>[]): Set<string> {
  return new Set(disputes.filter((d) => d.status === 'overturned').map((d) => d.violationId));
}
