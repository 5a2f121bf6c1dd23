import { leaveConsequences, type ConsequenceReason } from '../leave/consequences';
import type { LeaveRequest, Outing, SubstituteArrangement } from '../leave/entities';
import { leaveRulesOf } from '../leave/rules';
import type { Scheme } from '../scheme/schema';
import type { DeductionRecord } from './inputs';

/**
 * Consequences of leave (DOMAIN §6–§7, issue #4 point 8) as the month's deduction records.
 * They are not stored: they are computed again from the leave rows each time a month is
 * assessed (server compile, CLI, the phone's provisional ranking), and their ids derive from
 * their source, so the same leave gives the same record id every time. A dispute names that id
 * like a violation's (see disputes.ts): an overturned one does not count.
 */

/** The leave rows a month's consequences are computed from (any months; the domain picks). */
export interface LeaveRows {
  leaves: readonly LeaveRequest[];
  substitutes: readonly SubstituteArrangement[];
  outings: readonly Outing[];
}

/** What a leave record in a result came from: shown beside the record in the explanation. */
export interface LeaveRecordSource {
  recordId: string;
  windowId: string;
  staffId: string | null;
  itemCode: string;
  quantity: number;
  reason: ConsequenceReason;
  sourceKind: 'leave' | 'outing' | 'violation';
  /** The leave request or outing it comes from. */
  sourceId: string;
  explanation: { zh: string; en: string };
}

/** A short label of each reason, for lists. */
export const LEAVE_REASON_LABEL: Record<ConsequenceReason, { zh: string; en: string }> = {
  no_substitute: { zh: '请假未安排替岗', en: 'leave without substitute' },
  overstay: { zh: '超假未归（旷工）', en: 'absence: overstayed leave' },
  refused_afterwards: { zh: '补办请假未获批准（旷工）', en: 'absence: leave filed afterwards refused' },
  deceit: { zh: '以欺骗手段取得请假（旷工）', en: 'absence: leave obtained by deceit' },
  outing_over_limit: { zh: '临时外出超过每月次数', en: 'short outings over the monthly limit' },
  leave_deduction: { zh: '请假按方案扣分', en: 'leave deducted by the scheme' },
  off_post_absence: { zh: '脱岗或迟到计旷工半天', en: 'off post or late: half a day of absence' },
};

/** The month's leave deduction records (an overturned dispute makes one 'overturned') and their sources. */
export function leaveRecordsOf(
  month: string,
  scheme: Scheme,
  rows: LeaveRows,
  overturned: ReadonlySet<string>,
  zone: string,
): { deductions: DeductionRecord[]; sources: LeaveRecordSource[] } {
  const consequences = leaveConsequences({
    month,
    leaves: rows.leaves,
    substitutes: rows.substitutes,
    outings: rows.outings,
    rules: leaveRulesOf(scheme),
    zone,
    leaveDeductions: scheme.leaveDeductions,
  });
  return {
    deductions: consequences.map((c) =>
      overturned.has(c.record.id) ? { ...c.record, status: 'overturned' as const } : c.record,
    ),
    sources: consequences.map((c) => ({
      recordId: c.record.id,
      windowId: c.record.windowId,
      staffId: c.record.staffId,
      itemCode: c.record.itemCode,
      quantity: c.record.quantity,
      reason: c.reason,
      sourceKind: c.sourceKind,
      sourceId: c.sourceId,
      explanation: c.explanation,
    })),
  };
}
