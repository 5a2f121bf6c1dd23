import type { DisputeEvidence } from '../../../domain/assessment/dispute-evidence';
import type { FileDisputeArgs } from '../../../domain/assessment/disputes';
import type { WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { newId } from '../../ids';
import { correctedNow, type Now } from '../../sync/clock';
import { evidenceRef, keepEvidence } from './dispute-files';

export class AlreadyDisputedError extends Error {
  override name = 'AlreadyDisputedError';
}

/**
 * A window head disputes a record of the window during verification (核实), on this phone: the
 * dispute row and its outbox entry in one transaction; it syncs when it can. One record, one
 * dispute: a second one for the same record is refused here already (the server refuses it too).
 */
export async function fileDispute(
  db: WindowDutyDb,
  input: { violationId: string; reason: string; evidence?: readonly { blob: Blob; name?: string }[] },
  user: Actor,
  now: Now = correctedNow,
): Promise<FileDisputeArgs> {
  const existing = await db.disputes
    .where('violationId')
    .equals(input.violationId)
    .filter((d) => d.syncState !== 'rejected')
    .count();
  if (existing > 0) throw new AlreadyDisputedError(`record ${input.violationId} is already disputed`);
  // Evidence (issue #15 point 11): listed by hash in the dispute, the blobs kept to upload later.
  const files: { ref: DisputeEvidence; blob: Blob }[] = [];
  for (const f of input.evidence ?? []) files.push({ ref: await evidenceRef(f), blob: f.blob });
  const unique = files.filter((f, i) => files.findIndex((g) => g.ref.hash === f.ref.hash) === i);
  const args: FileDisputeArgs = {
    id: newId(),
    violationId: input.violationId,
    reason: input.reason.trim(),
    filedAt: now().toISOString(),
    ...(unique.length ? { evidence: unique.map((f) => f.ref) } : {}),
  };
  await enqueueMutation(db, 'dispute.file', args, user, now);
  await keepEvidence(db, args.id, unique, now);
  return args;
}
