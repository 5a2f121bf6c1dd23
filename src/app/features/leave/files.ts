import type { WindowDutyDb } from '../../db/database';
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
import { compareText } from '../../../domain/text-order';

/**
 * Upload leave documents (certificates, notices) once the server lists them on the leave: the
 * local leave row is synced (pulled back after its change was applied) and names the hash.
 * Oldest first; offline, 401 or 5xx stop the run (the sync engine's transfers try again with
 * backoff); a refusal marks the file refused with its status and keeps it.
 */
export async function uploadLeaveFilesOnce(db: WindowDutyDb, fetchFn: FetchFn): Promise<TransferRun> {
  let done = 0;
  const pending = await db.leave_files.where('uploaded').equals(0).toArray();
  pending.sort((a, b) => compareText(a.createdAt, b.createdAt));
  for (const file of pending) {
    const leave = await db.leaves.get(file.leaveId);
    if (
      !leave ||
      leave.redacted ||
      leave.syncState !== 'synced' ||
      !leave.attachments.some((a) => a.hash === file.hash)
    )
      continue;
    let answer: ApiAnswer;
    try {
      answer = await upload(
        fetchFn,
        `/api/leave-files/${file.hash}?leaveId=${encodeURIComponent(file.leaveId)}`,
        file.blob,
        { headers: { 'content-type': file.mime } },
      );
    } catch (error) {
      if (error instanceof OfflineError) return { done, stopped: 'offline' };
      throw error;
    }
    const failure = failureOf(answer);
    if (!failure) {
      await db.leave_files.update([file.leaveId, file.hash], { uploaded: 1, refusedStatus: undefined });
      done++;
    } else if (failure instanceof UnauthenticatedError) {
      return { done, stopped: 'signed_out' };
    } else if (!(failure instanceof RefusedError)) {
      return { done, stopped: 'server_error' };
    } else if (failure.status !== 404) {
      // 404: the server does not list it yet (pulled row ahead of a later change); try again later.
      await db.leave_files.update([file.leaveId, file.hash], { uploaded: 2, refusedStatus: failure.status });
    }
  }
  return { done };
}

/** One run, counting the files uploaded (tests). */
export async function uploadPendingLeaveFiles(db: WindowDutyDb, fetchFn: FetchFn): Promise<number> {
  return (await uploadLeaveFilesOnce(db, fetchFn)).done;
}

/** The leave-document queue of the sync engine's transfers. */
export const leaveFileQueue: TransferQueue = {
  run: uploadLeaveFilesOnce,
};
