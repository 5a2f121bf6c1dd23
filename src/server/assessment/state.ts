import { z } from 'zod';
import { CYCLE_STATES, cycleStateOf, type CycleState } from '../../domain/assessment';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';

/** The cycle state of each of these months (open when nothing is stored). */
export async function monthStates(db: Db, months: readonly string[]): Promise<Map<string, CycleState>> {
  const unique = [...new Set(months)];
  const states = new Map<string, CycleState>(unique.map((m) => [m, 'open']));
  if (!unique.length) return states;
  const closed = await queryRows(
    db,
    'select month from recording_periods where month = any($1::text[])',
    [unique],
    z.object({ month: z.string() }),
  );
  const stored = await queryRows(
    db,
    'select month, state from assessment_periods where month = any($1::text[])',
    [unique],
    z.object({ month: z.string(), state: z.enum(CYCLE_STATES) }),
  );
  const storedBy = new Map(stored.map((r) => [r.month, r.state]));
  const closedSet = new Set(closed.map((r) => r.month));
  for (const m of unique) states.set(m, cycleStateOf(storedBy.get(m), closedSet.has(m)));
  return states;
}

export async function monthState(db: Db, month: string): Promise<CycleState> {
  return (await monthStates(db, [month])).get(month)!;
}
