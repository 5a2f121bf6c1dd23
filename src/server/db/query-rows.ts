import type { z } from 'zod';
import type { Db } from './types';

/**
 * A query whose rows are parsed by a zod row schema instead of asserted with `db.query<T>`: a
 * column renamed or retyped in a migration fails here, loudly (a ZodError naming the column, a
 * 500), not as `undefined` further on. The row schemas say what both drivers return (PGlite and
 * node-postgres alike): timestamptz a Date, int4/int8 a number, jsonb parsed, uuid[]/text[] a
 * string[], enum columns the domain's enums; the shared ones live beside their mappings
 * (rows/rows.ts, leave/store.ts, assessment/rows.ts), each with its type derived from it.
 *
 * Every read of these paths is parsed:
 * - push: every read of the sync families (sync/*.ts: violations, corrections, rounds, disputes,
 *   leave with its store's actorOf, closed months, the roster via patrol/roster-read.ts) and the
 *   mutation-log look-up, which returns only ids already logged (replays), so costs nothing;
 * - the assessment (assessment/*.ts and leave/consequences.ts): the cycle, versions, disputes,
 *   bonuses, the explanation route, and everything loadMonthRecords reads — monthViolations
 *   included: parsing a month of 50,000 records costs ~40–55 ms (~1 µs a row), 1–3 % of compile
 *   (test/bench/month-violations-parse.ts).
 * Test: test/unit/server-row-schemas.test.ts (a renamed column fails, naming it).
 *
 * Not parsed: the pull feeds (sync/pull.ts, up to 5,000 rows a page, a json value per row) —
 * that would cost more than the ~10 % budget of pull; instead every pulled entity's row is checked
 * against its domain schema (PULLED_ROW_SCHEMAS) in test/integration/contract.test.ts and
 * input-bounds.test.ts. Other areas (admin CRUD, bundle export, photos, leave routes) still assert
 * with `db.query<T>`; their row types are the same derived ones where they share them.
 */
export async function queryRows<S extends z.ZodType>(
  db: Db,
  sql: string,
  params: unknown[],
  schema: S,
): Promise<z.output<S>[]> {
  const rows = await db.query(sql, params);
  return rows.map((row) => schema.parse(row));
}
