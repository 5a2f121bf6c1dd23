import type { WindowDutyDb } from '../../db/database';
import { failureOf, OfflineError, RefusedError, upload, type ApiAnswer, type FetchFn } from '../../http/client';

let uploading: Promise<number> | null = null;

/**
 * Upload leave documents (certificates, notices) once the server lists them on the leave: the
 * local leave row is synced (pulled back after its change was applied) and names the hash.
 * Oldest first; offline, 401 or 5xx stop the run (it resumes after the next sync); a refusal
 * marks the file refused and keeps it. Returns how many were uploaded.
 */
export function uploadPendingLeaveFiles(db: WindowDutyDb, fetchFn: FetchFn): Promise<number> {
  uploading ??= (async () => {
    let done = 0;
    try {
      const pending = await db.leave_files.where('uploaded').equals(0).toArray();
      pending.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
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
          if (error instanceof OfflineError) break;
          throw error;
        }
        const failure = failureOf(answer);
        if (!failure) {
          await db.leave_files.update([file.leaveId, file.hash], { uploaded: 1 });
          done++;
        } else if (!(failure instanceof RefusedError)) {
          break; // signed out or a server error: try again later
        } else if (failure.status !== 404) {
          // 404: the server does not list it yet (pulled row ahead of a later change); try again later.
          await db.leave_files.update([file.leaveId, file.hash], { uploaded: 2 });
        }
      }
    } finally {
      uploading = null;
    }
    return done;
  })();
  return uploading;
}
