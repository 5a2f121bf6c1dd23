import {
  summarizeResult,
  type PublishedSummary,
  type RankingResult,
  type RankingWindow,
} from '../../../domain/assessment/summary';
import type { WindowDutyDb } from '../../db/database';

/**
 * What the rankings, the hall display and the quarter/year screens read of a published version:
 * the summary the phone holds (issue 14 §4) — the groups, each window's and staff member's line,
 * no explanations. A window's explanation is fetched when opened (explanations.ts).
 */
export type { PublishedSummary as RankingSummary, RankingResult, RankingWindow };

/** The summary of one version; null when the phone does not hold the version. */
export async function loadSummary(db: WindowDutyDb, month: string, version: number): Promise<PublishedSummary | null> {
  const row = await db.assessments.where('[month+version]').equals([month, version]).first();
  // A full result (a row written before the summaries, or by a test) is summarized on the way out.
  return row ? { ...row, result: summarizeResult(row.result) } : null;
}

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
