import type { Db } from '../db/types';
import type { Api, Area } from '../http/zod-provider';
import { pendingMigrations } from '../db/migrate';
import { metricsRoute } from './metrics';

/**
 * Probes for a supervisor (systemd, Docker, a load balancer):
 * - live: the process answers (no database: a slow database must not get it restarted);
 * - ready: the database answers and every migration this release ships is applied.
 * /api/health stays as it was (database reachable).
 */
export function registerHealthRoutes(app: Api, db: Db): void {
  app.get('/api/health', async () => {
    await db.query('select 1');
    return { status: 'ok', database: db.kind };
  });
  app.get('/api/health/live', async () => ({ status: 'ok' }));
  app.get('/api/health/ready', async (_request, reply) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length)
        return reply.code(503).send({ status: 'not_ready', database: db.kind, pendingMigrations: pending });
      return { status: 'ok', database: db.kind };
    } catch {
      return reply.code(503).send({ status: 'not_ready', database: db.kind, error: 'database unreachable' });
    }
  });
}

/**
 * Operations (prefix ''): the health probes and /metrics. No session: probes are open, /metrics
 * has its own rule (this machine or METRICS_TOKEN). The backup route (`backup-route.ts`) is added by
 * `server.ts` for PGlite on disk only, behind the token in DATA_DIR/ops-token.
 */
export const opsArea: Area = async (app, { db, config }) => {
  registerHealthRoutes(app, db);
  metricsRoute(app, db, config);
};
