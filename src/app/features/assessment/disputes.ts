import type { FileDisputeArgs } from '../../../domain/assessment/disputes';
import type { WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { newId } from '../../ids';
import { correctedNow, type Now } from '../../sync/clock';

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
  input: { violationId: string; reason: string },
  user: Actor,
  now: Now = correctedNow,
): Promise<FileDisputeArgs> {
  const existing = await db.disputes
    .where('violationId')
    .equals(input.violationId)
    .filter((d) => d.syncState !== 'rejected')
    .count();
  if (existing > 0) throw new AlreadyDisputedError(`record ${input.violationId} is already disputed`);
  const args: FileDisputeArgs = {
    id: newId(),
    violationId: input.violationId,
    reason: input.reason.trim(),
    filedAt: now().toISOString(),
  };
  await enqueueMutation(db, 'dispute.file', args, user, now);
  return args;
}
