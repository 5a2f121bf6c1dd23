import { requireUser } from '../auth/require-user';
import type { Area } from '../http/zod-provider';
import { registerBulletinRoute } from './bulletin-route';
import { registerCycleRoutes } from './cycle-routes';
import { registerDisputeRoutes } from './dispute-routes';
import { registerExplanationRoute } from './explanation-route';
import { registerRecordRoutes } from './record-routes';

/**
 * The monthly cycle (issue 5): preliminary results, verification with disputes, approval by the
 * center leader, publication as an immutable version and corrections as new versions; the
 * supervision section's bonus, disqualification and other-source records; the bulletin.
 * Prefix /api (/assessments, /disputes, /bonuses, /disqualifications); every route signed in, the
 * roles of a route in its `config` (`may(...)`), both checked by the area's hook.
 */
export const assessmentArea: Area = async (app, { db, config }) => {
  const zone = config.hallTimeZone;
  app.addHook('preValidation', requireUser(db));
  registerCycleRoutes(app, db, zone);
  registerDisputeRoutes(app, db, zone);
  registerRecordRoutes(app, db, zone);
  registerBulletinRoute(app, db, zone);
  registerExplanationRoute(app, db);
};
