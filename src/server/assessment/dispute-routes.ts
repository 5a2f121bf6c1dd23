import { HALL_WIDE_ROLES } from '../../domain';
import { DecideDisputeSchema, statusOfDecision } from '../../domain/assessment';
import { notFound } from '../admin/common';
import { only, signedInUser } from '../auth/require-user';
import { idParams, monthParams, type Api } from '../http/zod-provider';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { checkStep, refreshPreliminary } from './cycle';
import { SUPERVISION, act, may } from './http';
import { DISPUTE_COLUMNS, DISPUTE_FROM, DisputeRowSchema, disputeData } from './rows';

/** Disputes of a month (filed offline through push, see src/server/sync/disputes.ts) and their decisions. */
export function registerDisputeRoutes(app: Api, db: Db, zone: string): void {
  app.get(
    '/assessments/:month/disputes',
    {
      config: only(
        [...HALL_WIDE_ROLES, 'window_head'],
        'Only window heads, the supervision section and center leaders see disputes.',
      ),
      schema: { params: monthParams },
    },
    async (request) => {
      const { month } = request.params;
      const user = signedInUser(request);
      const own = user.role === 'window_head';
      const rows = await queryRows(
        db,
        `select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM} where d.month = $1 and d.deleted_at is null ${own ? 'and d.window_id = $2' : ''} order by d.filed_at, d.id`,
        own ? [month, user.windowId] : [month],
        DisputeRowSchema,
      );
      return { disputes: rows.map(disputeData) };
    },
  );

  app.post(
    '/disputes/:id/decide',
    {
      config: may(SUPERVISION, 'decide a dispute'),
      schema: { params: idParams('dispute'), body: DecideDisputeSchema },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const dispute = await act(db, request, async ({ tx, user, audit }) => {
        const [row] = await queryRows(
          tx,
          'select month, status, violation_id from disputes where id = $1 and deleted_at is null',
          [id],
          DisputeRowSchema.pick({ month: true, status: true, violation_id: true }),
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
        const [updated] = await queryRows(
          tx,
          `select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM} where d.id = $1`,
          [id],
          DisputeRowSchema,
        );
        return disputeData(updated!);
      });
      return { dispute };
    },
  );
}
