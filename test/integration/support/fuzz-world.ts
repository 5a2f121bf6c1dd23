import type { Db } from '../../../src/server/db/types';
import type { Resolver } from './fuzz-values';

/**
 * What exists on the server, read from the database before each generated request, so templates
 * can name real records ({$known: 'violation', i}) as well as fresh and broken ids.
 * Ordered by the change feed's seq (or creation) rather than by id: server-made ids are random,
 * and the same seed should pick the same rows again.
 */
const KNOWN_SQL: Record<string, string> = {
  floor: 'select id::text from floors order by seq limit 20',
  window: 'select id::text from windows order by seq limit 30',
  staff: 'select id::text from staff order by seq limit 30',
  user: 'select id::text from users order by username limit 30',
  violation: 'select id::text from violations order by seq desc limit 30',
  round: 'select id::text from rounds order by seq desc limit 20',
  leave: 'select id::text from leaves order by seq desc limit 20',
  substitute: 'select id::text from substitutes order by seq desc limit 20',
  outing: 'select id::text from outings order by seq desc limit 20',
  dispute: 'select id::text from disputes order by seq desc limit 20',
  late: 'select id::text from late_submissions order by created_at desc, id limit 20',
  roster: 'select id::text from duty_roster order by seq limit 20',
  scheme: 'select id::text from schemes order by version limit 10',
  bonus: 'select id::text from bonus_records order by seq desc limit 20',
  disqualification: 'select id::text from disqualification_records order by created_at desc, id limit 20',
};

export class World implements Resolver {
  private ids = new Map<string, string[]>();

  constructor(private readonly db: Db) {}

  async refresh(): Promise<void> {
    const sql = `select ${Object.entries(KNOWN_SQL)
      .map(([kind, q]) => `array(${q}) as "${kind}"`)
      .join(', ')}`;
    const [row] = await this.db.query<Record<string, string[]>>(sql);
    for (const kind of Object.keys(KNOWN_SQL)) this.ids.set(kind, row![kind] ?? []);
  }

  known(kind: string): readonly string[] {
    const list = this.ids.get(kind);
    if (!list) throw new Error(`fuzz world: no kind "${kind}"`);
    return list;
  }
}

/** Tables a push writes new rows into, by the mutation that creates one. */
export const CREATES: Record<string, string> = {
  'violation.record': 'violations',
  'round.start': 'rounds',
  'violation.late_submit': 'late_submissions',
  'dispute.file': 'disputes',
  'leave.request': 'leaves',
  'substitute.name': 'substitutes',
  'outing.start': 'outings',
};
export const PUSH_TABLES = [...new Set(Object.values(CREATES))];

export type PushCounts = Record<string, number>;

/** Row counts of the tables a push may grow, and the exactly-once log (both places). */
export async function pushCounts(db: Db): Promise<PushCounts> {
  const [row] = await db.query<Record<string, number>>(
    `select ${PUSH_TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')},
            (select count(*)::int from mutations) + (select count(*)::int from violations where mutation_id is not null) as log`,
  );
  return row!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Of these mutation ids, the ones the exactly-once log already holds (lower-case). */
export async function loggedIds(db: Db, ids: unknown[]): Promise<Set<string>> {
  const uuids = [
    ...new Set(ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)).map((id) => id.toLowerCase())),
  ];
  if (!uuids.length) return new Set();
  const rows = await db.query<{ id: string }>(
    `select id::text as id from mutations where id = any($1::uuid[])
     union select mutation_id::text from violations where mutation_id = any($1::uuid[])`,
    [uuids],
  );
  return new Set(rows.map((r) => r.id));
}

interface SentMutation {
  id?: unknown;
  name?: unknown;
}
interface Result {
  id: string;
  status: 'applied' | 'rejected';
  code?: string;
}

/**
 * What a push must have changed, from its answer: one log entry per new mutation id (ids compare
 * case-insensitively; wrong_user is answered but not logged; the first occurrence of an id decides),
 * and one row in the creating mutation's table per new id answered `applied`. Nothing at all when
 * the batch was refused as a whole (no per-mutation results).
 */
export function expectedDelta(
  sent: SentMutation[],
  results: Result[] | undefined,
  loggedBefore: Set<string>,
): PushCounts {
  const delta: PushCounts = Object.fromEntries([...PUSH_TABLES, 'log'].map((t) => [t, 0]));
  if (!results) return delta;
  const decided = new Set<string>();
  results.forEach((r, i) => {
    if (r.status === 'rejected' && r.code === 'wrong_user') return;
    const id = String(sent[i]?.id ?? r.id).toLowerCase();
    if (decided.has(id) || loggedBefore.has(id)) return;
    decided.add(id);
    delta.log!++;
    const table = CREATES[String(sent[i]?.name)];
    if (r.status === 'applied' && table) delta[table]!++;
  });
  return delta;
}
