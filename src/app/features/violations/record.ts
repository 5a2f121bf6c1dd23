import type { RecordViolationArgs } from '../../../domain';
import { EARLIEST_INSTANT_MS, LATEST_INSTANT_MS } from '../../../domain/bounds';
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
    deviceRecordedAt: deviceRecordedAt(now), // the device's own clock, beside the corrected observedAt
    ...(input.roundId ? { roundId: input.roundId } : {}),
    ...(input.substituteFor && input.staffId ? { substituteFor: input.substituteFor } : {}),
  };
  await enqueueMutation(db, 'violation.record', args, user, now);
  return args;
}

/**
 * The device's own time for the record, when the domain can hold it (2000 … 2099, bounds.ts).
 * A phone reset to 1970 or set to 2100 otherwise failed the record's own check and could record
 * nothing at all (issue 11 §8); its record then keeps the corrected time here. Its raw reading
 * is not lost: the outbox entry's createdAt and the push's deviceNow carry it (unbounded), and the
 * server measures and keeps the skew from them.
 */
export function deviceRecordedAt(now: Now): string {
  const device = deviceTime(now);
  const ms = device.getTime();
  return ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS ? device.toISOString() : now().toISOString();
}
