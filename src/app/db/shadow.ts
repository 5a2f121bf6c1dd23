import type { OutboxEntry, Shadowed, WindowDutyDb } from './database';

/**
 * The server's version of a local row (issue 13 §6). A row the server has is kept as it was
 * pulled before the first local change patches it; a refused change then restores it, offline,
 * without waiting for a pull.
 */

type Row = Record<string, unknown> & Shadowed & { syncState?: string };

/** Fields only the phone writes: they are never part of the server's version. */
const LOCAL_FIELDS = ['syncState', 'rejectionCode', 'rejectionReason', 'serverVersion', 'refused'] as const;

export function withoutLocalFields(row: Row): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...row };
  for (const key of LOCAL_FIELDS) delete copy[key];
  return copy;
}

/** The server's version to keep beside a local change of `existing` (none for a row only this phone has). */
export function serverVersionBefore(existing: Row | undefined): Record<string, unknown> | undefined {
  if (!existing) return undefined;
  // A synced row is the server's (a version kept from before is out of date once acknowledged).
  if (existing.syncState === 'synced') return withoutLocalFields(existing);
  return existing.serverVersion;
}

/**
 * The server refused `entry`: put its row back to the server's version, replaying the changes of
 * the row still waiting (they are sent on their own and may be taken), and note the refusal.
 * Returns false when the row has no server version (it only ever existed on this phone): the
 * caller marks it rejected as before. Runs inside the caller's transaction (outbox + REPLAY_TABLES).
 */
export async function restoreServerVersion(
  db: WindowDutyDb,
  entry: OutboxEntry,
  table: string,
  rowId: string,
  refusal: { code?: string; reason?: string },
  replay: (db: WindowDutyDb, entry: OutboxEntry, existing: Row) => Promise<Row>,
): Promise<boolean> {
  const row = (await db.table(table).get(rowId)) as Row | undefined;
  if (!row?.serverVersion) return false;
  const serverVersion = row.serverVersion;
  let restored: Row = { ...serverVersion, syncState: 'synced' };
  const waiting = (await db.outbox.where('rowKey').equals(`${table}:${rowId}`).toArray())
    .filter((other) => other.id !== entry.id && other.state !== 'rejected')
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (const other of waiting) {
    try {
      restored = await replay(db, other, restored);
    } catch {
      /* a later change that no longer fits the server's row: the server will refuse it in turn */
    }
  }
  if (waiting.length) restored = { ...restored, syncState: 'pending', serverVersion };
  else delete restored.serverVersion;
  restored.refused = { code: refusal.code, reason: refusal.reason };
  delete restored.rejectionCode;
  delete restored.rejectionReason;
  await db.table(table).put(restored);
  return true;
}

/** The refusal a pulled server row keeps from the local row it replaces (a row held only by refused changes). */
export function refusalOf(local: Row | undefined): Shadowed['refused'] {
  if (!local) return undefined;
  if (local.refused) return local.refused;
  if (local.syncState === 'rejected')
    return { code: local.rejectionCode as string | undefined, reason: local.rejectionReason as string | undefined };
  return undefined;
}
