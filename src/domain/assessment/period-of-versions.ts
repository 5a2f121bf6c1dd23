import { z } from 'zod';
import { EARLIEST_DAY, LATEST_DAY } from '../bounds';
import { aggregatePeriod, type PeriodAssessment, type PeriodMonthResult } from './period';
import { periodOptionsOf, type PeriodInputs } from './period-inputs';
import { latestVersion, type AssessmentVersion } from './published';
import { schemeInForceFor, type SchemeVersionLike } from './from-records';
import { compareText } from '../text-order';

/** A quarter ('2026-Q4') or a year ('2026'), of the hall's years (bounds.ts). */
export const PeriodLabelSchema = z
  .string()
  .regex(/^\d{4}(-Q[1-4])?$/, { error: 'must be YYYY or YYYY-Qn', abort: true })
  .refine((label) => label.slice(0, 4) >= EARLIEST_DAY.slice(0, 4) && label.slice(0, 4) <= LATEST_DAY.slice(0, 4), {
    error: `must lie between ${EARLIEST_DAY.slice(0, 4)} and ${LATEST_DAY.slice(0, 4)}`,
  });

/** The months of a quarter or a year, in order. */
export function periodMonths(label: string): string[] {
  const year = label.slice(0, 4);
  const quarter = label.length > 4 ? Number(label.slice(-1)) : null;
  const months = quarter
    ? [0, 1, 2].map((i) => (quarter - 1) * 3 + i + 1)
    : Array.from({ length: 12 }, (_, i) => i + 1);
  return months.map((m) => `${year}-${String(m).padStart(2, '0')}`);
}

/** Quarters and years with a month among `months`, newest first (quarters before their year). */
export function periodOptions(months: readonly string[]): string[] {
  const out = new Set<string>();
  for (const m of [...months].sort().reverse()) {
    const year = m.slice(0, 4);
    out.add(`${year}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`);
    out.add(year);
  }
  return [...out].sort((a, b) => compareText(b.slice(0, 4), a.slice(0, 4)) || b.length - a.length || compareText(b, a));
}

/**
 * Quarter and year (DOMAIN §5.6, §5.8): grades and the period's honours from the latest
 * published version of each month, graded under the scheme in force in the period's last month.
 * Months not published yet are missing (the default rule averages over the months published).
 * The same on the phone (from its kept versions) and on the server. Null without a scheme.
 * `inputs`: the period's 优秀 quota and imported peer / satisfaction scores (issue #15), if any.
 */
export function periodFromVersions(
  label: string,
  versions: readonly (Pick<AssessmentVersion, 'month' | 'version'> & { result: PeriodMonthResult })[],
  schemes: readonly SchemeVersionLike[],
  inputs?: PeriodInputs | null,
): (PeriodAssessment & { publishedMonths: string[] }) | null {
  const months = periodMonths(label);
  const scheme = schemeInForceFor(schemes, months.at(-1)!);
  if (!scheme) return null;
  const latest = months.map((m) => latestVersion(versions, m)).filter((v): v is NonNullable<typeof v> => v !== null);
  return {
    ...aggregatePeriod({
      period: label,
      months,
      results: latest.map((v) => v.result),
      scheme,
      ...periodOptionsOf(inputs, scheme),
    }),
    publishedMonths: latest.map((v) => v.month),
  };
}
