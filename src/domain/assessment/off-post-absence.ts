import { derivedId } from '../leave/consequences';
import { leaveRulesOf } from '../leave/rule-defaults';
import { hallIso } from '../hall-time';
import { LATE_ITEM, absenceConversions, conversionOptionsOf } from '../patrol/fairness';
import type { Scheme } from '../scheme/schema';
import type { DeductionRecord } from './inputs';
import type { LeaveRecordSource } from './leave-records';

/**
 * The off-post conversion scored (issue #15 variant 5). With `scheme.offPost.scored`, a person's
 * counted OFF_POST records of a day that convert (seen twice, or away more than the scheme's
 * minutes up to the recorded return) — and a late arrival more than those minutes after the
 * session began — become ONE half day of absence (the scheme's absence item) instead: those
 * records are 'converted' (listed as not counted, with the reason) and a derived ABSENCE record
 * takes their place, its id derived from the person and day so every computation gives the same.
 * Without `scored` nothing changes (the conversion is only shown to the duty leader).
 */

/** What the conversion reads of a stored record beside its deduction record. */
export interface ConvertibleRecord {
  id: string;
  observedAt: string;
  returnedAt?: string | null;
}

export function convertOffPost(
  scheme: Scheme,
  deductions: DeductionRecord[],
  stored: ReadonlyMap<string, ConvertibleRecord>,
  overturned: ReadonlySet<string>,
  zone: string,
): { deductions: DeductionRecord[]; sources: LeaveRecordSource[] } {
  const rule = scheme.offPost;
  if (!rule?.scored) return { deductions, sources: [] };
  const lateItem = rule.lateItem ?? LATE_ITEM;
  const candidates = deductions.filter(
    (d) => d.status === 'active' && d.staffId && (d.itemCode === 'OFF_POST' || d.itemCode === lateItem),
  );
  const byId = new Map(candidates.map((d) => [d.id, d]));
  const conversions = absenceConversions(
    candidates.flatMap((d) => {
      const r = stored.get(d.id);
      if (!r) return [];
      return [
        {
          id: d.id,
          staffId: d.staffId,
          itemCode: d.itemCode,
          count: d.quantity,
          observedAt: hallIso(r.observedAt, zone),
          returnedAt: r.returnedAt ? hallIso(r.returnedAt, zone) : null,
        },
      ];
    }),
    conversionOptionsOf(scheme),
  );
  if (!conversions.length) return { deductions, sources: [] };
  const absenceItem = leaveRulesOf(scheme).leave.consequenceItems.absence;
  const converted = new Set(conversions.flatMap((c) => c.violationIds));
  const out = deductions.map((d) => (converted.has(d.id) ? { ...d, status: 'converted' as const } : d));
  const sources: LeaveRecordSource[] = [];
  for (const c of conversions) {
    const first = byId.get(c.violationIds[0]!)!;
    const id = derivedId(`off-post-absence:${c.staffId}:${c.day}`);
    out.push({
      id,
      windowId: first.windowId,
      staffId: c.staffId,
      itemCode: absenceItem,
      quantity: 1,
      status: overturned.has(id) ? 'overturned' : 'active',
      source: first.source,
      substituteFor: first.substituteFor ?? null,
    });
    sources.push({
      recordId: id,
      windowId: first.windowId,
      staffId: c.staffId,
      itemCode: absenceItem,
      quantity: 1,
      reason: 'off_post_absence',
      sourceKind: 'violation',
      sourceId: first.id,
      explanation: c.explanation,
    });
  }
  return { deductions: out, sources };
}
