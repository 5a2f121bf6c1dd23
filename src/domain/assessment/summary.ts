import type { WindowKind } from '../entities';
import type { GroupRanking } from './group-ranking';
import type { MonthAssessment, StaffAssessment, WindowAssessment } from './month';
import type { AssessmentVersion } from './published';
import type { ScoreSheet } from './score-sheet';

/**
 * What every phone holds of a published version (issue 14 §4): the rankings summary — each
 * window's and staff member's score, the groups with ranks and honours, the disqualifications —
 * without the explanations (the score sheets, every record of the month: ~19 MB for a month of
 * 50,000 records). A window's explanation is fetched when opened (windowExplanationResult).
 */
export type RankingWindow = Omit<WindowAssessment, 'sheet'> & { deductionsTaken: number; bonusGranted: number };
export type RankingStaff = Omit<StaffAssessment, 'sheet'> & { deductionsTaken: number; bonusGranted: number };

export interface RankingResult {
  month: string;
  schemeVersion: number;
  groups: Partial<Record<WindowKind, GroupRanking>>;
  windows: RankingWindow[];
  staff: RankingStaff[];
}

/** A published version as phones keep it: its frame and its rankings summary. */
export type PublishedSummary = Omit<AssessmentVersion, 'result'> & { result: RankingResult };

/** The rankings summary of a full engine result (pure; a summary passes through unchanged). */
export function summarizeResult(result: MonthAssessment | RankingResult): RankingResult {
  return {
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
      deductionsTaken: 'sheet' in w ? w.sheet.deductionsTaken : w.deductionsTaken,
      bonusGranted: 'sheet' in w ? w.sheet.bonusGranted : w.bonusGranted,
    })),
    staff: (result.staff ?? []).map((s) => ({
      staffId: s.staffId,
      name: s.name,
      windowId: s.windowId,
      score: s.score,
      deductionsTaken: 'sheet' in s ? s.sheet.deductionsTaken : s.deductionsTaken,
      bonusGranted: 'sheet' in s ? s.sheet.bonusGranted : s.bonusGranted,
    })),
  };
}

export function summarizeVersion(version: AssessmentVersion | PublishedSummary): PublishedSummary {
  return { ...version, result: summarizeResult(version.result) };
}

/** What windowExplanationResult reads: a result whose staff of other windows may come without their sheets. */
export type ExplanationSource = Pick<MonthAssessment, 'month' | 'schemeVersion' | 'windows' | 'leaveSources'> & {
  staff: readonly (StaffAssessment | Omit<StaffAssessment, 'sheet'>)[];
};

const noSheet = (score: number): ScoreSheet => ({
  score,
  base: 0,
  deductionsRecorded: 0,
  deductionsTaken: 0,
  bonusGranted: 0,
  categories: [],
  bonus: { lines: [], recorded: 0, cap: 0, granted: 0, cut: 0, note: null },
  notCounted: [],
});

/**
 * One window's explanation as a result of its own: the engine's output cut down to that window,
 * the staff who worked there (with their sheets), the people its lines name who worked elsewhere
 * (names only) and the leave behind its records — what the explanation screen reads. Null when
 * the result has no such window.
 */
export function windowExplanationResult(result: ExplanationSource, windowId: string): MonthAssessment | null {
  const window = result.windows.find((w) => w.windowId === windowId);
  if (!window) return null;
  const recordIds = new Set<string>();
  const named = new Set<string>();
  for (const c of window.sheet.categories)
    for (const r of c.records) {
      recordIds.add(r.recordId);
      if (r.staffId) named.add(r.staffId);
      if (r.substituteFor) named.add(r.substituteFor);
    }
  for (const b of window.sheet.bonus.lines) if (b.staffId) named.add(b.staffId);
  const staff: StaffAssessment[] = [];
  for (const s of result.staff) {
    if (s.windowId === windowId && 'sheet' in s) staff.push(s);
    else if (named.has(s.staffId))
      staff.push({ staffId: s.staffId, name: s.name, windowId: s.windowId, score: s.score, sheet: noSheet(s.score) });
  }
  return {
    month: result.month,
    schemeVersion: result.schemeVersion,
    windows: [window],
    staff,
    groups: {},
    unmatched: [],
    ...(result.leaveSources ? { leaveSources: result.leaveSources.filter((l) => recordIds.has(l.recordId)) } : {}),
  };
}

/**
 * A summary as an engine result whose sheets hold the totals only (no lines): what the bulletin's
 * ranking and staff tables read when the phone has no connection for the full version.
 */
export function resultOfSummary(summary: RankingResult): MonthAssessment {
  const sheet = (score: number, taken: number, granted: number): ScoreSheet => ({
    ...noSheet(score),
    deductionsTaken: taken,
    bonusGranted: granted,
  });
  return {
    month: summary.month,
    schemeVersion: summary.schemeVersion,
    groups: summary.groups,
    unmatched: [],
    windows: summary.windows.map(({ deductionsTaken, bonusGranted, ...w }) => ({
      ...w,
      sheet: sheet(w.score, deductionsTaken, bonusGranted),
    })),
    staff: summary.staff.map(({ deductionsTaken, bonusGranted, ...s }) => ({
      ...s,
      sheet: sheet(s.score, deductionsTaken, bonusGranted),
    })),
  };
}
