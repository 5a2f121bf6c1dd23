import type { PublishedSummary } from '../../../domain/assessment/summary';
import type { WindowDutyDb } from '../../db/database';

/** Which published versions the phone holds, newest month first, versions ascending. */
export interface VersionIndex {
  months: { month: string; versions: number[]; latest: number }[];
}

/** Read from the [month+version] index alone: listing months loads no version. */
export async function versionIndex(db: WindowDutyDb): Promise<VersionIndex> {
  const keys = (await db.assessments.orderBy('[month+version]').keys()) as unknown as [string, number][];
  const byMonth = new Map<string, number[]>();
  for (const [month, version] of keys) byMonth.set(month, [...(byMonth.get(month) ?? []), version]);
  const months = [...byMonth]
    .sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
    .map(([month, versions]) => {
      const sorted = [...new Set(versions)].sort((a, b) => a - b);
      return { month, versions: sorted, latest: sorted.at(-1)! };
    });
  return { months };
}

/** One published version as the phone holds it (its summary); null when the phone does not hold it. */
export async function loadVersion(db: WindowDutyDb, month: string, version: number): Promise<PublishedSummary | null> {
  return (await db.assessments.where('[month+version]').equals([month, version]).first()) ?? null;
}
