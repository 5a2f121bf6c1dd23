import { hallMonthBoundsUtc } from '../../../domain/hall-time';
import type { LocalViolation, WindowDutyDb } from '../../db/database';
import { compareText } from '../../../domain/text-order';

/**
 * A window's synced records of a hall month, oldest first (what its head verifies): the month's
 * observedAt range in one getAll through the index, then the window's. Phones keep no windowId
 * index on violations (every pulled row would pay for it), and a Dexie .filter() walks a cursor.
 */
export async function windowRecordsOfMonth(
  db: WindowDutyDb,
  windowId: string,
  month: string,
  zone: string,
): Promise<LocalViolation[]> {
  const { from, to } = hallMonthBoundsUtc(month, zone);
  return (await db.violations.where('observedAt').between(from, to, true, false).toArray())
    .filter((v) => v.syncState === 'synced' && v.windowId === windowId)
    .sort((a, b) => compareText(a.observedAt, b.observedAt));
}
