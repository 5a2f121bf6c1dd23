import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { NAME_MAX, boundedText, hallDate, requiredText } from '../bounds';
import { HHMM } from './round-slots';

/**
 * Patrol rounds (DOMAIN §3): each day a floor's duty leader walks the floor scheme.patrol.roundsPerDay
 * times, each in its time window (local hall time). All functions here are pure: "now" is given as a
 * local day (YYYY-MM-DD) and minutes since local midnight, so they do not depend on the time zone.
 */

// Slots, status and reminders: patrol/round-slots.ts (zod-free, for the first screen).
export {
  HHMM,
  DAY,
  DEFAULT_ROUND_WINDOWS,
  minutesOf,
  roundSlots,
  formatSlotTime,
  roundStatus,
  dayRounds,
  dueReminder,
  withinSlot,
  roundClosesAt,
  roundOverdue,
  wallClockOf,
  slotForNow,
} from './round-slots';
export type { RoundWindow, RoundSlot, RoundStatus, SlotState } from './round-slots';

export const RoundWindowSchema = z
  .object({
    name: z.object({ zh: boundedText(60).min(1), en: boundedText(60).min(1) }),
    from: z.string().regex(HHMM, { error: 'must be HH:MM' }),
    to: z.string().regex(HHMM, { error: 'must be HH:MM' }),
  })
  .refine((w) => w.from < w.to, { error: 'a round window must end after it starts' });

// ── Mutations and the synced round ───────────────────────────────────────────────────────────

/** startedAt: written by the phone in hall time with its offset (hallIso), e.g. 2026-03-02T09:15:00+08:00. */
export const StartRoundArgsSchema = z.object({
  id: IdSchema,
  floorId: IdSchema,
  slot: z.number().int().min(0).max(11),
  startedAt: IsoTimeSchema,
});
export type StartRoundArgs = z.infer<typeof StartRoundArgsSchema>;

export const FinishRoundArgsSchema = z.object({
  id: IdSchema,
  finishedAt: IsoTimeSchema,
  checkedWindowIds: z.array(IdSchema).max(500),
  allInOrderWindowIds: z.array(IdSchema).max(500),
});
export type FinishRoundArgs = z.infer<typeof FinishRoundArgsSchema>;

/**
 * One window checked in an open round, sent as it happens (coverage is live, not only at the
 * finish): inOrder true marks it 一切正常; false takes that mark back. Applied once per mutation id.
 */
export const CheckWindowArgsSchema = z.object({
  /** The round. */
  id: IdSchema,
  windowId: IdSchema,
  inOrder: z.boolean(),
  checkedAt: IsoTimeSchema,
});
export type CheckWindowArgs = z.infer<typeof CheckWindowArgsSchema>;

export const ABANDON_REASON_MAX = 200;

/** Give up an open round, with a reason (audited on the server); its slot may then be walked again. */
export const AbandonRoundArgsSchema = z.object({
  id: IdSchema,
  reason: requiredText(ABANDON_REASON_MAX, 'a reason is required'),
  abandonedAt: IsoTimeSchema,
});
export type AbandonRoundArgs = z.infer<typeof AbandonRoundArgsSchema>;

export const RoundSchema = z.object({
  id: IdSchema,
  floorId: IdSchema,
  slot: z.number().int().min(0).max(11),
  /** The hall day (YYYY-MM-DD) of startedAt. */
  day: hallDate,
  startedAt: IsoTimeSchema,
  finishedAt: IsoTimeSchema.nullable(),
  checkedWindowIds: z.array(IdSchema).max(500),
  allInOrderWindowIds: z.array(IdSchema).max(500),
  leaderId: IdSchema,
  leaderName: boundedText(NAME_MAX),
});
export type Round = z.infer<typeof RoundSchema>;

export { roundDay } from './round-day';
