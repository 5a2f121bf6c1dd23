import { appendAudit } from '../audit/audit';
import { z } from 'zod';
import { IdSchema, RecordViolationArgsSchema, hallMonth } from '../../domain';
import { boundedText, month as MonthSchema } from '../../domain/bounds';
import { only, requireUser, signedInUser } from '../auth/require-user';
import { lockChangeFeed } from '../db/locks';
import { HttpError } from '../http/errors';
import { refusing, type Area } from '../http/zod-provider';
import { iso } from '../rows/rows';
import { patrolCoverage } from './coverage';

const SUPERVISION_READS = only(
  ['supervision', 'center_leader'],
  'Only the supervision section and center leaders may see this.',
);
const SUPERVISION_ONLY = only(['supervision'], 'Only the supervision section may do this.');

/** A month in the path or query: 400 `invalid_request` "month: …". */
const monthRefusal = (error: z.ZodError) =>
  new HttpError(400, 'invalid_request', `month: ${error.issues.map((i) => i.message).join('; ')}`);
const MonthParams = refusing(z.object({ month: MonthSchema }), monthRefusal);
const CoverageQuerySchema = refusing(z.object({ month: MonthSchema.optional() }), monthRefusal);

const LateListQuerySchema = z.object({ status: z.enum(['pending', 'accepted', 'refused']).optional() });
const DecisionSchema = z.object({ decision: z.enum(['accept', 'refuse']), note: boundedText(500).optional() });
const LateIdParams = refusing(
  z.object({ id: IdSchema }),
  () => new HttpError(404, 'not_found', 'late submission not found'),
);

/**
 * Months closed for recording, late submissions and patrol coverage (issue #3):
 * Prefix /api, every route signed in (the area's hook); supervision only (reads: and center leaders):
 * POST /api/periods/:month/close, GET /api/periods, GET /api/late-submissions,
 * POST /api/late-submissions/:id/decide, GET /api/patrol/coverage?month=.
 */
export const patrolArea: Area = async (app, { db, config }) => {
  const zone = config.hallTimeZone;
  app.addHook('preValidation', requireUser(db));

  app.get('/periods', async () => {
    const rows = await db.query<{ month: string; closed_at: Date; closed_by: string; closed_by_name: string }>(
      `select p.month, p.closed_at, p.closed_by, u.display_name as closed_by_name
         from recording_periods p join users u on u.id = p.closed_by order by p.month`,
    );
    return {
      periods: rows.map((r) => ({
        month: r.month,
        closedAt: iso(r.closed_at),
        closedBy: r.closed_by,
        closedByName: r.closed_by_name,
      })),
    };
  });

  app.post('/periods/:month/close', { config: SUPERVISION_ONLY, schema: { params: MonthParams } }, async (request) => {
    const user = signedInUser(request);
    const { month } = request.params;
    // Under the change-feed lock: a push checking this month either commits before or sees it closed.
    return db.transaction(async (tx) => {
      await lockChangeFeed(tx);
      const inserted = await tx.query(
        'insert into recording_periods (month, closed_by) values ($1, $2) on conflict (month) do nothing returning month',
        [month, user.id],
      );
      if (inserted.length) {
        await appendAudit(tx, {
          actorId: user.id,
          actorName: user.displayName,
          action: 'close_month',
          entity: 'recording_period',
          entityId: month,
          after: { month },
          ip: request.ip,
        });
      }
      const [row] = await tx.query<{ closed_at: Date; closed_by: string }>(
        'select closed_at, closed_by from recording_periods where month = $1',
        [month],
      );
      return { month, closedAt: iso(row!.closed_at), closedBy: row!.closed_by };
    });
  });

  app.get(
    '/late-submissions',
    { config: SUPERVISION_READS, schema: { querystring: LateListQuerySchema } },
    async (request) => {
      const { status } = request.query;
      const rows = await db.query<{
        id: string;
        submitted_by: string;
        submitted_by_name: string;
        args: unknown;
        month: string;
        reason: string;
        status: string;
        decided_by: string | null;
        decided_at: Date | null;
        created_at: Date;
      }>(
        `select l.id, l.submitted_by, u.display_name as submitted_by_name, l.args, l.month, l.reason, l.status, l.decided_by, l.decided_at, l.created_at
         from late_submissions l join users u on u.id = l.submitted_by
        where ($1::text is null or l.status = $1) order by l.created_at`,
        [status ?? null],
      );
      return {
        lateSubmissions: rows.map((r) => ({
          id: r.id,
          submittedBy: r.submitted_by,
          submittedByName: r.submitted_by_name,
          violation: typeof r.args === 'string' ? JSON.parse(r.args) : r.args,
          month: r.month,
          reason: r.reason,
          status: r.status,
          decidedBy: r.decided_by,
          decidedAt: r.decided_at ? iso(r.decided_at) : null,
          createdAt: iso(r.created_at),
        })),
      };
    },
  );

  app.post(
    '/late-submissions/:id/decide',
    { config: SUPERVISION_ONLY, schema: { params: LateIdParams, body: DecisionSchema } },
    async (request) => {
      const user = signedInUser(request);
      const decision = request.body;
      const { id } = request.params;
      return db.transaction(async (tx) => {
        await lockChangeFeed(tx);
        const [row] = await tx.query<{ submitted_by: string; args: unknown; status: string }>(
          'select submitted_by, args, status from late_submissions where id = $1 for update',
          [id],
        );
        if (!row) throw new HttpError(404, 'not_found', 'late submission not found');
        if (row.status !== 'pending')
          throw new HttpError(409, 'already_decided', `this late submission was already ${row.status}`);
        const status = decision.decision === 'accept' ? 'accepted' : 'refused';
        if (status === 'accepted') {
          const args = RecordViolationArgsSchema.parse(typeof row.args === 'string' ? JSON.parse(row.args) : row.args);
          const exists = await tx.query('select 1 from violations where id = $1', [args.id]);
          if (exists.length) throw new HttpError(409, 'conflict', `violation ${args.id} already exists`);
          await tx.query(
            `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, recorded_by,
                                   server_received_at, clock_skew_ms, round_id, substitute_for)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), 0, $10, $11)`,
            [
              args.id,
              args.windowId,
              args.staffId,
              args.itemCode,
              args.count,
              args.observedAt,
              args.note,
              args.deviceRecordedAt,
              row.submitted_by,
              args.roundId ?? null,
              args.substituteFor ?? null,
            ],
          );
        }
        await tx.query('update late_submissions set status = $2, decided_by = $3, decided_at = now() where id = $1', [
          id,
          status,
          user.id,
        ]);
        await appendAudit(tx, {
          actorId: user.id,
          actorName: user.displayName,
          action: decision.decision,
          entity: 'late_submission',
          entityId: id,
          before: { status: 'pending' },
          after: { status },
          ip: request.ip,
        });
        return { id, status };
      });
    },
  );

  app.get(
    '/patrol/coverage',
    { config: SUPERVISION_READS, schema: { querystring: CoverageQuerySchema } },
    async (request) => patrolCoverage(db, request.query.month ?? hallMonth(new Date(), zone), zone),
  );
};
