import { z } from 'zod';
import { IdSchema, IsoTimeSchema } from '../entities';
import { deviceTime } from '../bounds';
import { PULL_LIMIT_MAX, PUSH_BATCH_MAX } from './limits';

/**
 * The sync protocol between phone and server. A mutation is one user action, named, with a
 * client-generated id that makes it idempotent: the server applies each id at most once and
 * answers a replay with the first outcome.
 */
export const MutationEnvelopeSchema = z.object({
  id: IdSchema,
  // Any name up to its bound: an unknown (or garbled) name is that mutation's own rejection,
  // logged NUL-safe, never a refused batch that would hold up the phone's whole queue.
  name: z.string().min(1).max(60),
  /** The user who made the change on the phone; must be the session's user. */
  userId: IdSchema,
  /** Device clock when the action was taken (any reading: a phone with a reset clock can still push). */
  createdAt: deviceTime,
  args: z.unknown(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelopeSchema>;

export { PUSH_BATCH_MAX };

export const PushRequestSchema = z.object({
  /** Device clock at the moment of sending: the server derives the clock skew from it. */
  deviceNow: deviceTime,
  mutations: z.array(MutationEnvelopeSchema).min(1).max(PUSH_BATCH_MAX),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** Why a mutation was rejected; the phone shows the reason (message) to the user. */
export const RejectionCodeSchema = z.enum([
  'invalid', // args fail the schema
  'unknown_mutation',
  'forbidden', // role or ownership
  'wrong_user', // the mutation names another user than the session's
  'not_found', // a referenced window, staff member or item does not exist
  'conflict', // the mutation id was used before with a different body
  'closed', // the period is closed for this change
  'in_future', // a time later than the server's clock allows (a phone clock running ahead)
]);
export type RejectionCode = z.infer<typeof RejectionCodeSchema>;

export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({ id: IdSchema, status: z.literal('applied') }),
  z.object({ id: IdSchema, status: z.literal('rejected'), code: RejectionCodeSchema, reason: z.string() }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({
  serverTime: IsoTimeSchema,
  /** Server time minus deviceNow, in ms. */
  clockSkewMs: z.number(),
  results: z.array(MutationResultSchema),
  /** The server's data epoch: a new value means it was restored from a backup (re-send, re-pull). */
  epoch: z.string().optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** Entities that flow from server to phone; each is a Dexie table of the same name. */
export const SYNCED_ENTITIES = [
  'floors',
  'windows',
  'staff',
  'schemes',
  'violations',
  'rounds',
  'duty_roster',
  'leaves',
  'substitutes',
  'outings',
  'assessments',
  'disputes',
  'bonuses',
] as const;
export const SyncedEntitySchema = z.enum(SYNCED_ENTITIES);
export type SyncedEntity = z.infer<typeof SyncedEntitySchema>;

export const ChangeSchema = z.object({
  seq: z.number().int().positive(),
  entity: SyncedEntitySchema,
  id: IdSchema,
  /** delete: a tombstone; data is null. */
  op: z.enum(['upsert', 'delete']),
  // An object, checked without copying it key by key (z.record would: a 10,000-row pull spent
  // a twentieth of its time there); each table's rows are the server's own shapes.
  data: z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'must be an object',
    )
    .nullable(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const PULL_LIMIT_DEFAULT = 1000;
export { PULL_LIMIT_MAX };

export const PullQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(PULL_LIMIT_DEFAULT),
  /**
   * The first hall month whose records, rounds, disputes and bonuses the phone keeps (issue 14 §5):
   * older ones are not sent. The server never filters past the month before its own current one,
   * so a phone whose clock runs ahead cannot skip rows it needs (its cursor would pass them). Any
   * well-formed month: a phone whose clock reads 1970 or 2100 still syncs (the server clamps it).
   */
  since: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'since must be YYYY-MM' })
    .optional(),
});

export const PullResponseSchema = z.object({
  serverTime: IsoTimeSchema,
  changes: z.array(ChangeSchema),
  /** The seq of the last change returned (or the request's cursor when none). */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** As in PushResponse: a changed epoch means pull again from cursor 0. */
  epoch: z.string().optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** A JSON error body of every 4xx/5xx answer. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
