import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AssessmentMonthSchema,
  windowExplanationResult,
  windowRecordIds,
  type ExplanationSource,
} from '../../domain/assessment';
import { INT32_MAX, uuid } from '../../domain/bounds';
import { parseOr400 } from '../admin/common';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { signedInUser } from '../auth/require-user';
import type { SessionUser } from '../auth/users';
import { violationJsonSql } from '../rows/rows';
import { violationScope } from '../rows/scopes';
import type { Violation } from '../../domain';

/** A window's explanation in a published version: month, version number and window, bounded. */
const ExplanationParamsSchema = z
  .object({
    month: AssessmentMonthSchema,
    version: z.coerce.number({ error: 'version must be a number' }).int().min(1).max(INT32_MAX),
    windowId: uuid,
  })
  .strict();

/**
 * One window's explanation in a published version (issue 14 §4): phones hold each version's
 * rankings summary and fetch a window's explanation when it is opened. Rankings and their
 * explanations are public in the hall, so any signed-in user may read any window's. The window,
 * its staff and the lines behind them are cut out in SQL: the month's whole result (~19 MB for
 * 50,000 records) never leaves the database. With it come the records behind the window's lines
 * that this user may see (DOMAIN §2, as the pull scopes them): a phone keeps only the open months'
 * records (issue 14 §5), so an older month's details come with its explanation and stay with it.
 */
export function registerExplanationRoute(app: FastifyInstance, db: Db): void {
  app.get(
    '/assessments/:month/versions/:version/windows/:windowId', // under the area's /api, signed in (its hook)
    async (request) => {
      const { month, version, windowId } = parseOr400(ExplanationParamsSchema, request.params);
      const [row] = await queryRows(
        db,
        `select a.id, (a.result->>'schemeVersion')::int as scheme_version,
                (select w from jsonb_array_elements(a.result->'windows') w where w->>'windowId' = $3 limit 1) as window,
                (select coalesce(jsonb_agg(case when s->>'windowId' = $3 then s else s - 'sheet' end order by o), '[]'::jsonb)
                   from jsonb_array_elements(a.result->'staff') with ordinality as t(s, o)) as staff,
                a.result->'leaveSources' as leave_sources
           from assessment_versions a
          where a.month = $1 and a.version = $2 and a.deleted_at is null`,
        [month, version, windowId],
        // The cut-out parts of the result (jsonb) are the domain's to read: windowExplanationResult.
        z.object({
          id: z.string(),
          scheme_version: z.coerce.number(),
          window: z.unknown(),
          staff: z.unknown(),
          leave_sources: z.unknown(),
        }),
      );
      if (!row) throw new HttpError(404, 'not_found', `${month} has no published version ${version}.`);
      const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
      const window = json<ExplanationSource['windows'][number] | null>(row.window);
      if (!window) throw new HttpError(404, 'not_found', `Version ${version} of ${month} does not rank that window.`);
      const leaveSources = json<ExplanationSource['leaveSources'] | null>(row.leave_sources);
      const result = windowExplanationResult(
        {
          month,
          schemeVersion: Number(row.scheme_version),
          windows: [window],
          staff: json<ExplanationSource['staff']>(row.staff),
          ...(leaveSources ? { leaveSources } : {}),
        },
        windowId,
      )!;
      const records = await recordsOf(db, signedInUser(request), windowRecordIds(result.windows[0]!));
      return { versionId: row.id, month, version, windowId, result, records };
    },
  );
}

/** The records of these ids this user may see, as synced (ViolationSchema); any month, not deleted. */
async function recordsOf(db: Db, user: SessionUser, ids: string[]): Promise<Violation[]> {
  const scope = violationScope(user);
  // Lines computed from leave or outings carry derived ids of no stored record.
  ids = ids.filter((id) => uuid.safeParse(id).success);
  if (!ids.length || scope.where === 'false') return [];
  const where = scope.where.replaceAll('$3', '$2');
  const rows = await db.query<{ data: Violation }>(
    `select ${violationJsonSql()} as data from violations v join users u on u.id = v.recorded_by
      where v.id = any($1::uuid[]) and v.deleted_at is null and ${where} order by v.observed_at, v.id`,
    where.includes('$2') ? [ids, scope.param] : [ids],
  );
  return rows.map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data));
}
