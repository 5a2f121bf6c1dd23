import type { RecordViolationArgs } from '../../../domain';
import type { WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { newId } from '../../ids';
import { correctedNow, deviceTime, type Now } from '../../sync/clock';

export interface RecordViolationInput {
  windowId: string;
  staffId: string | null;
  itemCode: string;
  count: number;
  observedAt: Date | string;
  note?: string;
  /** The patrol round the record is made in (from the round screen). */
  roundId?: string | null;
  /** When staffId is a substitute: the person of this window they stand in for. */
  substituteFor?: string | null;
}

/** Record one spot-check violation on this phone; it syncs when it can. */
export async function recordViolation(
  db: WindowDutyDb,
  input: RecordViolationInput,
  user: Actor,
  now: Now = correctedNow,
): Promise<RecordViolationArgs> {
  const observed = typeof input.observedAt === 'string' ? new Date(input.observedAt) : input.observedAt;
  const args: RecordViolationArgs = {
    id: newId(),
    windowId: input.windowId,
    staffId: input.staffId,
    itemCode: input.itemCode,
    count: input.count,
    observedAt: Number.isNaN(observed.getTime()) ? String(input.observedAt) : observed.toISOString(),
    note: (input.note ?? '').trim(),
    deviceRecordedAt: deviceTime(now).toISOString(), // the device's own clock, beside the corrected observedAt
    ...(input.roundId ? { roundId: input.roundId } : {}),
    ...(input.substituteFor && input.staffId ? { substituteFor: input.substituteFor } : {}),
  };
  await enqueueMutation(db, 'violation.record', args, user, now);
  return args;
}
