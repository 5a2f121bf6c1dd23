import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  availableActions,
  cycleStep,
  type AssessmentPeriod,
  type AssessmentVersion,
  type CycleAction,
  type CycleContext,
  type CycleState,
  type MonthAssessment,
} from '../../domain/assessment';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { iso } from '../rows/rows';
import { assessFromDb } from './data';
import { VERSION_COLUMNS, VERSION_FROM, versionData, VersionRowSchema } from './rows';
import { queryRows } from '../db/query-rows';
import { monthState } from './state';

/**
 * The monthly cycle against the database. Every step runs inside the caller's transaction,
 * which holds the change-feed lock (published versions and dispute decisions are synced rows).
 */

const REFUSAL_STATUS = { forbidden: 403, wrong_state: 409, pending_disputes: 409, reason_required: 400 } as const;

export async function pendingDisputes(db: Db, month: string): Promise<number> {
  const [row] = await queryRows(
    db,
    "select count(*)::int as n from disputes where month = $1 and status = 'pending' and deleted_at is null",
    [month],
    z.object({ n: z.number() }),
  );
  return Number(row?.n ?? 0);
}

/** Checks a step with the domain's rules; the state after it, or a 4xx. */
export async function checkStep(
  tx: Db,
  month: string,
  action: CycleAction,
  user: SessionUser,
  context: CycleContext = {},
): Promise<{ from: CycleState; to: CycleState }> {
  const from = await monthState(tx, month);
  const pending = action === 'approve' ? await pendingDisputes(tx, month) : 0;
  const outcome = cycleStep(from, action, user.role, { ...context, pendingDisputes: pending });
  if (!outcome.ok) throw new HttpError(REFUSAL_STATUS[outcome.code], outcome.code, outcome.reason);
  return { from, to: outcome.next };
}

/** (Re)computes and stores the month's preliminary result; the time of its data is now. */
export async function compile(tx: Db, month: string, state: CycleState, zone: string): Promise<void> {
  const result = await assessFromDb(tx, month, zone);
  await tx.query(
    `insert into assessment_periods (month, state, preliminary, compiled_at, data_as_of, updated_at)
     values ($1, $2, $3, now(), now(), now())
     on conflict (month) do update set state = excluded.state, preliminary = excluded.preliminary,
       compiled_at = excluded.compiled_at, data_as_of = excluded.data_as_of, updated_at = now()`,
    [month, state, JSON.stringify(result)],
  );
}

/**
 * After a change of the month's records: a preliminary result in compilation or verification is
 * recomputed at once, so what window heads verify and what the leader approves is current.
 */
export async function refreshPreliminary(tx: Db, month: string, zone: string): Promise<void> {
  const state = await monthState(tx, month);
  if (state === 'preliminary' || state === 'verification') await compile(tx, month, state, zone);
}

export async function setState(
  tx: Db,
  month: string,
  state: CycleState,
  extra: { approvedBy?: string | null } = {},
): Promise<void> {
  if ('approvedBy' in extra) {
    await tx.query(
      'update assessment_periods set state = $2, approved_by = $3, approved_at = case when $3::uuid is null then null else now() end, updated_at = now() where month = $1',
      [month, state, extra.approvedBy],
    );
  } else {
    await tx.query('update assessment_periods set state = $2, updated_at = now() where month = $1', [month, state]);
  }
}

export async function versionsOf(db: Db, month: string): Promise<AssessmentVersion[]> {
  const rows = await queryRows(
    db,
    `select ${VERSION_COLUMNS} from ${VERSION_FROM} where a.month = $1 order by a.version`,
    [month],
    VersionRowSchema,
  );
  return rows.map(versionData);
}

/** Inserts a published version (immutable) and returns it. */
async function insertVersion(
  tx: Db,
  month: string,
  result: MonthAssessment,
  dataAsOf: Date | string,
  reason: string | null,
  approved: { by: string | null; at: Date | string | null },
  user: SessionUser,
): Promise<AssessmentVersion> {
  const [{ next }] = (await queryRows(
    tx,
    'select coalesce(max(version), 0) + 1 as next from assessment_versions where month = $1',
    [month],
    z.object({ next: z.coerce.number() }),
  )) as [{ next: number }];
  const id = randomUUID();
  await tx.query(
    `insert into assessment_versions (id, month, version, scheme_version, data_as_of, reason, result, approved_by, approved_at, published_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      month,
      Number(next),
      result.schemeVersion,
      iso(dataAsOf),
      reason,
      JSON.stringify(result),
      approved.by,
      approved.at ? iso(approved.at) : null,
      user.id,
    ],
  );
  const [row] = await queryRows(
    tx,
    `select ${VERSION_COLUMNS} from ${VERSION_FROM} where a.id = $1`,
    [id],
    VersionRowSchema,
  );
  return versionData(row!);
}

/** Publication: the approved result becomes version 1, exactly as approved. */
export async function publish(tx: Db, month: string, user: SessionUser): Promise<AssessmentVersion> {
  const [period] = await queryRows(
    tx,
    'select preliminary, data_as_of, approved_by, approved_at from assessment_periods where month = $1',
    [month],
    z.object({
      preliminary: z.unknown(),
      data_as_of: z.date().nullable(),
      approved_by: z.string().nullable(),
      approved_at: z.date().nullable(),
    }),
  );
  // compile sets preliminary and data_as_of together: one without the other is no approved result either.
  if (!period?.preliminary || !period.data_as_of)
    throw new HttpError(409, 'wrong_state', `${month} has no approved result to publish.`);
  const result = (
    typeof period.preliminary === 'string' ? JSON.parse(period.preliminary) : period.preliminary
  ) as MonthAssessment;
  const version = await insertVersion(
    tx,
    month,
    result,
    period.data_as_of,
    null,
    { by: period.approved_by, at: period.approved_at },
    user,
  );
  await tx.query(
    "update assessment_periods set state = 'published', preliminary = null, updated_at = now() where month = $1",
    [month],
  );
  return version;
}

/** A correction after publication: the current records, assessed again, as version N+1 with its reason. */
export async function correct(
  tx: Db,
  month: string,
  reason: string,
  user: SessionUser,
  zone: string,
): Promise<AssessmentVersion> {
  const result = await assessFromDb(tx, month, zone);
  const [{ now }] = (await queryRows(tx, 'select now() as now', [], z.object({ now: z.date() }))) as [{ now: Date }];
  return insertVersion(tx, month, result, now, reason.trim(), { by: null, at: null }, user);
}

/** What the server reports about a month's cycle; the preliminary result only to those who verify it. */
export async function periodView(
  db: Db,
  month: string,
  user: SessionUser,
): Promise<
  AssessmentPeriod & {
    actions: CycleAction[];
    versions: { version: number; publishedAt: string; reason: string | null }[];
  }
> {
  const state = await monthState(db, month);
  const [period] = await queryRows(
    db,
    'select preliminary, compiled_at, data_as_of from assessment_periods where month = $1',
    [month],
    z.object({ preliminary: z.unknown(), compiled_at: z.date().nullable(), data_as_of: z.date().nullable() }),
  );
  const versions = await queryRows(
    db,
    'select version, published_at, reason from assessment_versions where month = $1 order by version',
    [month],
    VersionRowSchema.pick({ version: true, published_at: true, reason: true }),
  );
  const mayVerify = ['supervision', 'center_leader', 'window_head', 'duty_leader'].includes(user.role);
  const preliminary =
    mayVerify && period?.preliminary && period.compiled_at && period.data_as_of
      ? {
          compiledAt: iso(period.compiled_at),
          dataAsOf: iso(period.data_as_of),
          result: (typeof period.preliminary === 'string'
            ? JSON.parse(period.preliminary)
            : period.preliminary) as MonthAssessment,
        }
      : null;
  return {
    month,
    state,
    preliminary,
    pendingDisputes: await pendingDisputes(db, month),
    latestVersion: versions.length ? Number(versions.at(-1)!.version) : null,
    versions: versions.map((v) => ({ version: Number(v.version), publishedAt: iso(v.published_at), reason: v.reason })),
    actions: availableActions(state, user.role),
  };
}
