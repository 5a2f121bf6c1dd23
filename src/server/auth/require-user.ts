import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { SESSION_COOKIE, lookupSession } from './sessions';
import type { SessionUser } from './users';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireUser on signed-in routes. */
    user: SessionUser | null;
  }
}

const MESSAGES = {
  unauthenticated: 'Please sign in.',
  session_expired: 'Your session has expired; please sign in again.',
  account_disabled: 'This account has been disabled.',
} as const;

/** preHandler for signed-in routes: a 401 (never a redirect) when there is no live session. */
export function requireUser(db: Db) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const result = await lookupSession(db, request.cookies[SESSION_COOKIE]);
    if (!result.ok) throw new HttpError(401, result.error, MESSAGES[result.error]);
    request.user = result.user;
  };
}

export function signedInUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new HttpError(401, 'unauthenticated', MESSAGES.unauthenticated);
  return request.user;
}
