import type { z } from 'zod';
import type { Db } from './types';

/**
 * A query whose rows are parsed by a zod row schema instead of asserted with `db.query<T>`: a
 * column renamed or retyped in a migration fails here, loudly (a 500 naming the column), not as
 * `undefined` further on. Use it where rows are few per request (the assessment cycle, a version,
 * an admin read). The pull feeds (up to 5,000 rows a page) are not parsed per row: that would
 * cost more than the ~10 % budget of pull; instead every pulled entity's row is checked against
 * its domain schema (PULLED_ROW_SCHEMAS) in test/integration/contract.test.ts and
 * input-bounds.test.ts.
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
