import type { MutationResult, RejectionCode } from '../../domain';

/** What the server decided for one pushed mutation. */
export type Outcome = { status: 'applied' } | { status: 'rejected'; code: RejectionCode; reason: string };

export const APPLIED: Outcome = { status: 'applied' };

export const reject = (code: RejectionCode, reason: string): Outcome => ({ status: 'rejected', code, reason });

export function toResult(id: string, outcome: Outcome): MutationResult {
  return outcome.status === 'applied'
    ? { id, status: 'applied' }
    : { id, status: 'rejected', code: outcome.code, reason: outcome.reason };
}
