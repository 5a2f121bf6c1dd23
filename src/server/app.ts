import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/routes';
import { registerAuthRoutes } from './auth/routes';
import type { Config } from './config';
import type { Db } from './db/types';
import { installErrorHandlers } from './http/errors';
import { registerCompression } from './http/compression';
import { registerSecurityHeaders } from './http/security';
import { registerStatic } from './http/static';
import { registerSyncRoutes } from './sync/routes';
import { registerPatrolRoutes } from './patrol/routes';
import { registerPhotoRoutes } from './patrol/photos';
import { registerAssessmentRoutes } from './assessment/routes';
import { registerLeaveRoutes } from './leave/routes';

export const BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  db: Db;
  config: Config;
  /** The built PWA (dist/); omitted or missing → API only. */
  staticDir?: string;
}

/**
 * The HTTP app. Holds no state between requests (sessions, throttling, the exactly-once log
 * all live in the database), so any number of processes can serve one PostgreSQL.
 */
export async function buildApp({ db, config, staticDir }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    logger: {
      level: config.logLevel,
      // Requests are logged by method and URL only; bodies (passwords, records) never are.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  });

  // An empty body with a JSON content type (e.g. logout from fetch) is "no body", not an error.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return defaultJson(request, body.toString(), done);
  });

  // JSON only: a cross-site form can post text/plain without a CORS preflight (defence in depth
  // beside the SameSite=Strict cookie).
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('user', null);
  installErrorHandlers(app);
  await app.register(cookie);
  await registerSecurityHeaders(app);
  await registerCompression(app);

  app.get('/api/health', async () => {
    await db.query('select 1');
    return { status: 'ok', database: db.kind };
  });
  registerAuthRoutes(app, db, config);
  registerSyncRoutes(app, db, config.hallTimeZone);
  registerPatrolRoutes(app, db, config.hallTimeZone);
  await registerPhotoRoutes(app, db, config);
  registerAssessmentRoutes(app, db, config.hallTimeZone);
  await registerLeaveRoutes(app, db, config);
  await registerAdminRoutes(app, db, config.hallTimeZone);
  await registerStatic(app, staticDir);
  return app;
}
