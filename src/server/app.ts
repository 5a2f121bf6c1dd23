import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminArea } from './admin/routes';
import { authArea } from './auth/routes';
import type { Config } from './config';
import type { Db } from './db/types';
import { HttpError, installErrorHandlers } from './http/errors';
import { serverTimeouts } from './http/timeouts';
import { MAX_JSON_DEPTH, exceedsJsonDepth } from './http/json-depth';
import { registerCompression } from './http/compression';
import { builtAppScriptHashes } from './http/inline-scripts';
import { registerSecurityHeaders } from './http/security';
import { registerStatic } from './http/static';
import { serializerCompiler, validatorCompiler, type Area, type AreaOptions } from './http/zod-provider';
import { syncArea } from './sync/routes';
import { patrolArea } from './patrol/routes';
import { photosArea } from './patrol/photos';
import { assessmentArea } from './assessment/routes';
import { leaveArea } from './leave/routes';
import { opsArea } from './ops/health';
import { installMetrics } from './ops/metrics';
import { registerDisputeFileRoutes } from './assessment/dispute-files';

export const BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  db: Db;
  config: Config;
  /** The built PWA (dist/); omitted or missing → API only. */
  staticDir?: string;
  /** The clock of time-based rules (sign-in throttling); tests inject one instead of sleeping. */
  now?: () => Date;
  /** PEM key and certificate: serve HTTPS (HTTP/2, HTTP/1.1 for clients without it). */
  tls?: { key: Buffer; cert: Buffer };
}

/**
 * The HTTP app. Holds no state between requests (sessions, throttling, the exactly-once log
 * all live in the database), so any number of processes can serve one PostgreSQL.
 */
export async function buildApp({ db, config, staticDir, now, tls }: BuildAppOptions): Promise<FastifyInstance> {
  const secure = tls ? { http2: true, https: { allowHTTP1: true, key: tls.key, cert: tls.cert } } : {};
  // One type for both: routes only use what HTTP/1 and HTTP/2 requests share.
  const app = Fastify({
    ...(secure as object),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    ...serverTimeouts(config),
    logger: {
      level: config.logLevel,
      // Requests are logged by method and URL only; bodies (passwords, records) never are.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
  }) as unknown as FastifyInstance;

  // An empty body with a JSON content type (e.g. logout from fetch) is "no body", not an error.
  // Nesting is measured before parsing: deep JSON would overflow the stack of whatever recurses
  // over it next (the bodyLimit above already caps its size: 413).
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    if (exceedsJsonDepth(text)) {
      return done(
        new HttpError(400, 'json_too_deep', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`),
        undefined,
      );
    }
    return defaultJson(request, text, done);
  });

  // JSON only: a cross-site form can post text/plain without a CORS preflight (defence in depth
  // beside the SameSite=Strict cookie).
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('user', null);
  installErrorHandlers(app);
  await app.register(cookie);
  await registerSecurityHeaders(app, builtAppScriptHashes(staticDir));
  await registerCompression(app);

  // Route schemas are zod schemas (http/zod-provider.ts); every area inherits these.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installMetrics(app); // counts every answer, so on the root, not inside an area

  // The areas of the API, each a plugin under its prefix with its auth as its own hook
  // (README "How it is built", src/server/README.md). A new area adds one line here.
  const areas: [Area, string][] = [
    [opsArea, ''], // health probes, /metrics (own token rules, no session)
    [authArea, '/api/auth'], // sign-in and -out public, /me signed in
    [syncArea, '/api/sync'], // push, pull
    [patrolArea, '/api'], // /periods, /late-submissions, /patrol/coverage
    [photosArea, '/api'], // /photos, /violations/:id/photos
    [leaveArea, '/api'], // /leave-files, /leave/consequences
    [assessmentArea, '/api'], // /assessments, /disputes, /bonuses, /disqualifications
    // dispute evidence files: full paths /api/dispute-files/…, session checked per route
    [(scope, o) => registerDisputeFileRoutes(scope, o.db, o.config), ''],
    [adminArea, '/api/admin'], // the supervision console (session and role checked on request)
  ];
  const options: AreaOptions = { db, config, now };
  for (const [area, prefix] of areas) await app.register(area, { ...options, prefix });
  await registerStatic(app, staticDir);
  return app;
}
