import { randomUUID } from 'node:crypto';
import { idParams, type Api } from '../http/zod-provider';
import { z } from 'zod';
import { SchemeSchema, type Scheme } from '../../domain';
import { MonthSchema, SchemeDraftSchema, SchemePreviewRequestSchema } from '../../domain/admin';
import { assessRecords, monthInputFromRecords, type MonthAssessment } from '../../domain/assessment';
import { loadMonthRecords } from '../assessment/data';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { schemeData, type SchemeRow } from '../rows/rows';
import { change, hallMonth, notFound, previousMonth } from './common';

interface StoredScheme {
  id: string;
  version: number;
  effectiveFrom: string;
  scheme: Scheme;
  createdAt: string;
}

async function allSchemes(db: Db): Promise<StoredScheme[]> {
  const rows = await db.query<SchemeRow & { created_at: Date }>(
    'select id, version, effective_from, data, created_at from schemes where deleted_at is null order by effective_from, version',
  );
  return rows.map((r) => ({
    ...(schemeData(r) as Omit<StoredScheme, 'createdAt'>),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The version in force in a month: the latest effective_from ≤ month, highest version (as push decides). */
export function schemeInForce<T extends { effectiveFrom: string }>(schemes: T[], month: string): T | undefined {
  return schemes.filter((s) => s.effectiveFrom <= month).at(-1) ?? schemes[0];
}

function summarise(a: MonthAssessment) {
  return {
    schemeVersion: a.schemeVersion,
    windows: new Map(a.windows.map((w) => [w.windowId, w])),
    staff: new Map(a.staff.map((s) => [s.staffId, s])),
    unmatched: a.unmatched.length,
  };
}

/**
 * How a month's records score under the scheme in force vs a draft: per window and staff member.
 * Both sides read everything the month's assessment reads (records, disputes, bonuses,
 * disqualifications, duty patrols, leave: loadMonthRecords), so the preview is what
 * `npm run cli -- assess --month M --scheme-version N` gives once the draft is saved as N.
 */
export async function previewScheme(db: Db, draft: Scheme, month: string, zone: string) {
  const schemes = await allSchemes(db);
  const current = schemeInForce(schemes, month);
  if (!current) throw new HttpError(409, 'no_scheme', 'No assessment scheme is configured yet.');
  const currentRecords = await loadMonthRecords(db, month, zone, current.scheme);
  const draftRecords = await loadMonthRecords(db, month, zone, draft);
  const inputs = monthInputFromRecords(currentRecords);
  const before = summarise(assessRecords(currentRecords));
  const after = summarise(assessRecords(draftRecords));
  const round = (n: number) => Math.round(n * 100) / 100;
  const windows = [...after.windows.values()].map((w) => {
    const c = before.windows.get(w.windowId)!;
    return {
      windowId: w.windowId,
      number: w.number,
      name: w.name,
      department: w.department,
      kind: w.kind,
      current: { score: c.score, rank: c.rank, honour: c.honour },
      draft: { score: w.score, rank: w.rank, honour: w.honour },
      delta: round(w.score - c.score),
    };
  });
  const staff = [...after.staff.values()].map((s) => {
    const c = before.staff.get(s.staffId)!;
    return {
      staffId: s.staffId,
      name: s.name,
      windowId: s.windowId,
      current: c.score,
      draft: s.score,
      delta: round(s.score - c.score),
      // #15.9 Rank and honour among people, where the scheme ranks people (null otherwise).
      currentRank: c.rank ?? null,
      draftRank: s.rank ?? null,
      currentHonour: c.honour ?? null,
      draftHonour: s.honour ?? null,
    };
  });
  return {
    month,
    records: inputs.deductions.length,
    current: { version: current.version, effectiveFrom: current.effectiveFrom, unmatched: before.unmatched },
    draft: { version: draft.version, unmatched: after.unmatched },
    windows,
    staff: staff.filter((s) => s.delta !== 0 || s.currentRank !== s.draftRank || s.currentHonour !== s.draftHonour),
    changedWindows: windows.filter(
      (w) => w.delta !== 0 || w.current.rank !== w.draft.rank || w.current.honour !== w.draft.honour,
    ).length,
  };
}

const MonthQuerySchema = z.object({ month: MonthSchema.optional() });

export function registerSchemeRoutes(app: Api, db: Db, zone: string): void {
  app.get('/schemes', async () => {
    const schemes = await allSchemes(db);
    const month = hallMonth(new Date(), zone);
    // Newest first for the console; in force = what push uses for records of this month.
    return {
      schemes: [...schemes].reverse(),
      currentMonth: month,
      inForce: schemeInForce(schemes, month)?.version ?? null,
    };
  });

  /**
   * A new version, in force from a month not yet over (≥ the current month): a month already
   * assessed keeps the version it was assessed with. The version number is the server's.
   */
  app.post('/schemes', { schema: { body: SchemeDraftSchema } }, async (request, reply) => {
    const draft = request.body;
    const month = hallMonth(new Date(), zone);
    if (draft.effectiveFrom < month) {
      throw new HttpError(
        422,
        'month_closed',
        `A new version can take effect from ${month} at the earliest; earlier months keep the version they were assessed with.`,
      );
    }
    const saved = await change(
      db,
      request,
      async ({ tx, audit }) => {
        // A month closed for recording (issue 3's recording_periods, when present) is being
        // assessed: it keeps its version too.
        const [{ present }] = (await tx.query<{ present: boolean }>(
          `select to_regclass('recording_periods') is not null as present`,
        )) as [{ present: boolean }];
        if (present) {
          const closed = await tx.query<{ month: string }>(
            'select month from recording_periods where month >= $1 order by month desc limit 1',
            [draft.effectiveFrom],
          );
          if (closed[0]) {
            throw new HttpError(
              422,
              'month_closed',
              `${closed[0].month} is closed for recording and keeps the version it is assessed with; choose a later month.`,
            );
          }
        }
        const [{ next }] = (await tx.query<{ next: number }>(
          'select coalesce(max(version), 0) + 1 as next from schemes',
        )) as [{ next: number }];
        const scheme = { ...draft.scheme, version: Number(next) };
        const id = randomUUID();
        await tx.query('insert into schemes (id, version, effective_from, data) values ($1, $2, $3, $4)', [
          id,
          scheme.version,
          draft.effectiveFrom,
          JSON.stringify(scheme),
        ]);
        const after = { id, version: scheme.version, effectiveFrom: draft.effectiveFrom, scheme };
        await audit({ action: 'create', entity: 'scheme', entityId: id, after });
        return after;
      },
      'That scheme version already exists; try again.',
    );
    return reply.code(201).send({ scheme: saved });
  });

  /** Preview a draft (nothing is written). */
  app.post('/schemes/preview', { schema: { body: SchemePreviewRequestSchema } }, async (request) => {
    const body = request.body;
    // Shown as the version it would be saved as.
    const [{ next }] = (await db.query<{ next: number }>(
      'select coalesce(max(version), 0) + 1 as next from schemes',
    )) as [{ next: number }];
    return previewScheme(
      db,
      { ...body.scheme, version: Number(next) },
      body.month ?? previousMonth(hallMonth(new Date(), zone)),
      zone,
    );
  });

  /** Preview a stored version against the version in force for the month. */
  app.get(
    '/schemes/:id/preview',
    { schema: { params: idParams('scheme'), querystring: MonthQuerySchema } },
    async (request) => {
      const { id } = request.params;
      const { month } = request.query;
      const stored = (await allSchemes(db)).find((s) => s.id === id);
      if (!stored) throw notFound('scheme', id);
      const scheme = SchemeSchema.parse(stored.scheme);
      return previewScheme(db, scheme, month ?? previousMonth(hallMonth(new Date(), zone)), zone);
    },
  );
}
