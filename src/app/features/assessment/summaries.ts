import type { GroupRanking } from '../../../domain/assessment/group-ranking';
import type { WindowAssessment } from '../../../domain/assessment/month';
import type { AssessmentVersion } from '../../../domain/assessment/published';
import type { WindowKind } from '../../../domain/entities';
import type { WindowDutyDb } from '../../db/database';
import type { TransferQueue } from '../../sync/transfers';
import { loadVersion } from './versions';

/**
 * What the rankings and the hall display show of a published version: the groups and each
 * window's line, without the explanations. A version's full result is large (a month of 50,000
 * records is ~19 MB), and reading it from IndexedDB alone costs more than the rankings may take
 * to open; so each version's summary is kept beside it (in meta, keyed by the version's id —
 * versions are immutable, so a summary never goes stale) and the full result is read only for a
 * window's explanation or the bulletin.
 */
export type RankingWindow = Omit<WindowAssessment, 'sheet'> & {
  deductionsTaken: number;
  bonusGranted: number;
};

export interface RankingResult {
  month: string;
  schemeVersion: number;
  groups: Partial<Record<WindowKind, GroupRanking>>;
  windows: RankingWindow[];
}

export type RankingSummary = Omit<AssessmentVersion, 'result'> & { result: RankingResult };

const key = (versionId: string) => `ranking:${versionId}`;

export function summarize(version: AssessmentVersion): RankingSummary {
  const { result, ...rest } = version;
  return {
    ...rest,
    result: {
      month: result.month,
      schemeVersion: result.schemeVersion,
      groups: result.groups,
      windows: result.windows.map((w) => ({
        windowId: w.windowId,
        number: w.number,
        name: w.name,
        department: w.department,
        kind: w.kind,
        score: w.score,
        rank: w.rank,
        honour: w.honour,
        disqualifications: w.disqualifications,
        deductionsTaken: w.sheet.deductionsTaken,
        bonusGranted: w.sheet.bonusGranted,
      })),
    },
  };
}

/**
 * The summary of one version; null when the phone does not hold the version. Read-only (it runs
 * inside live queries): a version the sync has not summarized yet is summarized from its full
 * result without keeping it — summarizeNewVersions keeps it.
 */
export async function loadSummary(db: WindowDutyDb, month: string, version: number): Promise<RankingSummary | null> {
  const [id] = (await db.assessments.where('[month+version]').equals([month, version]).primaryKeys()) as string[];
  if (!id) return null;
  const kept = (await db.meta.get(key(id)))?.value as RankingSummary | undefined;
  if (kept) return kept;
  const full = await loadVersion(db, month, version);
  return full ? summarize(full) : null;
}

/** After a sync (and at start): summaries of the versions that have none yet (reads each new version once). */
export async function summarizeNewVersions(db: WindowDutyDb): Promise<number> {
  const ids = (await db.assessments.toCollection().primaryKeys()) as string[];
  const kept = new Set((await db.meta.where('key').startsWith('ranking:').primaryKeys()) as string[]);
  let made = 0;
  for (const id of ids) {
    if (kept.has(key(id))) continue;
    const full = await db.assessments.get(id);
    if (!full) continue;
    await db.meta.put({ key: key(id), value: summarize(full) });
    made++;
  }
  return made;
}

/** Ranking summaries as a queue of the sync engine's transfers (local work: nothing to send, never offline). */
export const summaryQueue: TransferQueue = {
  async count(db) {
    const ids = (await db.assessments.toCollection().primaryKeys()) as string[];
    const kept = new Set((await db.meta.where('key').startsWith('ranking:').primaryKeys()) as string[]);
    return { waiting: ids.filter((id) => !kept.has(key(id))).length, refused: 0, refusedStatus: null };
  },
  run: async (db) => ({ done: await summarizeNewVersions(db) }),
};

/** Rows of the bulletin and the hall display: group by group (scheme order), highest score first. */
export function summaryRows(result: RankingResult): (RankingWindow & { rank: number; disqualified: string[] })[] {
  const byId = new Map(result.windows.map((w) => [w.windowId, w]));
  const rows: (RankingWindow & { rank: number; disqualified: string[] })[] = [];
  for (const group of Object.values(result.groups)) {
    if (!group) continue;
    for (const e of group.entries)
      rows.push({ ...byId.get(e.windowId)!, rank: e.rank, honour: e.honour, disqualified: e.disqualified });
  }
  return rows;
}
