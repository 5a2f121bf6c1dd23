import { ADMIN_READ_ROLES, ADMIN_WRITE_ROLES } from '../../domain/admin';
import { sessionUser } from '../auth/require-user';
import { HttpError } from '../http/errors';
import type { Area } from '../http/zod-provider';
import { registerAuditRoutes } from './audit-routes';
import { registerHallRoutes } from './hall';
import { registerImportRoutes } from './import';
import { registerPeriodRoutes } from './periods';
import { registerRosterRoutes } from './roster';
import { registerSchemeRoutes } from './schemes';
import { registerUserRoutes } from './users';

/** Every admin route as "METHOD /api/admin/…" (tests check that the role matrix covers them all). */
export const REGISTERED_ADMIN_ROUTES = new Set<string>();

/**
 * The supervision console's API (prefix /api/admin; online only: configuration is done at a desk).
 * Reads: supervision and center leaders; every write and preview: supervision only.
 * Checked in onRequest, before any body is parsed, so a stranger learns nothing from 400s.
 */
export const adminArea: Area = async (admin, { db, config }) => {
  const zone = config.hallTimeZone;
  admin.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') REGISTERED_ADMIN_ROUTES.add(`${method} ${route.url}`);
  });
  admin.addHook('onRequest', async (request) => {
    const user = await sessionUser(db, request);
    const read = request.method === 'GET' || request.method === 'HEAD';
    const allowed = read ? ADMIN_READ_ROLES : ADMIN_WRITE_ROLES;
    if (!allowed.includes(user.role)) {
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
};
