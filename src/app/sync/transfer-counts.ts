import type { Profile } from '../../domain/entities';
import { compareText } from '../../domain/text-order';
import { META, getMeta, type WindowDutyDb } from '../db/database';
import type { TransferCounts, TransferKind } from './transfer-status';

/** What a queue holds, and whether a run of it has anything to do. */
export interface TransferPeek extends TransferCounts {
  due: boolean;
}

/** Files waiting (uploaded 0) and refused (2), the latest refusal's status first. */
async function peekFiles(table: WindowDutyDb['photos'] | WindowDutyDb['leave_files']): Promise<TransferPeek> {
  const [waiting, refused] = await Promise.all([
    table.where('uploaded').equals(0).count(),
    table.where('uploaded').equals(2).toArray(),
  ]);
  const latest = refused.sort((a, b) => compareText(b.createdAt, a.createdAt))[0];
  return { waiting, refused: refused.length, refusedStatus: latest?.refusedStatus ?? null, due: waiting > 0 };
}

/**
 * Each queue read from IndexedDB alone: counting, and a sync with nothing to send, load none of
 * the queues' modules (a phone's start fetched and ran five of them to find nothing queued).
 */
export const PEEK_TRANSFERS: Record<TransferKind, (db: WindowDutyDb) => Promise<TransferPeek>> = {
  photos: (db) => peekFiles(db.photos),
  leaveFiles: (db) => peekFiles(db.leave_files),
  // Dispute evidence keeps no refusal status (the dispute itself carries the outcome).
  disputeFiles: async (db) => {
    const [waiting, refused] = await Promise.all([
      db.dispute_files.where('uploaded').equals(0).count(),
      db.dispute_files.where('uploaded').equals(2).count(),
    ]);
    return { waiting, refused, refusedStatus: null, due: waiting > 0 };
  },
  // One's own explanations of published versions: only someone with a window or a staff sheet
  // has any, and only once a version is on the phone. The run itself fetches those not yet kept.
  explanations: async (db) => {
    const profile = await getMeta<Profile>(db, META.profile);
    const due = !!(profile?.windowId || profile?.staffId) && (await db.assessments.count()) > 0;
    return { waiting: 0, refused: 0, refusedStatus: null, due };
  },
};
