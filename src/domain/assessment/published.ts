import type { WindowKind } from '../entities';
import { type MonthAssessment, type StaffAssessment, type WindowAssessment } from './month';
import type { HonourCode } from './honours';
import type { CycleState } from './cycle';
import { assessRecords, schemeInForceFor, type MonthRecords, type SchemeVersionLike } from './from-records';

/**
 * What the monthly cycle stores and phones keep: a published version (immutable, synced as
 * `assessments`), or the preliminary result being verified. Both carry the full engine result
 * (scores with explanations, rankings, honours), the scheme version and the time of the data.
 */
export type AssessmentVersion = {
  id: string;
  month: string;
  /** 1 for the first publication; a correction is N+1. */
  version: number;
  schemeVersion: number;
  /** The newest change the result rests on (server time). */
  dataAsOf: string;
  /** Why this version replaced the previous one; null for version 1. */
  reason: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  publishedBy: string;
  publishedByName: string;
  publishedAt: string;
  result: MonthAssessment;
};

/** The month's cycle as the server reports it. */
export interface AssessmentPeriod {
  month: string;
  state: CycleState;
  /** The compiled preliminary (or approved) result, while not yet published. */
  preliminary: { compiledAt: string; dataAsOf: string; result: MonthAssessment } | null;
  pendingDisputes: number;
  latestVersion: number | null;
}

/** The newest published version of a month (or of all months when `month` is omitted). */
export function latestVersion<T extends Pick<AssessmentVersion, 'month' | 'version'>>(
  versions: readonly T[],
  month?: string,
): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (month && v.month !== month) continue;
    if (!best || v.month > best.month || (v.month === best.month && v.version > best.version)) best = v;
  }
  return best;
}

/** One window's explanation: its sheet and rank, and the sheets of the staff at the window. */
export function windowExplanation(
  result: MonthAssessment,
  windowId: string,
): { window: WindowAssessment; staff: StaffAssessment[] } | null {
  const window = result.windows.find((w) => w.windowId === windowId);
  if (!window) return null;
  return { window, staff: result.staff.filter((s) => s.windowId === windowId) };
}

/**
 * The records behind a window's explanation lines: the deductions counted in its categories and
 * those that did not count. The phone shows their details; the server sends them with it.
 */
export function windowRecordIds(window: Pick<WindowAssessment, 'sheet'>): string[] {
  return [
    ...window.sheet.categories.flatMap((c) => c.records.map((r) => r.recordId)),
    ...window.sheet.notCounted.filter((n) => n.kind === 'deduction').map((n) => n.recordId),
  ];
}

/** A row of the bulletin and the hall display. */
export interface RankingRow {
  kind: WindowKind;
  rank: number;
  windowId: string;
  number: string;
  name: string;
  department: string;
  score: number;
  deductionsTaken: number;
  bonusGranted: number;
  honour: HonourCode | null;
  disqualified: string[];
}

/** The rankings of a result, group by group in scheme order, highest score first. */
export function rankingRows(result: MonthAssessment): RankingRow[] {
  const byId = new Map(result.windows.map((w) => [w.windowId, w]));
  const rows: RankingRow[] = [];
  for (const group of Object.values(result.groups)) {
    if (!group) continue;
    for (const e of group.entries) {
      const w = byId.get(e.windowId)!;
      rows.push({
        kind: group.kind,
        rank: e.rank,
        windowId: e.windowId,
        number: w.number,
        name: w.name,
        department: w.department,
        score: e.score,
        deductionsTaken: w.sheet.deductionsTaken,
        bonusGranted: w.sheet.bonusGranted,
        honour: e.honour,
        disqualified: e.disqualified,
      });
    }
  }
  return rows;
}

export const PROVISIONAL_LABEL = {
  zh: '本月暂计(非正式结果)',
  en: 'This month so far (provisional, not the published result)',
} as const;

export interface ProvisionalAssessment {
  kind: 'provisional';
  month: string;
  label: typeof PROVISIONAL_LABEL;
  /** The time of the data it rests on (the phone's last successful sync), null if never synced. */
  dataAsOf: string | null;
  /**
   * Whether the records it rests on are the whole hall's. Phones only hold the records their
   * user may see (supervision and center leaders: all), so for others the ranking is partial.
   */
  complete: boolean;
  result: MonthAssessment;
}

/**
 * "This month so far" (DOMAIN §5, issue 4): the month's assessment from what the phone has
 * synced, under the scheme in force for the month. Pure; null when no scheme version parses.
 */
export function provisionalAssessment(
  input: Omit<MonthRecords, 'scheme'> & {
    schemes: readonly SchemeVersionLike[];
    dataAsOf: string | null;
    complete: boolean;
  },
): ProvisionalAssessment | null {
  const scheme = schemeInForceFor(input.schemes, input.month);
  if (!scheme) return null;
  const result = assessRecords({ ...input, scheme });
  return {
    kind: 'provisional',
    month: input.month,
    label: PROVISIONAL_LABEL,
    dataAsOf: input.dataAsOf,
    complete: input.complete,
    result,
  };
}
