import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role, Scheme } from '../../domain';
import { recordsEditable, schemeInForceFor } from '../../domain/assessment';
import { appendAudit, type AuditEntry } from '../audit/audit';
import { notFound } from '../admin/common';
import { only, signedInUser } from '../auth/require-user';
import type { SessionUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { schemeVersions } from './data';
import { monthState } from './state';

/** What the assessment routes share: role checks, the month parameter, one audited step under the change-feed lock. */
export const SUPERVISION: readonly Role[] = ['supervision'];

export function allow(user: SessionUser, roles: readonly Role[], what: string): void {
  if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', `Only ${roles.join(' or ')} may ${what}.`);
}

/** Route config: only these roles may `what` (403 before the request is validated; the area's hook checks it). */
export function may(roles: readonly Role[], what: string) {
  return only(roles, `Only ${roles.join(' or ')} may ${what}.`);
}

export interface Tx {
  tx: Db;
  user: SessionUser;
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip'>): Promise<void>;
}

/** One step of the cycle: a transaction under the change-feed lock, with its audit entry. */
export function act<T>(db: Db, request: FastifyRequest, fn: (ctx: Tx) => Promise<T>): Promise<T> {
  const user = signedInUser(request);
  return db.transaction(async (tx) => {
    await lockChangeFeed(tx);
    return fn({
      tx,
      user,
      audit: (entry) => appendAudit(tx, { ...entry, actorId: user.id, actorName: user.displayName, ip: request.ip }),
    });
  });
}

/** Records of a month may change until approval freezes them (and again after publication, for a correction). */
export async function requireEditable(tx: Db, month: string): Promise<void> {
  const state = await monthState(tx, month);
  if (!recordsEditable(state))
    throw new HttpError(
      409,
      'wrong_state',
      `${month} is approved and waits for publication; its records cannot change now.`,
    );
}

export async function schemeFor(tx: Db, month: string): Promise<Scheme> {
  const scheme = schemeInForceFor(await schemeVersions(tx), month);
  if (!scheme) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${month}.`);
  return scheme;
}

export async function windowExists(tx: Db, windowId: string): Promise<void> {
  const rows = await tx.query('select 1 from windows where id = $1 and deleted_at is null', [windowId]);
  if (!rows.length) throw notFound('window', windowId);
}

export async function staffWindow(tx: Db, staffId: string): Promise<string> {
  const [row] = await queryRows(
    tx,
    'select window_id from staff where id = $1 and deleted_at is null',
    [staffId],
    z.object({ window_id: z.string() }),
  );
  if (!row) throw notFound('staff member', staffId);
  return row.window_id;
}

export const invalid = (message: string) => new HttpError(422, 'invalid_record', message);
