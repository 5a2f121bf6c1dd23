/** A record in a subject's scope that does not count, and why. */
export type NotCountedReason =
  | 'withdrawn'
  | 'overturned'
  | 'excused'
  | 'converted'
  | 'unknown_item'
  | 'unknown_bonus'
  | 'points_out_of_range'
  | 'substitute_not_own_score';

export interface NotCounted {
  recordId: string;
  kind: 'deduction' | 'bonus';
  reason: NotCountedReason;
  note: string;
}

export function compareNotCounted(a: NotCounted, b: NotCounted): number {
  if (a.kind !== b.kind) return a.kind === 'deduction' ? -1 : 1;
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}
