import type { FastifyInstance } from 'fastify';
import { PeriodLabelSchema, ReasonBodySchema, periodFromVersions } from '../../domain/assessment';
import { notFound, parseOr400 } from '../admin/common';
import { requireUser, signedInUser } from '../auth/require-user';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { checkStep, compile, correct, periodView, publish, setState, versionsOf } from './cycle';
import { schemeVersions } from './data';
import { loadPeriodInputs } from '../admin/periods';
import { SUPERVISION, act, allow, monthOf } from './http';
import { VERSION_COLUMNS, VERSION_FROM, versionData, type VersionRow } from './rows';

/** The month's cycle: its state and published versions, compile, verification, approval, publication, corrections. */
export function registerCycleRoutes(app: FastifyInstance, db: Db, zone: string): void {
  const signedIn = { preHandler: requireUser(db) };

  app.get('/api/assessments', signedIn, async () => {
    const rows = await db.query<{
      month: string;
      version: number;
      published_at: Date;
      reason: string | null;
      scheme_version: number;
    }>(
      'select month, version, published_at, reason, scheme_version from assessment_versions order by month desc, version desc',
    );
    const periods = await db.query<{ month: string; state: string }>(
      'select month, state from assessment_periods order by month desc',
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
  app.get<{ Params: { period: string } }>('/api/assessments/periods/:period', signedIn, async (request) => {
    const parsed = PeriodLabelSchema.safeParse(request.params.period);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', 'period must be YYYY or YYYY-Qn');
    const rows = await db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from ${VERSION_FROM} where a.month like $1 order by a.month, a.version`,
      [`${parsed.data.slice(0, 4)}-%`],
    );
    const inputs = await loadPeriodInputs(db, parsed.data);
    const result = periodFromVersions(parsed.data, rows.map(versionData), await schemeVersions(db), inputs);
    if (!result) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${parsed.data}.`);
    return result;
  });

  /** The period's 优秀 quota and imported peer / satisfaction scores (issue #15), for the phone to blend offline. */
  app.get<{ Params: { period: string } }>('/api/assessments/periods/:period/inputs', signedIn, async (request) => {
    const parsed = PeriodLabelSchema.safeParse(request.params.period);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', 'period must be YYYY or YYYY-Qn');
    return { period: parsed.data, ...(await loadPeriodInputs(db, parsed.data)) };
  });

  app.get('/api/assessments/:month', signedIn, async (request) =>
    periodView(db, monthOf(request.params), signedInUser(request)),
  );

  app.get('/api/assessments/:month/versions', signedIn, async (request) => ({
    versions: await versionsOf(db, monthOf(request.params)),
  }));

  app.get<{ Params: { month: string; version: string } }>(
    '/api/assessments/:month/versions/:version',
    signedIn,
    async (request) => {
      const month = monthOf(request.params);
      const n = Number(request.params.version);
      const found = (await versionsOf(db, month)).find((v) => v.version === n);
      if (!found) throw notFound(`published version of ${month}:`, request.params.version);
      return { version: found };
    },
  );

  // --- the cycle -----------------------------------------------------------------------------

  app.post('/api/assessments/:month/compile', signedIn, async (request) => {
    const month = monthOf(request.params);
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

  app.post('/api/assessments/:month/open-verification', signedIn, async (request) => {
    const month = monthOf(request.params);
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

  app.post('/api/assessments/:month/approve', signedIn, async (request) => {
    const month = monthOf(request.params);
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

  app.post('/api/assessments/:month/return', signedIn, async (request) => {
    const month = monthOf(request.params);
    const { reason } = parseOr400(ReasonBodySchema, request.body);
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
  });

  app.post('/api/assessments/:month/publish', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
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

  app.post('/api/assessments/:month/corrections', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    const user = signedInUser(request);
    allow(user, SUPERVISION, 'publish a correction');
    const { reason } = parseOr400(ReasonBodySchema, request.body);
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
  });
}
