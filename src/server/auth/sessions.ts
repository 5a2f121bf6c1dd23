import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types';
import { USER_COLUMNS, toSessionUser, type SessionUser, type UserRow } from './users';

export const SESSION_COOKIE = 'wd_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session: returns the cookie token (32 random bytes); the database keeps only its hash. */
export async function createSession(db: Db, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const rows = await db.query<{ expires_at: Date }>(
    `insert into sessions (token_hash, user_id, expires_at)
     values ($1, $2, now() + make_interval(secs => $3))
     returning expires_at`,
    [hashToken(token), userId, Math.round(days * 86400)],
  );
  // Now and then, drop long-expired sessions (no background jobs: the server keeps no timers).
  if (Math.random() < 0.02) await db.query(`delete from sessions where expires_at < now() - interval '1 day'`);
  return { token, expiresAt: rows[0]!.expires_at };
}

export type SessionLookup =
  { ok: true; user: SessionUser } | { ok: false; error: 'unauthenticated' | 'session_expired' | 'account_disabled' };

/**
 * Resolves a cookie token on every request. The user's disabled flag is read each time, so
 * disabling an account ends its sessions at once, on every server process.
 */
export async function lookupSession(db: Db, token: string | undefined): Promise<SessionLookup> {
  if (!token) return { ok: false, error: 'unauthenticated' };
  const rows = await db.query<UserRow & { expired: boolean; disabled: boolean }>(
    `select ${USER_COLUMNS}, u.disabled, s.expires_at <= now() as expired
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, error: 'unauthenticated' };
  if (row.expired) {
    await deleteSession(db, token);
    return { ok: false, error: 'session_expired' };
  }
  if (row.disabled) return { ok: false, error: 'account_disabled' };
  return { ok: true, user: toSessionUser(row) };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.query('delete from sessions where token_hash = $1', [hashToken(token)]);
}
