import type { FastifyInstance } from 'fastify';
import { HALL_WIDE_ROLES } from '../../domain';
import { DecideDisputeSchema, statusOfDecision } from '../../domain/assessment';
import { idParam, notFound, parseOr400 } from '../admin/common';
import { requireUser, signedInUser } from '../auth/require-user';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { checkStep, refreshPreliminary } from './cycle';
import { SUPERVISION, act, allow, monthOf } from './http';
import { DISPUTE_COLUMNS, DISPUTE_FROM, disputeData, type DisputeRow } from './rows';

/** Disputes of a month (filed offline through push, see src/server/sync/disputes.ts) and their decisions. */
export function registerDisputeRoutes(app: FastifyInstance, db: Db, zone: string): void {
  const signedIn = { preHandler: requireUser(db) };

  app.get('/api/assessments/:month/disputes', signedIn, async (request) => {
    const month = monthOf(request.params);
    const user = signedInUser(request);
    if (!HALL_WIDE_ROLES.includes(user.role) && user.role !== 'window_head')
      throw new HttpError(
        403,
        'forbidden',
        'Only window heads, the supervision section and center leaders see disputes.',
      );
    const own = user.role === 'window_head';
    const rows = await db.query<DisputeRow>(
      `select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM} where d.month = $1 and d.deleted_at is null ${own ? 'and d.window_id = $2' : ''} order by d.filed_at, d.id`,
      own ? [month, user.windowId] : [month],
    );
    return { disputes: rows.map(disputeData) };
  });

  app.post('/api/disputes/:id/decide', signedIn, async (request) => {
    const user = signedInUser(request);
    allow(user, SUPERVISION, 'decide a dispute');
    const id = idParam(request.params, 'dispute');
    const body = parseOr400(DecideDisputeSchema, request.body);
    const dispute = await act(db, request, async ({ tx, user, audit }) => {
      const [row] = await tx.query<{ month: string; status: string; violation_id: string }>(
        'select month, status, violation_id from disputes where id = $1 and deleted_at is null',
        [id],
      );
      if (!row) throw notFound('dispute', id);
      await checkStep(tx, row.month, 'decide_dispute', user);
      if (row.status !== 'pending')
        throw new HttpError(409, 'already_decided', `This dispute was already decided (${row.status}).`);
      const status = statusOfDecision(body.decision);
      await tx.query(
        'update disputes set status = $2, decided_by = $3, decision_reason = $4, decided_at = now() where id = $1',
        [id, status, user.id, body.reason],
      );
      await refreshPreliminary(tx, row.month, zone);
      await audit({
        action: 'decide_dispute',
        entity: 'dispute',
        entityId: id,
        before: { status: 'pending' },
        after: { status, reason: body.reason, violationId: row.violation_id, month: row.month },
      });
      const [updated] = await tx.query<DisputeRow>(`select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM} where d.id = $1`, [
        id,
      ]);
      return disputeData(updated!);
    });
    return { dispute };
  });
}
