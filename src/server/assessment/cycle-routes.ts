import { z } from 'zod';
import {
  AssessmentMonthSchema,
  CYCLE_STATES,
  PeriodLabelSchema,
  ReasonBodySchema,
  periodFromVersions,
} from '../../domain/assessment';
import { notFound } from '../admin/common';
import { signedInUser } from '../auth/require-user';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { checkStep, compile, correct, periodView, publish, setState, versionsOf } from './cycle';
import { schemeVersions } from './data';
import { loadPeriodInputs } from '../admin/periods';
import { SUPERVISION, act, may } from './http';
import { monthParams, refusing, type Api } from '../http/zod-provider';
import { VERSION_COLUMNS, VERSION_FROM, versionData, VersionRowSchema } from './rows';
import { queryRows } from '../db/query-rows';

const PeriodParams = refusing(
  z.object({ period: PeriodLabelSchema }),
  () => new HttpError(400, 'invalid_request', 'period must be YYYY or YYYY-Qn'),
);
const MonthVersionParams = refusing(
  z.object({ month: AssessmentMonthSchema, version: z.string() }),
  () => new HttpError(400, 'invalid_request', 'month must be YYYY-MM'),
);

/** The month's cycle: its state and published versions, compile, verification, approval, publication, corrections. */
export function registerCycleRoutes(app: Api, db: Db, zone: string): void {
  app.get('/assessments', async () => {
    const rows = await queryRows(
      db,
      'select month, version, published_at, reason, scheme_version from assessment_versions order by month desc, version desc',
      [],
      VersionRowSchema.pick({ month: true, version: true, published_at: true, reason: true, scheme_version: true }),
    );
    const periods = await queryRows(
      db,
      'select month, state from assessment_periods order by month desc',
      [],
      z.object({ month: z.string(), state: z.enum(CYCLE_STATES) }),
    );
    return {
      periods: periods.map((p) => ({ month: p.month, state: p.state })),
      versions: rows.map((r) => ({
        month: r.month,
        version: Number(r.version),
        schemeVersion: Number(r.scheme_version),
        publishedAt: new Date(r.published_at).toISOString(),
        reason: r.reason,
      })),
    };
  });

  /** Quarter or year (YYYY-Qn, YYYY): grades and honours from the latest published version of each month. */
  app.get('/assessments/periods/:period', { schema: { params: PeriodParams } }, async (request) => {
    const { period } = request.params;
    const rows = await queryRows(
      db,
      `select ${VERSION_COLUMNS} from ${VERSION_FROM} where a.month like $1 order by a.month, a.version`,
      [`${period.slice(0, 4)}-%`],
      VersionRowSchema,
    );
    const inputs = await loadPeriodInputs(db, period);
    const result = periodFromVersions(period, rows.map(versionData), await schemeVersions(db), inputs);
    if (!result) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${period}.`);
    return result;
  });

  /** The period's 优秀 quota and imported peer / satisfaction scores (issue #15), for the phone to blend offline. */
  app.get('/assessments/periods/:period/inputs', { schema: { params: PeriodParams } }, async (request) => {
    const { period } = request.params;
    return { period, ...(await loadPeriodInputs(db, period)) };
  });

  app.get('/assessments/:month', { schema: { params: monthParams } }, async (request) =>
    periodView(db, request.params.month, signedInUser(request)),
  );

  app.get('/assessments/:month/versions', { schema: { params: monthParams } }, async (request) => ({
    versions: await versionsOf(db, request.params.month),
  }));

  app.get('/assessments/:month/versions/:version', { schema: { params: MonthVersionParams } }, async (request) => {
    const month = request.params.month;
    const n = Number(request.params.version);
    const found = (await versionsOf(db, month)).find((v) => v.version === n);
    if (!found) throw notFound(`published version of ${month}:`, request.params.version);
    return { version: found };
  });

  // --- the cycle -----------------------------------------------------------------------------

  app.post('/assessments/:month/compile', { schema: { params: monthParams } }, async (request) => {
    const month = request.params.month;
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'compile', user);
      await compile(tx, month, to, zone);
      await audit({
        action: 'compile',
        entity: 'assessment',
        entityId: month,
        before: { state: from },
        after: { state: to },
      });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/assessments/:month/open-verification', { schema: { params: monthParams } }, async (request) => {
    const month = request.params.month;
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'open_verification', user);
      await compile(tx, month, to, zone);
      await audit({
        action: 'open_verification',
        entity: 'assessment',
        entityId: month,
        before: { state: from },
        after: { state: to },
      });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/assessments/:month/approve', { schema: { params: monthParams } }, async (request) => {
    const month = request.params.month;
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'approve', user);
      // What is approved is the month as it stands now (every decision taken).
      await compile(tx, month, to, zone);
      await setState(tx, month, to, { approvedBy: user.id });
      await audit({
        action: 'approve',
        entity: 'assessment',
        entityId: month,
        before: { state: from },
        after: { state: to },
      });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post(
    '/assessments/:month/return',
    { schema: { params: monthParams, body: ReasonBodySchema } },
    async (request) => {
      const month = request.params.month;
      const { reason } = request.body;
      await act(db, request, async ({ tx, user, audit }) => {
        const { from, to } = await checkStep(tx, month, 'return', user);
        await setState(tx, month, to, { approvedBy: null });
        await audit({
          action: 'return',
          entity: 'assessment',
          entityId: month,
          before: { state: from },
          after: { state: to, reason },
        });
      });
      return periodView(db, month, signedInUser(request));
    },
  );

  app.post('/assessments/:month/publish', { schema: { params: monthParams } }, async (request, reply) => {
    const month = request.params.month;
    const version = await act(db, request, async ({ tx, user, audit }) => {
      await checkStep(tx, month, 'publish', user);
      const v = await publish(tx, month, user);
      await audit({
        action: 'publish',
        entity: 'assessment',
        entityId: month,
        after: { version: v.version, schemeVersion: v.schemeVersion, dataAsOf: v.dataAsOf },
      });
      return v;
    });
    return reply.code(201).send({ version });
  });

  app.post(
    '/assessments/:month/corrections',
    { config: may(SUPERVISION, 'publish a correction'), schema: { params: monthParams, body: ReasonBodySchema } },
    async (request, reply) => {
      const month = request.params.month;
      const { reason } = request.body;
      const version = await act(db, request, async ({ tx, user, audit }) => {
        await checkStep(tx, month, 'correct', user, { reason });
        const v = await correct(tx, month, reason, user, zone);
        await audit({
          action: 'correct',
          entity: 'assessment',
          entityId: month,
          after: { version: v.version, reason, schemeVersion: v.schemeVersion, dataAsOf: v.dataAsOf },
        });
        return v;
      });
      return reply.code(201).send({ version });
    },
  );
}
