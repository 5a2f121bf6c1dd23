import { formatHalfDay, halfDayAt, halfDayIndex, isWeekend } from './days';
import type { LeaveRequest } from './entities';

/**
 * Leave that itself deducts (issue #15 variant 4; 004 工作纪律5: "请事假半天扣0.5分，一天扣1分。请病假须
 * 提供医院开据的证明，否则按事假处理"). For each listed leave type, every counted half day of the
 * month of approved (or closed) leave deducts the type's item once (points per half day = the
 * item's points, unit half_day). A sick leave closed without its certificate counts as its
 * effective type (personal leave). Leave found obtained by deceit is absence instead, not this.
 */

export interface LeaveDeductionRule {
  type: string;
  itemCode: string;
}

export interface LeaveDeduction {
  leave: LeaveRequest;
  /** The type the days count as (closure.effectiveType, else the request's type). */
  countedAs: string;
  itemCode: string;
  halfDays: number;
  explanation: { zh: string; en: string };
}

/** Counted half days of leave actually taken (from … until) that fall in the month. */
function takenHalfDaysIn(l: LeaveRequest, month: string, countWeekends: boolean): number {
  let n = 0;
  for (let i = halfDayIndex(l.from); i <= halfDayIndex(l.until); i++) {
    const h = halfDayAt(i);
    if (h.date.startsWith(month) && (countWeekends || !isWeekend(h.date))) n++;
  }
  return n;
}

export function leaveDeductions(
  month: string,
  leaves: readonly LeaveRequest[],
  rules: readonly LeaveDeductionRule[] | undefined,
  countWeekends: boolean,
  typeName: (code: string) => { zh: string; en: string },
): LeaveDeduction[] {
  if (!rules?.length) return [];
  const byType = new Map(rules.map((r) => [r.type, r.itemCode]));
  const out: LeaveDeduction[] = [];
  for (const l of leaves) {
    if (l.status !== 'approved' && l.status !== 'closed') continue;
    if (l.deceit) continue;
    const countedAs = l.closure?.effectiveType ?? l.type;
    const itemCode = byType.get(countedAs);
    if (!itemCode) continue;
    const halfDays = takenHalfDaysIn(l, month, countWeekends);
    if (halfDays <= 0) continue;
    const name = typeName(countedAs);
    const range = {
      zh: `${formatHalfDay(l.from).zh}至${formatHalfDay(l.until).zh}`,
      en: `${formatHalfDay(l.from).en} – ${formatHalfDay(l.until).en}`,
    };
    const asOther = countedAs !== l.type;
    out.push({
      leave: l,
      countedAs,
      itemCode,
      halfDays,
      explanation: {
        zh: `${name.zh}（${range.zh}${asOther ? '，未交证明按此计' : ''}）本月${halfDays}个半天，按方案每半天扣分`,
        en: `${name.en} (${range.en}${asOther ? ', no certificate: counted as this' : ''}): ${halfDays} half day(s) this month, the scheme deducts per half day`,
      },
    });
  }
  return out;
}
