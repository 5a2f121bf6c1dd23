import { z } from 'zod';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';

/** Months closed for recording, with the moment each was closed. */
export async function closedMonths(tx: Db): Promise<Map<string, string>> {
  const rows = await queryRows(
    tx,
    'select month, closed_at from recording_periods',
    [],
    z.object({ month: z.string(), closed_at: z.date() }),
  );
  return new Map(rows.map((r) => [r.month, new Date(r.closed_at).toISOString()]));
}

/** The same as one JSON value, to read along with other things in one statement. */
export const CLOSED_MONTHS_JSON = `(select coalesce(json_agg(json_build_array(month, closed_at)), '[]') from recording_periods)`;

export const closedMonthsFromJson = (rows: [string, string][]): Map<string, string> =>
  new Map(rows.map(([month, at]) => [month, new Date(at).toISOString()]));
