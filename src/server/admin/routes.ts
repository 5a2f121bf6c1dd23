import type { FastifyInstance } from 'fastify';
import { ADMIN_READ_ROLES, ADMIN_WRITE_ROLES } from '../../domain/admin';
import { lookupSession, SESSION_COOKIE } from '../auth/sessions';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { registerAuditRoutes } from './audit';
import { registerHallRoutes } from './hall';
import { registerImportRoutes } from './import';
import { registerPeriodRoutes } from './periods';
import { registerRosterRoutes } from './roster';
import { registerSchemeRoutes } from './schemes';
import { registerUserRoutes } from './users';

const MESSAGES = {
  unauthenticated: 'Please sign in.',
  session_expired: 'Your session has expired; please sign in again.',
  account_disabled: 'This account has been disabled.',
} as const;

/**
 * The supervision console's API under /api/admin (online only: configuration is done at a desk).
 * Reads: supervision and center leaders; every write and preview: supervision only.
 * Checked in onRequest, before any body is parsed, so a stranger learns nothing from 400s.
 */
/** Every admin route as "METHOD /api/admin/…" (tests check that the role matrix covers them all). */
export const REGISTERED_ADMIN_ROUTES = new Set<string>();

export async function registerAdminRoutes(app: FastifyInstance, db: Db, zone: string): Promise<void> {
  await app.register(
    async (admin) => {
      admin.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') REGISTERED_ADMIN_ROUTES.add(`${method} ${route.url}`);
      });
      admin.addHook('onRequest', async (request) => {
        const result = await lookupSession(db, request.cookies[SESSION_COOKIE]);
        if (!result.ok) throw new HttpError(401, result.error, MESSAGES[result.error]);
        request.user = result.user;
        const read = request.method === 'GET' || request.method === 'HEAD';
        const allowed = read ? ADMIN_READ_ROLES : ADMIN_WRITE_ROLES;
        if (!allowed.includes(result.user.role)) {
          throw new HttpError(
            403,
            'forbidden',
            read
              ? 'Only the supervision section and center leaders may see this.'
              : 'Only the supervision section may change the configuration.',
          );
        }
      });
      admin.addHook('onSend', async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      registerAuditRoutes(admin, db, zone);
      registerHallRoutes(admin, db);
      registerUserRoutes(admin, db);
      registerSchemeRoutes(admin, db, zone);
      registerImportRoutes(admin, db);
      registerPeriodRoutes(admin, db);
      registerRosterRoutes(admin, db, zone);
    },
    { prefix: '/api/admin' },
  );
}
