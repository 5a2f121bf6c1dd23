import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { boundedText } from '../../domain/bounds';
import type { Area } from '../http/zod-provider';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { requireUser, signedInUser } from './require-user';
import { SESSION_COOKIE, createSession, deleteSession } from './sessions';
import { checkLoginThrottle, recordLoginAttempt } from './throttle';
import { USER_COLUMNS, normaliseUsername, toProfile, toSessionUser, type UserRow } from './users';

const LoginBodySchema = z.object({
  username: boundedText(100).min(1),
  password: boundedText(200).min(1),
});

/** Secure only over https, so the demo also works on http://127.0.0.1 and a LAN address. */
function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  };
}

/**
 * Sign-in, the session's profile, sign-out (prefix /api/auth). The area's hook asks for a session;
 * login and logout are public. `now` is the clock of the sign-in throttle (tests move it instead of sleeping).
 */
export const authArea: Area = async (app, { db, config, now = () => new Date() }) => {
  app.addHook('preValidation', requireUser(db));

  app.post('/login', { config: { public: true }, schema: { body: LoginBodySchema } }, async (request, reply) => {
    const credentials = request.body;
    const username = normaliseUsername(credentials.username);
    const ip = request.ip; // the client address; behind a proxy only with TRUST_PROXY
    const at = now();

    // Throttle before checking the password: a guessed right password must not slip through.
    const verdict = await checkLoginThrottle(db, username, ip, at);
    if (!verdict.allowed) {
      const wait = verdict.retryAfterSeconds;
      const minutes = Math.ceil(wait / 60);
      throw new HttpError(
        429,
        'too_many_attempts',
        `Too many failed sign-ins. Try again in ${wait < 60 ? `${wait} second${wait === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`}.`,
        { retryAfterSeconds: wait },
        { 'retry-after': String(wait) },
      );
    }

    const rows = await db.query<UserRow & { password_hash: string; disabled: boolean }>(
      `select ${USER_COLUMNS}, u.password_hash, u.disabled from users u where u.username = $1`,
      [username],
    );
    const row = rows[0];
    // Unknown user: still spend one scrypt, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(credentials.password, row?.password_hash ?? (await dummyPasswordHash()));
    if (!row || !ok) {
      await db.transaction(async (tx) => {
        await recordLoginAttempt(tx, username, ip, false, at);
        await appendAudit(tx, {
          actorId: row?.id ?? null,
          actorName: username,
          action: 'login_failed',
          entity: 'user',
          entityId: row?.id ?? null,
          after: { reason: 'invalid_credentials' },
          ip,
        });
      });
      throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
    }
    if (row.disabled) {
      await appendAudit(db, {
        actorId: row.id,
        actorName: username,
        action: 'login_failed',
        entity: 'user',
        entityId: row?.id ?? null,
        after: { reason: 'account_disabled' },
        ip,
      });
      throw new HttpError(403, 'account_disabled', 'This account has been disabled.');
    }

    const { token } = await db.transaction(async (tx) => {
      await recordLoginAttempt(tx, username, ip, true, at);
      await appendAudit(tx, {
        actorId: row.id,
        actorName: username,
        action: 'login',
        entity: 'user',
        entityId: row.id,
        ip,
      });
      return createSession(tx, row.id, config.sessionDays);
    });
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, Math.round(config.sessionDays * 86400)));
    return { profile: toProfile(toSessionUser(row), config.hallTimeZone) };
  });

  app.get('/me', async (request) => ({
    profile: toProfile(signedInUser(request), config.hallTimeZone),
  }));

  app.post('/logout', { config: { public: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request, 0));
    return reply.code(204).send();
  });
};
