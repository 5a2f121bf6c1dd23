import type { WindowKind } from '../entities';
import type { Scheme } from '../scheme/schema';
import { barsFor, type Disqualification } from './disqualification';
import {
  assignGrades,
  blendQuarterScore,
  DEFAULT_QUARTER_BLEND,
  type ExcellentQuota,
  type Grade,
  type QuarterBlendWeights,
  type QuotaExplanation,
} from './grades';
import { rankGroups, type GroupRanking } from './group-ranking';
import { periodKindOf, type HonourPeriod } from './scoring-variants';
import type { HonourCode } from './honours';
import type { StaffAssessment, WindowAssessment } from './month';
import { compareText, compareWindowNumbers } from './order';
import { divideRounded, fromCenti, toCenti } from './points';

/**
 * How a month without a score for a subject counts (a person who joined mid-quarter, a window
 * opened late): 'exclude' (default) averages over the months the subject was assessed;
 * 'count_as_zero' averages over all the period's months, a missing month scoring 0.
 */
export type MissingMonthRule = 'exclude' | 'count_as_zero';

/** What a period reads of a month's result: scores only, so a published version's summary does (issue 14 §4). */
export interface PeriodMonthResult {
  month: string;
  windows: readonly Pick<WindowAssessment, 'windowId' | 'number' | 'name' | 'kind' | 'score' | 'disqualifications'>[];
  staff: readonly Pick<StaffAssessment, 'staffId' | 'name' | 'windowId' | 'score'>[];
}

export interface PeriodInput {
  /** A label, e.g. '2024-Q1' or '2024'. */
  period: string;
  /** The months of the period, e.g. 3 for a quarter, 12 for a year. */
  months: readonly string[];
  /** Published monthly results of those months (any order; at most one per month). */
  results: readonly PeriodMonthResult[];
  /** For grades and the period's honours. */
  scheme: Scheme;
  missingMonths?: MissingMonthRule;
  /** #15.3 Which kind of period this is; absent: from the number of months (1 month, 12 year, else quarter). */
  kind?: HonourPeriod;
  excellentQuota?: ExcellentQuota;
  /** Blend the quarter: given, a person with both figures is graded on the blended score. */
  blend?: {
    peerReview: Readonly<Record<string, number>>;
    publicSatisfaction: Readonly<Record<string, number>>;
    weights?: QuarterBlendWeights;
  };
}

export interface MonthScore {
  month: string;
  score: number | null;
}

export interface PeriodStaff {
  staffId: string;
  name: string;
  windowId: string;
  /** One entry per period month, in period order; null where not assessed. */
  monthly: MonthScore[];
  monthsAssessed: number;
  average: number;
  /** The imported period scores (0–100), null where the person has none. */
  peerReview: number | null;
  publicSatisfaction: number | null;
  blended: number | null;
  /** The figure the grade is based on. */
  basis: 'average' | 'blended';
  score: number;
  grade: Grade;
  gradeByThreshold: Grade;
  note: string | null;
}

export interface PeriodWindow {
  windowId: string;
  number: string;
  name: string;
  kind: WindowKind;
  monthly: MonthScore[];
  monthsAssessed: number;
  average: number;
  /** Any month's disqualification disqualifies the window for the period's honours. */
  disqualifications: (Disqualification & { month: string })[];
  rank: number | null;
  honour: HonourCode | null;
}

export interface PeriodAssessment {
  period: string;
  months: string[];
  missingMonths: MissingMonthRule;
  /** By staff id. */
  staff: PeriodStaff[];
  /** By window number, then id. */
  windows: PeriodWindow[];
  groups: Partial<Record<WindowKind, GroupRanking>>;
  excellentQuota: QuotaExplanation | null;
  /** The weights used when the period has imported scores (a blend); null otherwise. */
  blendWeights: QuarterBlendWeights | null;
}

function average(monthly: readonly MonthScore[], rule: MissingMonthRule): { average: number; assessed: number } {
  let sum = 0;
  let assessed = 0;
  for (const m of monthly) {
    if (m.score === null) continue;
    sum += toCenti(m.score);
    assessed++;
  }
  const divisor = rule === 'exclude' ? assessed : monthly.length;
  return { average: divisor === 0 ? 0 : fromCenti(divideRounded(sum, divisor)), assessed };
}

/**
 * Quarter or year (DOMAIN §5.6, §5.8): the average of monthly scores per staff member and per
 * window, rounded half up to 0.01 (missing months per `missingMonths`); staff grades from the
 * scheme's thresholds, with the optional 优秀 quota and blended quarter score; windows ranked
 * and honoured per group on their averages with the same rules as a month.
 */
export function aggregatePeriod(input: PeriodInput): PeriodAssessment {
  const rule = input.missingMonths ?? 'exclude';
  const monthIndex = new Map(input.months.map((m, i) => [m, i]));
  if (monthIndex.size !== input.months.length) throw new Error(`period ${input.period} lists a month twice`);
  const results: (PeriodMonthResult | undefined)[] = input.months.map(() => undefined);
  for (const r of input.results) {
    const i = monthIndex.get(r.month);
    if (i === undefined) throw new Error(`result for ${r.month} is outside period ${input.period}`);
    if (results[i]) throw new Error(`two results for ${r.month}`);
    results[i] = r;
  }

  const emptyMonthly = (): MonthScore[] => input.months.map((month) => ({ month, score: null }));

  // Staff: the latest month names the person's window and name.
  const staffRows = new Map<string, { name: string; windowId: string; monthly: MonthScore[] }>();
  results.forEach((r, i) => {
    for (const s of r?.staff ?? []) {
      let row = staffRows.get(s.staffId);
      if (!row) staffRows.set(s.staffId, (row = { name: s.name, windowId: s.windowId, monthly: emptyMonthly() }));
      row.name = s.name;
      row.windowId = s.windowId;
      row.monthly[i]!.score = s.score;
    }
  });

  const blendWeights = input.blend?.weights;
  const staffBase = [...staffRows.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([staffId, row]) => {
      const { average: avg, assessed } = average(row.monthly, rule);
      const peer = input.blend?.peerReview[staffId];
      const satisfaction = input.blend?.publicSatisfaction[staffId];
      let blended: number | null = null;
      let note: string | null = null;
      if (input.blend) {
        if (peer !== undefined && satisfaction !== undefined)
          blended = blendQuarterScore(
            { monthlyAverage: avg, peerReview: peer, publicSatisfaction: satisfaction },
            blendWeights,
          );
        else
          note = `no ${peer === undefined ? 'peer review' : 'public satisfaction'} score: graded on the monthly average`;
      }
      return { staffId, row, avg, assessed, blended, note, peer: peer ?? null, satisfaction: satisfaction ?? null };
    });
  const grading = assignGrades(
    staffBase.map((s) => ({ staffId: s.staffId, score: s.blended ?? s.avg })),
    input.scheme.grades,
    input.excellentQuota,
  );
  const gradeOf = new Map(grading.graded.map((g) => [g.staffId, g]));
  const staff = staffBase.map((s): PeriodStaff => {
    const g = gradeOf.get(s.staffId)!;
    return {
      staffId: s.staffId,
      name: s.row.name,
      windowId: s.row.windowId,
      monthly: s.row.monthly,
      monthsAssessed: s.assessed,
      average: s.avg,
      peerReview: s.peer,
      publicSatisfaction: s.satisfaction,
      blended: s.blended,
      basis: s.blended === null ? 'average' : 'blended',
      score: s.blended ?? s.avg,
      grade: g.grade,
      gradeByThreshold: g.byThreshold,
      note: [s.note, g.note].filter(Boolean).join('; ') || null,
    };
  });

  // Windows.
  const windowRows = new Map<
    string,
    {
      number: string;
      name: string;
      kind: WindowKind;
      monthly: MonthScore[];
      disqualifications: (Disqualification & { month: string })[];
    }
  >();
  results.forEach((r, i) => {
    for (const w of r?.windows ?? []) {
      let row = windowRows.get(w.windowId);
      if (!row)
        windowRows.set(
          w.windowId,
          (row = { number: w.number, name: w.name, kind: w.kind, monthly: emptyMonthly(), disqualifications: [] }),
        );
      row.number = w.number;
      row.name = w.name;
      row.kind = w.kind;
      row.monthly[i]!.score = w.score;
      for (const d of w.disqualifications) row.disqualifications.push({ ...d, month: r!.month });
    }
  });
  const windows = [...windowRows.entries()]
    .map(([windowId, row]): PeriodWindow => {
      const { average: avg, assessed } = average(row.monthly, rule);
      return {
        windowId,
        number: row.number,
        name: row.name,
        kind: row.kind,
        monthly: row.monthly,
        monthsAssessed: assessed,
        average: avg,
        disqualifications: row.disqualifications,
        rank: null,
        honour: null,
      };
    })
    .sort((a, b) => compareWindowNumbers(a.number, b.number) || compareText(a.windowId, b.windowId));

  // #15.3: a month's disqualification bars this period's honours only if it bars this kind of period.
  const bars = barsFor(
    new Map(windows.filter((w) => w.disqualifications.length).map((w) => [w.windowId, w.disqualifications])),
    input.kind ?? periodKindOf(input.months),
  );
  const groups = rankGroups(
    input.scheme.rankingGroups,
    windows.map((w) => ({ windowId: w.windowId, number: w.number, score: w.average, kind: w.kind })),
    bars,
    input.scheme,
  );
  const byId = new Map(windows.map((w) => [w.windowId, w]));
  for (const ranking of Object.values(groups))
    for (const e of ranking.entries) {
      const w = byId.get(e.windowId)!;
      w.rank = e.rank;
      w.honour = e.honour;
    }

  return {
    period: input.period,
    months: [...input.months],
    missingMonths: rule,
    staff,
    windows,
    groups,
    excellentQuota: grading.quota,
    blendWeights: input.blend ? (blendWeights ?? DEFAULT_QUARTER_BLEND) : null,
  };
}
