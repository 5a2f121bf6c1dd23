import type { HallWindow, Staff, WindowKind } from '../entities';
import { barsFor, disqualificationsByWindow, type Disqualification } from './disqualification';
import { rankGroups, type GroupRanking } from './group-ranking';
import { ranksStaff, ranksWindows } from './scoring-variants';
import { rankStaff, type StaffGroupRanking } from './staff-ranking';
import type { HonourCode } from './honours';
import type { BonusRecord, MonthInput } from './inputs';
import type { LeaveRecordSource } from './leave-records';
import { compareText, compareWindowNumbers } from './order';
import { scoringRules } from './rules';
import { prepareDeductions } from './prepare';
import { scorePrepared, type ScoreSheet } from './score-sheet';

export interface WindowAssessment {
  windowId: string;
  number: string;
  name: string;
  department: string;
  kind: WindowKind;
  score: number;
  /** Rank in its group; null if the scheme ranks no group of this kind. */
  rank: number | null;
  honour: HonourCode | null;
  disqualifications: Disqualification[];
  sheet: ScoreSheet;
}

export interface StaffAssessment {
  staffId: string;
  name: string;
  windowId: string;
  score: number;
  sheet: ScoreSheet;
  /** #15.9 Rank and honour in the person ranking of the window's kind; set only when the scheme ranks people. */
  rank?: number | null;
  honour?: HonourCode | null;
}

/** Input that matched nothing it names; listed, never silently dropped. */
export interface Unmatched {
  id: string;
  kind: 'deduction' | 'bonus' | 'disqualification' | 'duty_patrol';
  reason: 'unknown_window' | 'unknown_staff';
  note: string;
}

export interface MonthAssessment {
  month: string;
  schemeVersion: number;
  /** By window number (natural order), then id. */
  windows: WindowAssessment[];
  /** By their window's number, then post, then name, then id. */
  staff: StaffAssessment[];
  /** One ranking per scheme.rankingGroups entry, in scheme order. */
  groups: Partial<Record<WindowKind, GroupRanking>>;
  /** #15.9 Person rankings per group, when the scheme ranks people (ranking 'staff' or 'both'). */
  staffGroups?: Partial<Record<WindowKind, StaffGroupRanking>>;
  /** By kind, then id. */
  unmatched: Unmatched[];
  /** What each record of source 'leave' came from (set by assessRecords, from-records.ts); absent when none. */
  leaveSources?: LeaveRecordSource[];
}

interface Scope {
  /** Ranks of the prepared deductions in scope, ascending (record id order). */
  deductions: number[];
  bonuses: BonusRecord[];
}

function byNumber(a: HallWindow, b: HallWindow): number {
  return compareWindowNumbers(a.number, b.number) || compareText(a.id, b.id);
}

/**
 * The monthly assessment (DOMAIN §4–§5): every window's and staff member's score with its
 * explanation, the rankings per group and the honours. Pure and deterministic: the same
 * input in any order gives the same JSON. Does not parse its input (see MonthInputSchema).
 */
export function assessMonth(input: MonthInput): MonthAssessment {
  const rules = scoringRules(input.scheme);
  const windowById = new Map(input.windows.map((w) => [w.id, w]));
  const unmatched: Unmatched[] = [];

  // Each window and staff member's records, gathered with one lookup per record.
  const byWindow = new Map<string, Scope>(input.windows.map((w) => [w.id, { deductions: [], bonuses: [] }]));
  const byStaff = new Map<string, Scope>(input.staff.map((s) => [s.id, { deductions: [], bonuses: [] }]));
  const prepared = prepareDeductions(rules, input.deductions);
  for (let rank = 0; rank < prepared.records.length; rank++) {
    const r = prepared.records[rank]!;
    const scope = byWindow.get(r.windowId);
    if (!scope) {
      unmatched.push({
        id: r.id,
        kind: 'deduction',
        reason: 'unknown_window',
        note: `window ${r.windowId} is not assessed: not counted`,
      });
      continue;
    }
    scope.deductions.push(rank);
    if (r.staffId === null) continue;
    const person = byStaff.get(r.staffId);
    if (person) person.deductions.push(rank);
    else if (r.status === 'active')
      unmatched.push({
        id: r.id,
        kind: 'deduction',
        reason: 'unknown_staff',
        note: `staff ${r.staffId} is not assessed: counted for the window only`,
      });
  }
  for (const r of input.bonuses) {
    const scope = byWindow.get(r.windowId);
    if (!scope) {
      unmatched.push({
        id: r.id,
        kind: 'bonus',
        reason: 'unknown_window',
        note: `window ${r.windowId} is not assessed: not counted`,
      });
      continue;
    }
    scope.bonuses.push(r);
    if (r.staffId === null) continue;
    const person = byStaff.get(r.staffId);
    if (person) person.bonuses.push(r);
    else if (r.status !== 'withdrawn')
      unmatched.push({
        id: r.id,
        kind: 'bonus',
        reason: 'unknown_staff',
        note: `staff ${r.staffId} is not assessed: counted for the window only`,
      });
  }
  for (const d of input.disqualifications)
    if (!windowById.has(d.windowId))
      unmatched.push({
        id: d.windowId,
        kind: 'disqualification',
        reason: 'unknown_window',
        note: `${d.code} for a window not assessed`,
      });
  for (const p of input.dutyPatrols)
    if (!windowById.has(p.windowId))
      unmatched.push({
        id: p.windowId,
        kind: 'duty_patrol',
        reason: 'unknown_window',
        note: 'patrol compliance for a window not assessed',
      });

  const disqualified = disqualificationsByWindow(input.disqualifications, input.dutyPatrols, input.scheme);
  const sortedWindows = [...input.windows].sort(byNumber);

  const windows = sortedWindows.map((w): WindowAssessment => {
    const scope = byWindow.get(w.id)!;
    const sheet = scorePrepared(rules, 'window', prepared, scope.deductions, scope.bonuses);
    return {
      windowId: w.id,
      number: w.number,
      name: w.name,
      department: w.department,
      kind: w.kind,
      score: sheet.score,
      rank: null,
      honour: null,
      disqualifications: disqualified.get(w.id) ?? [],
      sheet,
    };
  });

  // Ranks per group; honours from the scheme's bars for the month (#15.1, #15.3) and base (#15.2).
  const groups: Partial<Record<WindowKind, GroupRanking>> = ranksWindows(input.scheme)
    ? rankGroups(
        input.scheme.rankingGroups,
        windows.map((w) => ({ windowId: w.windowId, number: w.number, score: w.score, kind: w.kind })),
        barsFor(disqualified, 'month'),
        input.scheme,
      )
    : {};
  const windowEntry = new Map(windows.map((w) => [w.windowId, w]));
  for (const ranking of Object.values(groups))
    for (const e of ranking.entries) {
      const w = windowEntry.get(e.windowId)!;
      w.rank = e.rank;
      w.honour = e.honour;
    }

  // Staff by their window's number (natural order): each distinct number compared once, not per
  // pair of staff. compareWindowNumbers is 0 only for equal strings, so ordinals keep its order.
  const numbers = [...new Set(input.windows.map((w) => w.number)).add('')].sort(compareWindowNumbers);
  const ordinal = new Map(numbers.map((n, i) => [n, i]));
  const numberOrdinal = (s: Staff) => ordinal.get(windowById.get(s.windowId)?.number ?? '')!;
  const staff = input.staff
    .map((s) => ({ s, n: numberOrdinal(s) }))
    .sort(
      ({ s: a, n: na }, { s: b, n: nb }) =>
        na - nb ||
        compareText(a.windowId, b.windowId) ||
        compareText(a.post, b.post) ||
        compareText(a.name, b.name) ||
        compareText(a.id, b.id),
    )
    .map(({ s }): StaffAssessment => {
      const scope = byStaff.get(s.id)!;
      const sheet = scorePrepared(rules, 'staff', prepared, scope.deductions, scope.bonuses);
      return { staffId: s.id, name: s.name, windowId: s.windowId, score: sheet.score, sheet };
    });

  unmatched.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.id, b.id));
  const result: MonthAssessment = {
    month: input.month,
    schemeVersion: input.scheme.version,
    windows,
    staff,
    groups,
    unmatched,
  };
  if (ranksStaff(input.scheme)) {
    const staffGroups = rankStaff(
      input.scheme.rankingGroups,
      staff.flatMap((s) => {
        const w = windowById.get(s.windowId);
        return w
          ? [{ staffId: s.staffId, windowId: s.windowId, windowNumber: w.number, kind: w.kind, score: s.score }]
          : [];
      }),
      input.scheme,
    );
    const staffEntry = new Map(staff.map((s) => [s.staffId, s]));
    for (const ranking of Object.values(staffGroups))
      for (const e of ranking.entries) {
        const s = staffEntry.get(e.staffId)!;
        s.rank = e.rank;
        s.honour = e.honour;
      }
    result.staffGroups = staffGroups;
  }
  return result;
}
