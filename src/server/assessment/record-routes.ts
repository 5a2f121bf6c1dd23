import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HALL_WIDE_ROLES, ViolationStatusSchema } from '../../domain';
import { FUTURE_TOLERANCE_MS, isInFuture } from '../../domain/bounds';
import {
  BonusDraftSchema,
  DeductionDraftSchema,
  DisqualificationDraftSchema,
  ReasonBodySchema,
  recordMonth,
} from '../../domain/assessment';
import { notFound } from '../admin/common';
import { idParams, monthParams, type Api } from '../http/zod-provider';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { refreshPreliminary } from './cycle';
import { DisqualificationRowSchema, monthBonuses, monthDisqualifications, monthSectionDeductions } from './data';
import { SUPERVISION, act, invalid, may, requireEditable, schemeFor, staffWindow, windowExists } from './http';
import { BONUS_COLUMNS, BonusRowSchema, bonusData } from './rows';

/** The supervision section's records of a month: bonuses, disqualifications, deductions from other sources. */
export function registerRecordRoutes(app: Api, db: Db, zone: string): void {
  app.get('/assessments/:month/bonuses', { schema: { params: monthParams } }, async (request) => ({
    bonuses: await monthBonuses(db, request.params.month),
  }));

  app.post(
    '/assessments/:month/bonuses',
    { config: may(SUPERVISION, 'record bonuses'), schema: { params: monthParams, body: BonusDraftSchema } },
    async (request, reply) => {
      const { month } = request.params;
      const draft = request.body;
      const bonus = await act(db, request, async ({ tx, user, audit }) => {
        await requireEditable(tx, month);
        const scheme = await schemeFor(tx, month);
        const item = scheme.bonus.items.find((b) => b.code === draft.bonusCode);
        if (!item)
          throw invalid(`Bonus ${draft.bonusCode} is not in scheme v${scheme.version} (in force for ${month}).`);
        if (draft.points < item.minPoints || draft.points > item.maxPoints)
          throw invalid(`${draft.bonusCode} grants ${item.minPoints}–${item.maxPoints} points, not ${draft.points}.`);
        await windowExists(tx, draft.windowId);
        if (draft.staffId && (await staffWindow(tx, draft.staffId)) !== draft.windowId)
          throw invalid('The staff member does not work at that window.');
        const id = draft.id ?? randomUUID();
        await tx.query(
          'insert into bonus_records (id, month, window_id, staff_id, bonus_code, points, event_id, note, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
          [id, month, draft.windowId, draft.staffId, draft.bonusCode, draft.points, draft.eventId, draft.note, user.id],
        );
        await refreshPreliminary(tx, month, zone);
        const [row] = await queryRows(
          tx,
          `select ${BONUS_COLUMNS} from bonus_records where id = $1`,
          [id],
          BonusRowSchema,
        );
        const saved = bonusData(row!);
        await audit({ action: 'create', entity: 'bonus', entityId: id, after: saved });
        return saved;
      });
      return reply.code(201).send({ bonus });
    },
  );

  app.post(
    '/bonuses/:id/withdraw',
    { config: may(SUPERVISION, 'withdraw bonuses'), schema: { params: idParams('bonus'), body: ReasonBodySchema } },
    async (request) => {
      const { id } = request.params;
      const { reason } = request.body;
      const bonus = await act(db, request, async ({ tx, audit }) => {
        const [row] = await queryRows(
          tx,
          `select ${BONUS_COLUMNS} from bonus_records where id = $1 and deleted_at is null`,
          [id],
          BonusRowSchema,
        );
        if (!row) throw notFound('bonus', id);
        await requireEditable(tx, row.month);
        if (row.status === 'withdrawn')
          throw new HttpError(409, 'already_withdrawn', 'This bonus is already withdrawn.');
        await tx.query("update bonus_records set status = 'withdrawn', withdrawn_reason = $2 where id = $1", [
          id,
          reason,
        ]);
        await refreshPreliminary(tx, row.month, zone);
        await audit({
          action: 'withdraw',
          entity: 'bonus',
          entityId: id,
          before: { status: 'active' },
          after: { status: 'withdrawn', reason },
        });
        return { ...bonusData(row), status: 'withdrawn' as const };
      });
      return { bonus };
    },
  );

  app.get(
    '/assessments/:month/disqualifications',
    { config: may(HALL_WIDE_ROLES, 'see disqualifications'), schema: { params: monthParams } },
    async (request) => {
      return { disqualifications: await monthDisqualifications(db, request.params.month) };
    },
  );

  app.post(
    '/assessments/:month/disqualifications',
    {
      config: may(SUPERVISION, 'record disqualifications'),
      schema: { params: monthParams, body: DisqualificationDraftSchema },
    },
    async (request, reply) => {
      const { month } = request.params;
      const draft = request.body;
      const disqualification = await act(db, request, async ({ tx, user, audit }) => {
        await requireEditable(tx, month);
        const scheme = await schemeFor(tx, month);
        if (!scheme.disqualifications.some((d) => d.code === draft.code))
          throw invalid(`Disqualification ${draft.code} is not in scheme v${scheme.version} (in force for ${month}).`);
        await windowExists(tx, draft.windowId);
        const id = draft.id ?? randomUUID();
        await tx.query(
          'insert into disqualification_records (id, month, window_id, code, reason, recorded_by) values ($1, $2, $3, $4, $5, $6)',
          [id, month, draft.windowId, draft.code, draft.reason, user.id],
        );
        await refreshPreliminary(tx, month, zone);
        const saved = {
          id,
          month,
          windowId: draft.windowId,
          code: draft.code,
          reason: draft.reason,
          status: 'active' as const,
        };
        await audit({ action: 'create', entity: 'disqualification', entityId: id, after: saved });
        return saved;
      });
      return reply.code(201).send({ disqualification });
    },
  );

  app.post(
    '/disqualifications/:id/withdraw',
    {
      config: may(SUPERVISION, 'withdraw disqualifications'),
      schema: { params: idParams('disqualification'), body: ReasonBodySchema },
    },
    async (request) => {
      const { id } = request.params;
      const { reason } = request.body;
      await act(db, request, async ({ tx, audit }) => {
        const [row] = await queryRows(
          tx,
          'select month, status from disqualification_records where id = $1',
          [id],
          DisqualificationRowSchema.pick({ month: true, status: true }),
        );
        if (!row) throw notFound('disqualification', id);
        await requireEditable(tx, row.month);
        if (row.status === 'withdrawn')
          throw new HttpError(409, 'already_withdrawn', 'This disqualification is already withdrawn.');
        await tx.query(
          "update disqualification_records set status = 'withdrawn', withdrawn_reason = $2 where id = $1",
          [id, reason],
        );
        await refreshPreliminary(tx, row.month, zone);
        await audit({
          action: 'withdraw',
          entity: 'disqualification',
          entityId: id,
          before: { status: 'active' },
          after: { status: 'withdrawn', reason },
        });
      });
      return { id, status: 'withdrawn' };
    },
  );

  app.get(
    '/assessments/:month/deductions',
    { config: may(HALL_WIDE_ROLES, 'see deductions from other sources'), schema: { params: monthParams } },
    async (request) => {
      return { deductions: await monthSectionDeductions(db, request.params.month, zone) };
    },
  );

  /** A deduction from another source than patrols; it syncs, can be disputed and carries photos like a patrol record. */
  app.post(
    '/assessments/:month/deductions',
    {
      config: may(SUPERVISION, 'record deductions from other sources'),
      schema: { params: monthParams, body: DeductionDraftSchema },
    },
    async (request, reply) => {
      const { month } = request.params;
      const draft = request.body;
      if (isInFuture(draft.observedAt, new Date())) {
        throw new HttpError(
          400,
          'in_future',
          `observedAt ${draft.observedAt} is later than the server's time (more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead).`,
        );
      }
      if (recordMonth(draft.observedAt, zone) !== month)
        throw new HttpError(
          400,
          'invalid_request',
          `observedAt ${draft.observedAt} is not in ${month} (the hall's month, as records are counted).`,
        );
      const record = await act(db, request, async ({ tx, user, audit }) => {
        await requireEditable(tx, month);
        const scheme = await schemeFor(tx, month);
        if (!scheme.items.some((i) => i.code === draft.itemCode))
          throw invalid(`Item ${draft.itemCode} is not in scheme v${scheme.version} (in force for ${month}).`);
        await windowExists(tx, draft.windowId);
        if (draft.substituteFor) {
          if ((await staffWindow(tx, draft.substituteFor)) !== draft.windowId)
            throw invalid('substituteFor must be a staff member of the window stood in at.');
          await staffWindow(tx, draft.staffId!);
        } else if (draft.staffId && (await staffWindow(tx, draft.staffId)) !== draft.windowId) {
          throw invalid(
            'The staff member does not work at that window (for a substitute, name the person covered as substituteFor).',
          );
        }
        const id = draft.id ?? randomUUID();
        const taken = await tx.query('select 1 from violations where id = $1', [id]);
        if (taken.length) throw new HttpError(409, 'duplicate', `Record ${id} already exists.`);
        await tx.query(
          `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by, device_recorded_at, server_received_at, clock_skew_ms, source, substitute_for)
         values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), 0, $9, $10)`,
          [
            id,
            draft.windowId,
            draft.staffId,
            draft.itemCode,
            draft.count,
            draft.observedAt,
            draft.note,
            user.id,
            draft.source,
            draft.substituteFor,
          ],
        );
        await refreshPreliminary(tx, month, zone);
        const saved = { id, ...draft };
        await audit({ action: 'create', entity: 'deduction', entityId: id, after: saved });
        return saved;
      });
      return reply.code(201).send({ record });
    },
  );

  /** Withdraws a deduction the supervision section entered (patrol records are withdrawn by their recorder). */
  app.post(
    '/assessments/deductions/:id/withdraw',
    {
      config: may(SUPERVISION, 'withdraw deductions from other sources'),
      schema: { params: idParams('record'), body: ReasonBodySchema },
    },
    async (request) => {
      const { id } = request.params;
      const { reason } = request.body;
      await act(db, request, async ({ tx, user, audit }) => {
        const [row] = await queryRows(
          tx,
          'select source, status, observed_at from violations where id = $1 and deleted_at is null',
          [id],
          z.object({ source: z.string(), status: ViolationStatusSchema, observed_at: z.date() }),
        );
        if (!row) throw notFound('record', id);
        if (row.source === 'patrol')
          throw new HttpError(
            409,
            'patrol_record',
            'A patrol record is withdrawn by its recorder, or overturned through a dispute.',
          );
        if (row.status === 'withdrawn')
          throw new HttpError(409, 'already_withdrawn', 'This record is already withdrawn.');
        const month = recordMonth(new Date(row.observed_at).toISOString(), zone);
        await requireEditable(tx, month);
        await tx.query("update violations set status = 'withdrawn' where id = $1", [id]);
        await tx.query(
          "insert into violation_history (violation_id, changed_by, action, before, after, reason) values ($1, $2, 'withdraw', $3, $4, $5)",
          [id, user.id, JSON.stringify({ status: 'active' }), JSON.stringify({ status: 'withdrawn' }), reason],
        );
        await refreshPreliminary(tx, month, zone);
        await audit({
          action: 'withdraw',
          entity: 'violation',
          entityId: id,
          before: { status: 'active' },
          after: { status: 'withdrawn', reason },
        });
      });
      return { id, status: 'withdrawn' };
    },
  );
}
