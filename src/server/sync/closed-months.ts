import type { Db } from '../db/types';

/** Months closed for recording, with the moment each was closed. */
export async function closedMonths(tx: Db): Promise<Map<string, string>> {
  const rows = await tx.query<{ month: string; closed_at: Date }>('select month, closed_at from recording_periods');
  return new Map(rows.map((r) => [r.month, new Date(r.closed_at).toISOString()]));
}
