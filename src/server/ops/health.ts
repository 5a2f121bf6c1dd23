import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/types';
import { pendingMigrations } from '../db/migrate';

/**
 * Probes for a supervisor (systemd, Docker, a load balancer):
 * - live: the process answers (no database: a slow database must not get it restarted);
 * - ready: the database answers and every migration this release ships is applied.
 * /api/health stays as it was (database reachable).
 */
export function registerHealthRoutes(app: FastifyInstance, db: Db): void {
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
