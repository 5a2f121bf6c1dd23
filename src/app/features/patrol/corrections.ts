import type { UpdateViolationArgs } from '../../../domain';
import type { WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { newId } from '../../ids';

/** Correct one's own record (count, note, item, person) while its month is open. */
export async function updateViolation(db: WindowDutyDb, args: UpdateViolationArgs, user: Actor): Promise<void> {
  await enqueueMutation(db, 'violation.update', args, user);
}

/** Withdraw one's own record, with a reason. */
export async function withdrawViolation(db: WindowDutyDb, id: string, reason: string, user: Actor): Promise<void> {
  await enqueueMutation(db, 'violation.withdraw', { id, reason: reason.trim() }, user);
}

/**
 * A record rejected because its month is closed: forward it to the supervision section as a
 * late submission (the rejected entry is replaced by the forwarding, in one transaction).
 */
export async function forwardAsLate(
  db: WindowDutyDb,
  entryId: string,
  reason: string,
  user: Actor,
): Promise<string | null> {
  return db.transaction('rw', [db.outbox, db.violations, db.rounds], async () => {
    const entry = await db.outbox.where('id').equals(entryId).first();
    if (!entry || entry.state !== 'rejected' || entry.name !== 'violation.record' || entry.code !== 'closed')
      return null;
    await db.outbox.where('id').equals(entryId).delete();
    const id = newId();
    await enqueueMutation(
      db,
      'violation.late_submit',
      { id, violation: entry.args as never, reason: reason.trim() },
      user,
    );
    return id;
  });
}
