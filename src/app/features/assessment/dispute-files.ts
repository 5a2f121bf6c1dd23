// Types only: the domain module holds zod, which stays off the phone's home paths.
import type { DisputeEvidence } from '../../../domain/assessment/dispute-evidence';
import type { DisputeFileRow, WindowDutyDb } from '../../db/database';
import {
  failureOf,
  OfflineError,
  RefusedError,
  UnauthenticatedError,
  upload,
  type ApiAnswer,
  type FetchFn,
} from '../../http/client';
import type { TransferQueue, TransferRun } from '../../sync/transfers';
import { correctedNow, type Now } from '../../sync/clock';
import { sha256Hex } from '../patrol/photos';
import { compareText } from '../../../domain/text-order';

/**
 * Evidence of a dispute (issue #15 point 11): photos or a document the window head attaches,
 * offline. The dispute lists each file by hash; the blobs wait here until the server has the
 * dispute, then upload — the same shape as leave documents (features/leave/files.ts), so the
 * upload queue can move into the sync engine with them.
 */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceMime = (typeof EVIDENCE_TYPES)[number];
/** The domain's DISPUTE_EVIDENCE_MAX (the server refuses more). */
export const DISPUTE_EVIDENCE_MAX = 5;

export function evidenceMime(blob: Blob): EvidenceMime | null {
  return (EVIDENCE_TYPES as readonly string[]).includes(blob.type) ? (blob.type as EvidenceMime) : null;
}

/** A picked file as the dispute lists it (throws on a type the server would refuse). */
export async function evidenceRef(file: { blob: Blob; name?: string }): Promise<DisputeEvidence> {
  const mime = evidenceMime(file.blob);
  if (!mime) throw new Error(`unsupported file type ${file.blob.type || '(none)'}: use a photo (JPEG/PNG) or a PDF`);
  return {
    hash: await sha256Hex(file.blob),
    mime,
    ...(file.name ? { name: file.name.slice(0, 120) } : {}),
  };
}

/** Keep the blobs of a dispute's evidence until they are uploaded (never holds the change back). */
export async function keepEvidence(
  db: WindowDutyDb,
  disputeId: string,
  files: readonly { ref: DisputeEvidence; blob: Blob }[],
  now: Now = correctedNow,
): Promise<void> {
  const rows: DisputeFileRow[] = files.map((f) => ({
    disputeId,
    hash: f.ref.hash,
    mime: f.ref.mime,
    blob: f.blob,
    uploaded: 0,
    createdAt: now().toISOString(),
  }));
  if (rows.length) await db.dispute_files.bulkPut(rows);
}

/**
 * Upload dispute evidence once the server has the dispute (the local row is synced and lists the
 * hash). Oldest first; offline, 401 or 5xx stop the run (the sync engine's transfers try again
 * with backoff); a refusal marks the file refused with its status and keeps it.
 */
export async function uploadDisputeFilesOnce(db: WindowDutyDb, fetchFn: FetchFn): Promise<TransferRun> {
  let done = 0;
  const pending = await db.dispute_files.where('uploaded').equals(0).toArray();
  pending.sort((a, b) => compareText(a.createdAt, b.createdAt));
  for (const file of pending) {
    const dispute = await db.disputes.get(file.disputeId);
    if (!dispute || dispute.syncState !== 'synced' || !(dispute.evidence ?? []).some((e) => e.hash === file.hash))
      continue;
    let answer: ApiAnswer;
    try {
      answer = await upload(
        fetchFn,
        `/api/dispute-files/${file.hash}?disputeId=${encodeURIComponent(file.disputeId)}`,
        file.blob,
        { headers: { 'content-type': file.mime } },
      );
    } catch (error) {
      if (error instanceof OfflineError) return { done, stopped: 'offline' };
      throw error;
    }
    const failure = failureOf(answer);
    if (!failure) {
      await db.dispute_files.update([file.disputeId, file.hash], { uploaded: 1 });
      done++;
    } else if (failure instanceof UnauthenticatedError) {
      return { done, stopped: 'signed_out' };
    } else if (!(failure instanceof RefusedError)) {
      return { done, stopped: 'server_error' };
    } else if (failure.status !== 404) {
      // 404: the server does not list it yet; try again later.
      await db.dispute_files.update([file.disputeId, file.hash], { uploaded: 2 });
    }
  }
  return { done };
}

/** One run, counting the files uploaded (tests). */
export async function uploadPendingDisputeFiles(db: WindowDutyDb, fetchFn: FetchFn): Promise<number> {
  return (await uploadDisputeFilesOnce(db, fetchFn)).done;
}

/** The dispute-evidence queue of the sync engine's transfers. */
export const disputeFileQueue: TransferQueue = {
  run: uploadDisputeFilesOnce,
};
