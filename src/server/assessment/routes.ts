import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HALL_WIDE_ROLES, type Role, type Scheme } from '../../domain';
import {
  AssessmentMonthSchema,
  BonusDraftSchema,
  DecideDisputeSchema,
  DeductionDraftSchema,
  DisqualificationDraftSchema,
  PeriodLabelSchema,
  periodFromVersions,
  ReasonBodySchema,
  recordMonth,
  recordsEditable,
  schemeInForceFor,
  statusOfDecision,
} from '../../domain/assessment';
import { appendAudit, type AuditEntry } from '../admin/audit';
import { idParam, notFound, parseOr400 } from '../admin/common';
import { requireUser, signedInUser } from '../auth/require-user';
import type { SessionUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { bulletinXlsx } from './bulletin';
import { checkStep, compile, correct, periodView, publish, refreshPreliminary, setState, versionsOf } from './cycle';
import { monthBonuses, monthDisqualifications, schemeVersions } from './data';
import { BONUS_COLUMNS, DISPUTE_COLUMNS, DISPUTE_FROM, VERSION_COLUMNS, VERSION_FROM, bonusData, disputeData, versionData, type BonusRow, type DisputeRow, type VersionRow } from './rows';
import { monthState } from './state';

const SUPERVISION: readonly Role[] = ['supervision'];

function allow(user: SessionUser, roles: readonly Role[], what: string): void {
  if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', `Only ${roles.join(' or ')} may ${what}.`);
}

function monthOf(params: unknown): string {
  const parsed = AssessmentMonthSchema.safeParse((params as { month?: unknown } | null)?.month);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', 'month must be YYYY-MM');
  return parsed.data;
}

interface Tx {
  tx: Db;
  user: SessionUser;
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip'>): Promise<void>;
}

/** One step of the cycle: a transaction under the change-feed lock, with its audit entry. */
function act<T>(db: Db, request: FastifyRequest, fn: (ctx: Tx) => Promise<T>): Promise<T> {
  const user = signedInUser(request);
  return db.transaction(async (tx) => {
    await lockChangeFeed(tx);
    return fn({ tx, user, audit: (entry) => appendAudit(tx, { ...entry, actorId: user.id, actorName: user.displayName, ip: request.ip }) });
  });
}

/** Records of a month may change until approval freezes them (and again after publication, for a correction). */
async function requireEditable(tx: Db, month: string): Promise<void> {
  const state = await monthState(tx, month);
  if (!recordsEditable(state)) throw new HttpError(409, 'wrong_state', `${month} is approved and waits for publication; its records cannot change now.`);
}

async function schemeFor(tx: Db, month: string): Promise<Scheme> {
  const scheme = schemeInForceFor(await schemeVersions(tx), month);
  if (!scheme) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${month}.`);
  return scheme;
}

async function windowExists(tx: Db, windowId: string): Promise<void> {
  const rows = await tx.query('select 1 from windows where id = $1 and deleted_at is null', [windowId]);
  if (!rows.length) throw notFound('window', windowId);
}

async function staffWindow(tx: Db, staffId: string): Promise<string> {
  const [row] = await tx.query<{ window_id: string }>('select window_id from staff where id = $1 and deleted_at is null', [staffId]);
  if (!row) throw notFound('staff member', staffId);
  return row.window_id;
}

const invalid = (message: string) => new HttpError(422, 'invalid_record', message);

/**
 * The monthly cycle (issue 5): preliminary results, verification with disputes, approval by the
 * center leader, publication as an immutable version and corrections as new versions; the
 * supervision section's bonus, disqualification and other-source records; the bulletin.
 */
export function registerAssessmentRoutes(app: FastifyInstance, db: Db): void {
  const signedIn = { preHandler: requireUser(db) };

  app.get('/api/assessments', signedIn, async () => {
    const rows = await db.query<{ month: string; version: number; published_at: Date; reason: string | null; scheme_version: number }>(
      'select month, version, published_at, reason, scheme_version from assessment_versions order by month desc, version desc',
    );
    const periods = await db.query<{ month: string; state: string }>('select month, state from assessment_periods order by month desc');
    return {
      periods: periods.map((p) => ({ month: p.month, state: p.state })),
      versions: rows.map((r) => ({ month: r.month, version: Number(r.version), schemeVersion: Number(r.scheme_version), publishedAt: new Date(r.published_at).toISOString(), reason: r.reason })),
    };
  });

  /** Quarter or year (YYYY-Qn, YYYY): grades and honours from the latest published version of each month. */
  app.get<{ Params: { period: string } }>('/api/assessments/periods/:period', signedIn, async (request) => {
    const parsed = PeriodLabelSchema.safeParse(request.params.period);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', 'period must be YYYY or YYYY-Qn');
    const rows = await db.query<VersionRow>(`select ${VERSION_COLUMNS} from ${VERSION_FROM} where a.month like $1 order by a.month, a.version`, [`${parsed.data.slice(0, 4)}-%`]);
    const result = periodFromVersions(parsed.data, rows.map(versionData), await schemeVersions(db));
    if (!result) throw new HttpError(409, 'no_scheme', `No valid assessment scheme is in force for ${parsed.data}.`);
    return result;
  });

  app.get('/api/assessments/:month', signedIn, async (request) => periodView(db, monthOf(request.params), signedInUser(request)));

  app.get('/api/assessments/:month/versions', signedIn, async (request) => ({ versions: await versionsOf(db, monthOf(request.params)) }));

  app.get<{ Params: { month: string; version: string } }>('/api/assessments/:month/versions/:version', signedIn, async (request) => {
    const month = monthOf(request.params);
    const n = Number(request.params.version);
    const found = (await versionsOf(db, month)).find((v) => v.version === n);
    if (!found) throw notFound(`published version of ${month}:`, request.params.version);
    return { version: found };
  });

  // --- the cycle -----------------------------------------------------------------------------

  app.post('/api/assessments/:month/compile', signedIn, async (request) => {
    const month = monthOf(request.params);
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'compile', user);
      await compile(tx, month, to);
      await audit({ action: 'compile', entity: 'assessment', entityId: month, before: { state: from }, after: { state: to } });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/api/assessments/:month/open-verification', signedIn, async (request) => {
    const month = monthOf(request.params);
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'open_verification', user);
      await compile(tx, month, to);
      await audit({ action: 'open_verification', entity: 'assessment', entityId: month, before: { state: from }, after: { state: to } });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/api/assessments/:month/approve', signedIn, async (request) => {
    const month = monthOf(request.params);
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'approve', user);
      // What is approved is the month as it stands now (every decision taken).
      await compile(tx, month, to);
      await setState(tx, month, to, { approvedBy: user.id });
      await audit({ action: 'approve', entity: 'assessment', entityId: month, before: { state: from }, after: { state: to } });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/api/assessments/:month/return', signedIn, async (request) => {
    const month = monthOf(request.params);
    const { reason } = parseOr400(ReasonBodySchema, request.body);
    await act(db, request, async ({ tx, user, audit }) => {
      const { from, to } = await checkStep(tx, month, 'return', user);
      await setState(tx, month, to, { approvedBy: null });
      await audit({ action: 'return', entity: 'assessment', entityId: month, before: { state: from }, after: { state: to, reason } });
    });
    return periodView(db, month, signedInUser(request));
  });

  app.post('/api/assessments/:month/publish', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    const version = await act(db, request, async ({ tx, user, audit }) => {
      await checkStep(tx, month, 'publish', user);
      const v = await publish(tx, month, user);
      await audit({ action: 'publish', entity: 'assessment', entityId: month, after: { version: v.version, schemeVersion: v.schemeVersion, dataAsOf: v.dataAsOf } });
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
      const v = await correct(tx, month, reason, user);
      await audit({ action: 'correct', entity: 'assessment', entityId: month, after: { version: v.version, reason, schemeVersion: v.schemeVersion, dataAsOf: v.dataAsOf } });
      return v;
    });
    return reply.code(201).send({ version });
  });

  // --- disputes ------------------------------------------------------------------------------

  app.get('/api/assessments/:month/disputes', signedIn, async (request) => {
    const month = monthOf(request.params);
    const user = signedInUser(request);
    if (!HALL_WIDE_ROLES.includes(user.role) && user.role !== 'window_head') throw new HttpError(403, 'forbidden', 'Only window heads, the supervision section and center leaders see disputes.');
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
      const [row] = await tx.query<{ month: string; status: string; violation_id: string }>('select month, status, violation_id from disputes where id = $1 and deleted_at is null', [id]);
      if (!row) throw notFound('dispute', id);
      await checkStep(tx, row.month, 'decide_dispute', user);
      if (row.status !== 'pending') throw new HttpError(409, 'already_decided', `This dispute was already decided (${row.status}).`);
      const status = statusOfDecision(body.decision);
      await tx.query('update disputes set status = $2, decided_by = $3, decision_reason = $4, decided_at = now() where id = $1', [id, status, user.id, body.reason]);
      await refreshPreliminary(tx, row.month);
      await audit({ action: 'decide_dispute', entity: 'dispute', entityId: id, before: { status: 'pending' }, after: { status, reason: body.reason, violationId: row.violation_id, month: row.month } });
      const [updated] = await tx.query<DisputeRow>(`select ${DISPUTE_COLUMNS} from ${DISPUTE_FROM} where d.id = $1`, [id]);
      return disputeData(updated!);
    });
    return { dispute };
  });

  // --- the supervision section's records -------------------------------------------------------

  app.get('/api/assessments/:month/bonuses', signedIn, async (request) => ({ bonuses: await monthBonuses(db, monthOf(request.params)) }));

  app.post('/api/assessments/:month/bonuses', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    allow(signedInUser(request), SUPERVISION, 'record bonuses');
    const draft = parseOr400(BonusDraftSchema, request.body);
    const bonus = await act(db, request, async ({ tx, user, audit }) => {
      await requireEditable(tx, month);
      const scheme = await schemeFor(tx, month);
      const item = scheme.bonus.items.find((b) => b.code === draft.bonusCode);
      if (!item) throw invalid(`Bonus ${draft.bonusCode} is not in scheme v${scheme.version} (in force for ${month}).`);
      if (draft.points < item.minPoints || draft.points > item.maxPoints) throw invalid(`${draft.bonusCode} grants ${item.minPoints}–${item.maxPoints} points, not ${draft.points}.`);
      await windowExists(tx, draft.windowId);
      if (draft.staffId && (await staffWindow(tx, draft.staffId)) !== draft.windowId) throw invalid('The staff member does not work at that window.');
      const id = draft.id ?? randomUUID();
      await tx.query(
        'insert into bonus_records (id, month, window_id, staff_id, bonus_code, points, event_id, note, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [id, month, draft.windowId, draft.staffId, draft.bonusCode, draft.points, draft.eventId, draft.note, user.id],
      );
      await refreshPreliminary(tx, month);
      const [row] = await tx.query<BonusRow>(`select ${BONUS_COLUMNS} from bonus_records where id = $1`, [id]);
      const saved = bonusData(row!);
      await audit({ action: 'create', entity: 'bonus', entityId: id, after: saved });
      return saved;
    });
    return reply.code(201).send({ bonus });
  });

  app.post('/api/bonuses/:id/withdraw', signedIn, async (request) => {
    allow(signedInUser(request), SUPERVISION, 'withdraw bonuses');
    const id = idParam(request.params, 'bonus');
    const { reason } = parseOr400(ReasonBodySchema, request.body);
    const bonus = await act(db, request, async ({ tx, audit }) => {
      const [row] = await tx.query<BonusRow>(`select ${BONUS_COLUMNS} from bonus_records where id = $1 and deleted_at is null`, [id]);
      if (!row) throw notFound('bonus', id);
      await requireEditable(tx, row.month);
      if (row.status === 'withdrawn') throw new HttpError(409, 'already_withdrawn', 'This bonus is already withdrawn.');
      await tx.query("update bonus_records set status = 'withdrawn', withdrawn_reason = $2 where id = $1", [id, reason]);
      await refreshPreliminary(tx, row.month);
      await audit({ action: 'withdraw', entity: 'bonus', entityId: id, before: { status: 'active' }, after: { status: 'withdrawn', reason } });
      return { ...bonusData(row), status: 'withdrawn' as const };
    });
    return { bonus };
  });

  app.get('/api/assessments/:month/disqualifications', signedIn, async (request) => {
    allow(signedInUser(request), HALL_WIDE_ROLES, 'see disqualifications');
    return { disqualifications: await monthDisqualifications(db, monthOf(request.params)) };
  });

  app.post('/api/assessments/:month/disqualifications', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    allow(signedInUser(request), SUPERVISION, 'record disqualifications');
    const draft = parseOr400(DisqualificationDraftSchema, request.body);
    const disqualification = await act(db, request, async ({ tx, user, audit }) => {
      await requireEditable(tx, month);
      const scheme = await schemeFor(tx, month);
      if (!scheme.disqualifications.some((d) => d.code === draft.code)) throw invalid(`Disqualification ${draft.code} is not in scheme v${scheme.version} (in force for ${month}).`);
      await windowExists(tx, draft.windowId);
      const id = draft.id ?? randomUUID();
      await tx.query('insert into disqualification_records (id, month, window_id, code, reason, recorded_by) values ($1, $2, $3, $4, $5, $6)', [id, month, draft.windowId, draft.code, draft.reason, user.id]);
      await refreshPreliminary(tx, month);
      const saved = { id, month, windowId: draft.windowId, code: draft.code, reason: draft.reason, status: 'active' as const };
      await audit({ action: 'create', entity: 'disqualification', entityId: id, after: saved });
      return saved;
    });
    return reply.code(201).send({ disqualification });
  });

  app.post('/api/disqualifications/:id/withdraw', signedIn, async (request) => {
    allow(signedInUser(request), SUPERVISION, 'withdraw disqualifications');
    const id = idParam(request.params, 'disqualification');
    const { reason } = parseOr400(ReasonBodySchema, request.body);
    await act(db, request, async ({ tx, audit }) => {
      const [row] = await tx.query<{ month: string; status: string }>('select month, status from disqualification_records where id = $1', [id]);
      if (!row) throw notFound('disqualification', id);
      await requireEditable(tx, row.month);
      if (row.status === 'withdrawn') throw new HttpError(409, 'already_withdrawn', 'This disqualification is already withdrawn.');
      await tx.query("update disqualification_records set status = 'withdrawn', withdrawn_reason = $2 where id = $1", [id, reason]);
      await refreshPreliminary(tx, row.month);
      await audit({ action: 'withdraw', entity: 'disqualification', entityId: id, before: { status: 'active' }, after: { status: 'withdrawn', reason } });
    });
    return { id, status: 'withdrawn' };
  });

  /** A deduction from another source than patrols; it syncs, can be disputed and carries photos like a patrol record. */
  app.post('/api/assessments/:month/deductions', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    allow(signedInUser(request), SUPERVISION, 'record deductions from other sources');
    const draft = parseOr400(DeductionDraftSchema, request.body);
    if (recordMonth(draft.observedAt) !== month) throw new HttpError(400, 'invalid_request', `observedAt ${draft.observedAt} is not in ${month} (UTC month, as records are counted).`);
    const record = await act(db, request, async ({ tx, user, audit }) => {
      await requireEditable(tx, month);
      const scheme = await schemeFor(tx, month);
      if (!scheme.items.some((i) => i.code === draft.itemCode)) throw invalid(`Item ${draft.itemCode} is not in scheme v${scheme.version} (in force for ${month}).`);
      await windowExists(tx, draft.windowId);
      if (draft.substituteFor) {
        if ((await staffWindow(tx, draft.substituteFor)) !== draft.windowId) throw invalid('substituteFor must be a staff member of the window stood in at.');
        await staffWindow(tx, draft.staffId!);
      } else if (draft.staffId && (await staffWindow(tx, draft.staffId)) !== draft.windowId) {
        throw invalid('The staff member does not work at that window (for a substitute, name the person covered as substituteFor).');
      }
      const id = draft.id ?? randomUUID();
      const taken = await tx.query('select 1 from violations where id = $1', [id]);
      if (taken.length) throw new HttpError(409, 'duplicate', `Record ${id} already exists.`);
      await tx.query(
        `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by, device_recorded_at, server_received_at, clock_skew_ms, source, substitute_for)
         values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), 0, $9, $10)`,
        [id, draft.windowId, draft.staffId, draft.itemCode, draft.count, draft.observedAt, draft.note, user.id, draft.source, draft.substituteFor],
      );
      await refreshPreliminary(tx, month);
      const saved = { id, ...draft };
      await audit({ action: 'create', entity: 'deduction', entityId: id, after: saved });
      return saved;
    });
    return reply.code(201).send({ record });
  });

  /** Withdraws a deduction the supervision section entered (patrol records are withdrawn by their recorder). */
  app.post('/api/assessments/deductions/:id/withdraw', signedIn, async (request) => {
    allow(signedInUser(request), SUPERVISION, 'withdraw deductions from other sources');
    const id = idParam(request.params, 'record');
    const { reason } = parseOr400(ReasonBodySchema, request.body);
    await act(db, request, async ({ tx, user, audit }) => {
      const [row] = await tx.query<{ source: string; status: string; observed_at: Date }>('select source, status, observed_at from violations where id = $1 and deleted_at is null', [id]);
      if (!row) throw notFound('record', id);
      if (row.source === 'patrol') throw new HttpError(409, 'patrol_record', 'A patrol record is withdrawn by its recorder, or overturned through a dispute.');
      if (row.status === 'withdrawn') throw new HttpError(409, 'already_withdrawn', 'This record is already withdrawn.');
      const month = recordMonth(new Date(row.observed_at).toISOString());
      await requireEditable(tx, month);
      await tx.query("update violations set status = 'withdrawn' where id = $1", [id]);
      await tx.query("insert into violation_history (violation_id, changed_by, action, before, after, reason) values ($1, $2, 'withdraw', $3, $4, $5)", [
        id, user.id, JSON.stringify({ status: 'active' }), JSON.stringify({ status: 'withdrawn' }), reason,
      ]);
      await refreshPreliminary(tx, month);
      await audit({ action: 'withdraw', entity: 'violation', entityId: id, before: { status: 'active' }, after: { status: 'withdrawn', reason } });
    });
    return { id, status: 'withdrawn' };
  });

  // --- outputs -------------------------------------------------------------------------------

  /** The monthly bulletin (通报) as .xlsx: a published version (latest, or ?version=N), or ?preliminary=1 labelled so. */
  app.get('/api/assessments/:month/bulletin.xlsx', signedIn, async (request, reply) => {
    const month = monthOf(request.params);
    const user = signedInUser(request);
    const query = parseOr400(z.object({ version: z.coerce.number().int().positive().optional(), preliminary: z.enum(['1', 'true']).optional() }), request.query, 'invalid_query');
    const schemes = await schemeVersions(db);
    let file: Buffer;
    if (query.preliminary) {
      allow(user, HALL_WIDE_ROLES, 'download a preliminary bulletin');
      const view = await periodView(db, month, user);
      if (!view.preliminary) throw new HttpError(404, 'not_found', `${month} has no preliminary result.`);
      file = await bulletinXlsx({ month, kind: 'preliminary', result: view.preliminary.result, dataAsOf: view.preliminary.dataAsOf }, schemes);
    } else {
      const versions = await versionsOf(db, month);
      const chosen = query.version ? versions.find((v) => v.version === query.version) : versions.at(-1);
      if (!chosen) throw new HttpError(404, 'not_found', query.version ? `${month} has no published version ${query.version}.` : `${month} is not published yet.`);
      file = await bulletinXlsx({ month, kind: 'published', result: chosen.result, dataAsOf: chosen.dataAsOf, version: chosen.version, publishedAt: chosen.publishedAt, reason: chosen.reason }, schemes);
    }
    const name = `bulletin-${month}${query.preliminary ? '-preliminary' : ''}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(file);
  });
}
