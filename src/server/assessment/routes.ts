import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/types';
import { registerBulletinRoute } from './bulletin-route';
import { registerCycleRoutes } from './cycle-routes';
import { registerDisputeRoutes } from './dispute-routes';
import { registerExplanationRoute } from './explanation-route';
import { registerRecordRoutes } from './record-routes';

/**
 * The monthly cycle (issue 5): preliminary results, verification with disputes, approval by the
 * center leader, publication as an immutable version and corrections as new versions; the
 * supervision section's bonus, disqualification and other-source records; the bulletin.
 */
export function registerAssessmentRoutes(app: FastifyInstance, db: Db, zone: string): void {
  registerCycleRoutes(app, db, zone);
  registerDisputeRoutes(app, db, zone);
  registerRecordRoutes(app, db, zone);
  registerBulletinRoute(app, db, zone);
  registerExplanationRoute(app, db);
}
