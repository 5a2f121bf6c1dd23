/**
 * The one database interface the server talks to, so the same SQL runs on embedded PGlite
 * (single-machine installs, tests) and on a real PostgreSQL (several server processes).
 * int8 columns come back as JS numbers in both (seq, counts); timestamptz as Date.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** One statement, $1-style parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn in BEGIN … COMMIT (ROLLBACK on throw). Nested calls join the outer transaction.
   * `opening`, a statement without parameters, runs first — on PostgreSQL in the same round trip
   * as BEGIN (taking a lock every push needs costs no extra wait then).
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, opening?: string): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL pool clients (for /metrics); PGlite has no pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
}
