import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../domain';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { SESSION_COOKIE, lookupSession } from './sessions';
import type { SessionUser } from './users';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the area's session hook on signed-in routes. */
    user: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** A route of a signed-in area that needs no session (sign-in, sign-out). */
    public?: boolean;
    /** Only these roles may call the route: 403 with this message, checked with the session, before validation. */
    only?: { roles: readonly Role[]; message: string };
  }
}

export const SESSION_MESSAGES = {
  unauthenticated: 'Please sign in.',
  session_expired: 'Your session has expired; please sign in again.',
  account_disabled: 'This account has been disabled.',
} as const;

/** The session of a request, or a 401 (never a redirect). */
export async function sessionUser(db: Db, request: FastifyRequest): Promise<SessionUser> {
  const result = await lookupSession(db, request.cookies[SESSION_COOKIE]);
  if (!result.ok) throw new HttpError(401, result.error, SESSION_MESSAGES[result.error]);
  request.user = result.user;
  return result.user;
}

/** Route config: only these roles (403 `forbidden` with the message). */
export function only(roles: readonly Role[], message: string): { only: { roles: readonly Role[]; message: string } } {
  return { only: { roles, message } };
}

/**
 * The hook of a signed-in area (preValidation: after the body is parsed, as the per-route
 * preHandler was, and before the route's schemas are checked): 401 without a live session, then the
 * route's `only` roles. Routes with `config.public` pass.
 */
export function requireUser(db: Db) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const config = request.routeOptions.config;
    if (config.public) return;
    const user = await sessionUser(db, request);
    if (config.only && !config.only.roles.includes(user.role))
      throw new HttpError(403, 'forbidden', config.only.message);
  };
}

export function signedInUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new HttpError(401, 'unauthenticated', SESSION_MESSAGES.unauthenticated);
  return request.user;
}
