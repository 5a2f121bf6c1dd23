import type { DeductionRecord } from '../assessment/inputs';
import {
  countedHalfDays,
  formatHalfDay,
  halfDayAt,
  halfDayIndex,
  halfDayOfInstant,
  isWeekend,
  nextHalfDay,
  previousHalfDay,
  type HalfDaySpan,
} from './days';
import type { LeaveRequest, Outing, SubstituteArrangement } from './entities';
import { outingTally } from './outings';
import { leaveDeductions, type LeaveDeductionRule } from './leave-deductions';
import { leaveTypeRule } from './rule-defaults';
import type { ResolvedLeaveRules } from './rules';
import { compareText } from '../text-order';

/**
 * Consequences of leave (issue #4 point 8), as deduction records of the monthly assessment
 * (src/domain/assessment/inputs.ts), each with its source: leave that needed a substitute and
 * had none; absence (旷工) from overstaying or from a request filed afterwards and refused; short
 * outings over the monthly limit. Ids are derived from the source, so computing again gives the
 * same records.
 */

export type ConsequenceReason =
  | 'no_substitute'
  | 'overstay'
  | 'refused_afterwards'
  | 'deceit'
  | 'outing_over_limit'
  // #15: leave that itself deducts; off post or late arrival converted to half a day's absence.
  | 'leave_deduction'
  | 'off_post_absence';

export interface LeaveConsequence {
  record: DeductionRecord;
  reason: ConsequenceReason;
  /** 'violation': an OFF_POST (or late) record converted to absence (#15), by its first record's id. */
  sourceKind: 'leave' | 'outing' | 'violation';
  sourceId: string;
  explanation: { zh: string; en: string };
}

export interface ConsequenceInput {
  /** YYYY-MM: only what happened in this month. */
  month: string;
  leaves: readonly LeaveRequest[];
  substitutes: readonly SubstituteArrangement[];
  outings: readonly Outing[];
  rules: ResolvedLeaveRules;
  /** The hall's time zone (HALL_TIME_ZONE): the half day a decision fell in, the month an outing counts in. */
  zone: string;
  /** #15 variant 4: leave types that deduct per half day (scheme.leaveDeductions); absent: none. */
  leaveDeductions?: readonly LeaveDeductionRule[];
}

/** A deterministic UUID (v8 layout) from a key: four 32-bit FNV-1a hashes with different seeds. */
export function derivedId(key: string): string {
  const part = (seed: number) => {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  const hex = part(0) + part(0x9e3779b9) + part(0x85ebca6b) + part(0xc2b2ae35);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Counted half days of a span that fall in a month. */
function halfDaysInMonth(span: HalfDaySpan, month: string, countWeekends: boolean): number {
  let n = 0;
  for (let i = halfDayIndex(span.from); i <= halfDayIndex(span.to); i++) {
    const h = halfDayAt(i);
    if (h.date.startsWith(month) && (countWeekends || !isWeekend(h.date))) n++;
  }
  return n;
}

export function leaveConsequences(input: ConsequenceInput): LeaveConsequence[] {
  const { month, rules } = input;
  const items = rules.leave.consequenceItems;
  const countWeekends = rules.leave.countWeekends;
  const out: LeaveConsequence[] = [];
  const record = (
    reason: ConsequenceReason,
    sourceId: string,
    r: Omit<DeductionRecord, 'id' | 'status' | 'source' | 'substituteFor'>,
  ): DeductionRecord => ({
    id: derivedId(`leave-consequence:${reason}:${sourceId}:${month}`),
    status: 'active',
    source: 'leave',
    substituteFor: null,
    ...r,
  });
  const confirmed = new Set(input.substitutes.filter((s) => s.status === 'confirmed').map((s) => s.leaveId));
  /** n half days of absence (旷工) of the month from a leave, when there are any. */
  const absence = (
    reason: ConsequenceReason,
    l: LeaveRequest,
    n: number,
    explain: (n: number) => { zh: string; en: string },
  ) => {
    if (n <= 0) return;
    out.push({
      record: record(reason, l.id, { windowId: l.windowId, staffId: l.staffId, itemCode: items.absence, quantity: n }),
      reason,
      sourceKind: 'leave',
      sourceId: l.id,
      explanation: explain(n),
    });
  };

  for (const l of input.leaves) {
    const range = `${formatHalfDay(l.from).zh}至${formatHalfDay(l.to).zh}`;
    const rangeEn = `${formatHalfDay(l.from).en} – ${formatHalfDay(l.to).en}`;
    // Leave taken without the substitute it needed: one record, in the month the leave began.
    if (
      (l.status === 'approved' || l.status === 'closed') &&
      l.substituteRequired &&
      !confirmed.has(l.id) &&
      l.from.date.startsWith(month)
    ) {
      const taken = l.status === 'approved' || halfDayIndex(l.until) >= halfDayIndex(l.from);
      if (taken) {
        out.push({
          record: record('no_substitute', l.id, {
            windowId: l.windowId,
            staffId: l.staffId,
            itemCode: items.noSubstitute,
            quantity: 1,
          }),
          reason: 'no_substitute',
          sourceKind: 'leave',
          sourceId: l.id,
          explanation: {
            zh: `请假（${range}）需替岗但未安排替岗`,
            en: `leave (${rangeEn}) needed a substitute and had none`,
          },
        });
      }
    }
    // Overstaying: the half days between the end of the leave and the return.
    if (l.status === 'closed' && l.closure && l.closure.overstayHalfDays > 0) {
      const span = { from: nextHalfDay(l.to), to: previousHalfDay(l.closure.returnedOn) };
      const back = l.closure.returnedOn;
      absence('overstay', l, halfDaysInMonth(span, month, countWeekends), (n) => ({
        zh: `超假未归：假期至${formatHalfDay(l.to).zh}，${formatHalfDay(back).zh}才返岗，计旷工${n}个半天`,
        en: `overstayed: leave ended ${formatHalfDay(l.to).en}, back only ${formatHalfDay(back).en}: ${n} half day(s) of absence`,
      }));
    }
    // Obtained by deceit (骗假): the days taken (from the start to the last day taken or still granted) are absence.
    if (
      l.deceit &&
      (l.status === 'approved' || l.status === 'closed') &&
      halfDayIndex(l.until) >= halfDayIndex(l.from)
    ) {
      // What the deceit was stays with the leave (its reason is private); the record says only that it was found.
      absence('deceit', l, halfDaysInMonth({ from: l.from, to: l.until }, month, countWeekends), (n) => ({
        zh: `请假（${range}）经督查科认定以欺骗手段取得，计旷工${n}个半天`,
        en: `leave (${rangeEn}) found obtained by deceit by the supervision section: ${n} half day(s) of absence`,
      }));
    }
    // A request filed afterwards (补办) and refused: the person was away without leave.
    if (l.status === 'rejected' && l.filedAfterwards) {
      const rejected = l.steps.find((s) => s.decision === 'rejected');
      const decided = rejected?.decidedAt ? halfDayOfInstant(rejected.decidedAt, input.zone) : l.to;
      const to = halfDayIndex(decided) < halfDayIndex(l.to) ? decided : l.to;
      const n =
        halfDayIndex(to) >= halfDayIndex(l.from) ? halfDaysInMonth({ from: l.from, to }, month, countWeekends) : 0;
      absence('refused_afterwards', l, n, (k) => ({
        zh: `补办的请假（${range}）未获批准，计旷工${k}个半天`,
        en: `leave filed afterwards (${rangeEn}) was refused: ${k} half day(s) of absence`,
      }));
    }
  }

  const typeName = (code: string) => leaveTypeRule(rules.leave, code)?.name ?? { zh: code, en: code };
  for (const d of leaveDeductions(month, input.leaves, input.leaveDeductions, countWeekends, typeName)) {
    out.push({
      record: record('leave_deduction', d.leave.id, {
        windowId: d.leave.windowId,
        staffId: d.leave.staffId,
        itemCode: d.itemCode,
        quantity: d.halfDays,
      }),
      reason: 'leave_deduction',
      sourceKind: 'leave',
      sourceId: d.leave.id,
      explanation: d.explanation,
    });
  }

  const people = [...new Set(input.outings.map((o) => o.staffId))].sort();
  const byId = new Map(input.outings.map((o) => [o.id, o]));
  for (const staffId of people) {
    const tally = outingTally(input.outings, staffId, month, rules.outings, input.zone);
    tally.overLimit.forEach((id, i) => {
      const o = byId.get(id)!;
      out.push({
        record: record('outing_over_limit', id, {
          windowId: o.windowId,
          staffId,
          itemCode: items.outingOverLimit,
          quantity: 1,
        }),
        reason: 'outing_over_limit',
        sourceKind: 'outing',
        sourceId: id,
        explanation: {
          zh: `本月第${tally.limit + i + 1}次临时外出，超过每月${tally.limit}次`,
          en: `short outing ${tally.limit + i + 1} this month, over the limit of ${tally.limit}`,
        },
      });
    });
  }
  return out.sort((a, b) => compareText(a.record.id, b.record.id));
}

/** Half days of leave a span is, for display. */
export const halfDaysOfSpan = (span: HalfDaySpan, rules: ResolvedLeaveRules): number =>
  countedHalfDays(span, rules.leave.countWeekends);
