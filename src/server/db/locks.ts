import type { Db } from './types';

/** Advisory lock keys (arbitrary constants, unique within this app). */
const MIGRATION_LOCK = 7_241_001;
const CHANGE_FEED_LOCK = 7_241_002;

/**
 * Every transaction that writes a synced row (floors, windows, staff, schemes, violations)
 * takes this lock first, before any nextval('change_seq').
 *
 * Why: pull hands out rows with seq > cursor. Sequence values are assigned at insert/update
 * time but become visible at commit. Without the lock, on real PostgreSQL transaction A could
 * take seq 10, B take seq 11 and commit first; a phone pulling then gets 11, moves its cursor
 * to 11, and never sees 10 once A commits. Holding one lock until commit makes seq order equal
 * commit order, so the committed seqs are always a prefix and a cursor never skips a row.
 */
export async function lockChangeFeed(tx: Db): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [CHANGE_FEED_LOCK]);
}

/** The same lock as a statement without parameters: `db.transaction(fn, LOCK_CHANGE_FEED)` takes it with BEGIN. */
export const LOCK_CHANGE_FEED = `select pg_advisory_xact_lock(${CHANGE_FEED_LOCK})`;

/** Serialises migrations of processes starting together (held until the transaction ends). */
export async function lockMigrations(tx: Db): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
}
