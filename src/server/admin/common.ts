import { DEFAULT_HALL_TIME_ZONE, hallMonth as hallMonthOf } from '../../domain/hall-time';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { IdSchema, describeIssues } from '../../domain';
import type { SessionUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { appendAudit, type AuditEntry } from '../audit/audit';

/** zod-parse a body or query; 400 `invalid_request` with the issues as details. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, code = 'invalid_request'): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new HttpError(400, code, describeIssues(parsed.error), parsed.error.issues);
  return parsed.data;
}

export function adminUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new HttpError(401, 'unauthenticated', 'Please sign in.');
  return request.user;
}

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `No ${what} ${id}.`);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);

/** PostgreSQL unique_violation (a race past the duplicate check) → 409. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

export interface ChangeContext {
  tx: Db;
  /** Appends the audit entry of this change, in the same transaction. */
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip'>): Promise<void>;
}

/**
 * One configuration change: a transaction holding the change-feed lock (so phones see it on
 * their next pull, in seq order) with its audit entry. A unique violation becomes a 409.
 */
export async function change<T>(
  db: Db,
  request: FastifyRequest,
  fn: (ctx: ChangeContext) => Promise<T>,
  duplicateMessage = 'That already exists.',
): Promise<T> {
  const user = adminUser(request);
  try {
    return await db.transaction(async (tx) => {
      await lockChangeFeed(tx);
      return fn({
        tx,
        audit: (entry) => appendAudit(tx, { ...entry, actorId: user.id, actorName: user.username, ip: request.ip }),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate', duplicateMessage);
    throw error;
  }
}

/** The hall's calendar month of a moment (now by default), in the hall's time zone. */
export function hallMonth(date: Date = new Date(), zone: string = DEFAULT_HALL_TIME_ZONE): string {
  return hallMonthOf(date, zone);
}

export { previousMonth } from '../../domain/hall-time';

/** The :id of a route; a malformed id names nothing, so 404. */
export function idParam(params: unknown, what: string): string {
  const id = (params as { id?: unknown } | null)?.id;
  const parsed = IdSchema.safeParse(id);
  if (!parsed.success) throw notFound(what, String(id).slice(0, 100));
  return parsed.data; // lower case: the one spelling of an id
}
