import {
  aggregatePeriod,
  periodMonths,
  periodOptionsOf,
  schemeInForceFor,
  type PeriodAssessment,
} from '../../domain/assessment';
import { loadPeriodInputs } from '../admin/periods';
import { z } from 'zod';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { assessFromDb, schemeVersions } from './data';

/**
 * The months of a period that hold any assessment data: a record observed, a bonus, a
 * disqualification, duty compliance, a dispute or a published version. A month without any is not
 * assessed (the default missing-month rule averages over the assessed months), like a month not
 * published on the server.
 */
export async function monthsWithData(db: Db, label: string, zone: string): Promise<string[]> {
  const months = periodMonths(label);
  const rows = await queryRows(
    db,
    `select to_char(observed_at at time zone $2::text, 'YYYY-MM') as month from violations where deleted_at is null
       and to_char(observed_at at time zone $2::text, 'YYYY-MM') = any($1::text[])
     union select month from bonus_records where deleted_at is null and month = any($1::text[])
     union select month from disqualification_records where month = any($1::text[])
     union select month from duty_patrol_records where month = any($1::text[])
     union select month from disputes where deleted_at is null and month = any($1::text[])
     union select month from assessment_versions where month = any($1::text[])`,
    [months, zone],
    z.object({ month: z.string() }),
  );
  const have = new Set(rows.map((r) => r.month));
  return months.filter((m) => have.has(m));
}

/**
 * A quarter or year recomputed from the records (the CLI's `assess --period`): each month with
 * data assessed from the records as they are now, then averaged, blended with the period's imported
 * scores and graded within its 优秀 quota, under the scheme in force in the period's last month.
 */
export async function assessPeriodFromDb(
  db: Db,
  label: string,
  zone: string,
  only?: readonly string[],
): Promise<PeriodAssessment & { assessedMonths: string[] }> {
  const months = periodMonths(label);
  const scheme = schemeInForceFor(await schemeVersions(db), months.at(-1)!);
  if (!scheme) throw new Error(`No valid assessment scheme is in force for ${label}.`);
  const assessed = only ? months.filter((m) => only.includes(m)) : await monthsWithData(db, label, zone);
  const results = [];
  for (const m of assessed) results.push(await assessFromDb(db, m, zone));
  const inputs = await loadPeriodInputs(db, label);
  return {
    ...aggregatePeriod({ period: label, months, results, scheme, ...periodOptionsOf(inputs, scheme) }),
    assessedMonths: assessed,
  };
}
