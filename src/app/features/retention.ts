import type { Change } from '../../domain/sync/protocol';
import { addMonths, hallMonth, hallMonthBoundsUtc } from '../../domain/hall-time';
import type { LocalDispute, LocalRound, LocalViolation, WindowDutyDb } from '../db/database';

/**
 * Phones that live a year (issue 14 §5). A phone keeps the rows its role needs for the open
 * months — this hall month and the one before (verified, approved and published in the first days
 * of the next) — plus every published version's summary; older records, rounds, disputes and
 * bonuses are not written by a pull and are pruned now and then. A row with a change still
 * waiting for the server (or refused, or a photo not uploaded yet) is never dropped. The pull
 * sends the horizon (`since`), so the server does not send older rows at all. Where an older
 * month's records are looked at — a published month's explanation — they come with the
 * explanation from the server and stay with it (features/assessment/explanations.ts).
 */
export const RETAIN_MONTHS = 2;
/** How often the prune runs after a sync. */
export const PRUNE_EVERY_MS = 6 * 3_600_000;
export const PRUNED_AT = 'retentionPrunedAt';

export interface Horizon {
  /** The first month kept (YYYY-MM). */
  month: string;
  /** Its first instant (UTC ISO): records observed before it go. */
  fromIso: string;
  /** Its first day (YYYY-MM-DD): rounds of days before it go. */
  fromDay: string;
}

export function retentionHorizon(now: Date, zone: string, keepMonths: number = RETAIN_MONTHS): Horizon {
  const month = addMonths(hallMonth(now, zone), -(Math.max(1, keepMonths) - 1));
  return { month, fromIso: hallMonthBoundsUtc(month, zone).from, fromDay: `${month}-01` };
}

/**
 * Whether a pulled row lies within the horizon (rows of other tables always do). Its `since` goes
 * with the pull, so the server does not send older rows at all; the check here still holds for a
 * server from before `since`, and for a row the server sends because its own clock is behind.
 */
export function keptOnPull(
  horizon: Horizon,
): ((change: Pick<Change, 'entity' | 'data'>) => boolean) & { since: string } {
  const keep = ({ entity, data }: Pick<Change, 'entity' | 'data'>): boolean => {
    if (!data) return true;
    switch (entity) {
      case 'violations':
        return !(typeof data.observedAt === 'string' && data.observedAt < horizon.fromIso);
      case 'rounds':
        return !(typeof data.day === 'string' && data.day < horizon.fromDay);
      case 'disputes':
      case 'bonuses':
        return !(typeof data.month === 'string' && data.month < horizon.month);
      default:
        return true;
    }
  };
  return Object.assign(keep, { since: horizon.month });
}

const CHUNK = 5_000;

/** Rows older than the horizon, none with a change waiting; the numbers dropped per table. */
export async function pruneOldRows(
  db: WindowDutyDb,
  horizon: Horizon,
): Promise<{ violations: number; rounds: number; disputes: number; bonuses: number; photos: number }> {
  // Every row an outbox entry still names (pending, refused or stuck): kept whatever its age.
  const waiting = new Set((await db.outbox.orderBy('rowKey').uniqueKeys()) as string[]);
  // Records with a photo still to upload are kept too (the upload needs the record).
  const photoWaiting = new Set((await db.photos.where('uploaded').notEqual(1).toArray()).map((p) => p.violationId));
  const settled = (row: LocalViolation | LocalRound | LocalDispute | undefined, key: string) =>
    !!row && row.syncState === 'synced' && !row.serverVersion && !row.refused && !waiting.has(key);

  const dropped = { violations: 0, rounds: 0, disputes: 0, bonuses: 0, photos: 0 };
  const oldViolations = (await db.violations.where('observedAt').below(horizon.fromIso).primaryKeys()) as string[];
  const gone = new Set<string>();
  for (let i = 0; i < oldViolations.length; i += CHUNK) {
    const ids = oldViolations.slice(i, i + CHUNK);
    await db.transaction('rw', db.violations, async () => {
      const rows = await db.violations.bulkGet(ids);
      const drop = ids.filter(
        (id, j) =>
          settled(rows[j], `violations:${id}`) && !photoWaiting.has(id) && rows[j]!.observedAt < horizon.fromIso,
      );
      await db.violations.bulkDelete(drop);
      for (const id of drop) gone.add(id);
    });
  }
  dropped.violations = gone.size;
  if (gone.size) {
    const photoKeys = (await db.photos.where('uploaded').equals(1).toArray())
      .filter((p) => gone.has(p.violationId))
      .map((p) => [p.violationId, p.hash] as [string, string]);
    await db.photos.bulkDelete(photoKeys);
    dropped.photos = photoKeys.length;
  }

  await db.transaction('rw', [db.rounds, db.disputes, db.bonuses], async () => {
    const rounds = await db.rounds.where('day').below(horizon.fromDay).toArray();
    const dropRounds = rounds.filter((r) => settled(r, `rounds:${r.id}`) && !!r.finishedAt).map((r) => r.id);
    await db.rounds.bulkDelete(dropRounds);
    dropped.rounds = dropRounds.length;
    const disputes = await db.disputes.where('month').below(horizon.month).toArray();
    const dropDisputes = disputes.filter((d) => settled(d, `disputes:${d.id}`)).map((d) => d.id);
    await db.disputes.bulkDelete(dropDisputes);
    dropped.disputes = dropDisputes.length;
    dropped.bonuses = await db.bonuses.where('month').below(horizon.month).delete();
  });
  return dropped;
}

/** After a sync: prune when the last prune is PRUNE_EVERY_MS old (or never ran). Null when not due. */
export async function pruneIfDue(db: WindowDutyDb, now: Date, zone: string) {
  const last = (await db.meta.get(PRUNED_AT))?.value;
  if (typeof last === 'string' && now.getTime() - Date.parse(last) < PRUNE_EVERY_MS) return null;
  const dropped = await pruneOldRows(db, retentionHorizon(now, zone));
  await db.meta.put({ key: PRUNED_AT, value: now.toISOString() });
  return dropped;
}
