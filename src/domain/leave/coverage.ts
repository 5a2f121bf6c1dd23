import type { ApprovedLeave, ExpectedInputs, RegisteredOuting, SubstituteCover } from '../patrol/expected';
import { ACTIVE_LEAVE } from './conflicts';
import { daysOfMonth } from '../patrol/roster-days';
import { hallDay } from '../hall-time';
import {
  compareHalfDays,
  halfDayEnd,
  halfDayOfInstant,
  halfDayStart,
  isWeekend,
  spansOverlap,
  type Half,
  type HalfDay,
} from './days';
import type { LeaveRow, LeaveStatus, Outing, SubstituteArrangement } from './entities';
import type { ResolvedLeaveRules } from './rules';

/**
 * Leave, outings and substitutes as the patrol screen's "who is expected" (DOMAIN §3) and as the
 * coverage calendar of the supervision section and window heads (issue #4 point 7). Pure, so the
 * phone computes both offline from its synced rows.
 */

/** Leave that excuses a person: approved, or taken and closed (up to the return). */
const EXCUSING: readonly LeaveStatus[] = ['approved', 'closed'];

/** The patrol's inputs from synced rows: approved leave, registered outings, confirmed substitutes (half days in the hall's `zone`). */
export function expectedInputsFrom(
  leaves: readonly LeaveRow[],
  outings: readonly Outing[],
  substitutes: readonly SubstituteArrangement[],
  zone: string,
): ExpectedInputs {
  const approved: ApprovedLeave[] = leaves
    .filter((l) => EXCUSING.includes(l.status) && compareHalfDays(l.until, l.from) >= 0)
    .map((l) => ({
      id: l.id,
      staffId: l.staffId,
      from: halfDayStart(l.from, zone),
      to: halfDayEnd(l.until, zone),
      kind: l.redacted ? 'leave' : l.type,
    }));
  const registered: RegisteredOuting[] = outings.map((o) => ({
    id: o.id,
    staffId: o.staffId,
    from: o.startedAt,
    // An open outing excuses until the person is back (at most to the end of that hall day).
    to: o.returnedAt ?? halfDayEnd({ date: hallDay(o.startedAt, zone), half: 'pm' }, zone),
    ...(o.purpose ? { purpose: o.purpose } : {}),
  }));
  const covers: SubstituteCover[] = substitutes
    .filter((s) => s.status === 'confirmed')
    .map((s) => ({
      id: s.id,
      windowId: s.windowId,
      forStaffId: s.forStaffId,
      substituteName: s.substituteName,
      substituteStaffId: s.substituteStaffId,
      from: halfDayStart(s.from, zone),
      to: halfDayEnd(s.to, zone),
    }));
  return { leaves: approved, outings: registered, substitutes: covers };
}

/** Outings not yet returned from (shown on the patrol screen). */
export function openOutings(outings: readonly Outing[], windowId?: string): Outing[] {
  return outings.filter((o) => !o.returnedAt && (!windowId || o.windowId === windowId));
}

export interface CoverageAway {
  staffId: string;
  windowId: string;
  leaveId: string;
  status: LeaveStatus;
  halves: Half[];
  until: HalfDay;
  substitute: { id: string; name: string; status: SubstituteArrangement['status']; badgeIssued: boolean } | null;
}

export type RiskReason = 'unattended' | 'substitute_missing';

export interface WindowRisk {
  windowId: string;
  halves: Half[];
  reason: RiskReason;
  /** The people away that make the window at risk. */
  staffIds: string[];
  /** True when only pending requests make it at risk (not yet approved). */
  prospective: boolean;
}

export interface CoverageDay {
  date: string;
  away: CoverageAway[];
  atRisk: WindowRisk[];
}

export interface CoverageInput {
  month: string;
  windowIds?: readonly string[];
  staff: readonly { id: string; windowId: string }[];
  leaves: readonly LeaveRow[];
  substitutes: readonly SubstituteArrangement[];
  rules: ResolvedLeaveRules;
}

/**
 * The month's coverage: per counted day, who is away (approved and pending leave, with their
 * substitutes) and which windows are at risk — nobody left at the window (unattended), or a
 * leave that needs a substitute has no confirmed one for that half day.
 */
export function coverageCalendar(input: CoverageInput): CoverageDay[] {
  const wanted = input.windowIds ? new Set(input.windowIds) : null;
  const staffByWindow = new Map<string, string[]>();
  for (const s of input.staff) staffByWindow.set(s.windowId, [...(staffByWindow.get(s.windowId) ?? []), s.id]);
  const leaves = input.leaves.filter(
    (l) =>
      ACTIVE_LEAVE.includes(l.status) && (!wanted || wanted.has(l.windowId)) && compareHalfDays(l.until, l.from) >= 0,
  );
  const subsByLeave = new Map<string, SubstituteArrangement>();
  for (const s of input.substitutes) if (s.status !== 'cancelled') subsByLeave.set(s.leaveId, s);

  const out: CoverageDay[] = [];
  for (const date of daysOfMonth(input.month)) {
    if (!input.rules.leave.countWeekends && isWeekend(date)) continue;
    const away: CoverageAway[] = [];
    const risks = new Map<string, WindowRisk>();
    for (const half of ['am', 'pm'] as const) {
      const h: HalfDay = { date, half };
      const today = leaves.filter((l) => spansOverlap({ from: l.from, to: l.until }, { from: h, to: h }));
      for (const l of today) {
        const entry = away.find((a) => a.leaveId === l.id);
        if (entry) {
          entry.halves.push(half);
          continue;
        }
        const sub = subsByLeave.get(l.id);
        away.push({
          staffId: l.staffId,
          windowId: l.windowId,
          leaveId: l.id,
          status: l.status,
          halves: [half],
          until: l.until,
          substitute: sub
            ? { id: sub.id, name: sub.substituteName, status: sub.status, badgeIssued: !!sub.badgeIssuedAt }
            : null,
        });
      }
      const byWindow = new Map<string, typeof today>();
      for (const l of today) byWindow.set(l.windowId, [...(byWindow.get(l.windowId) ?? []), l]);
      for (const [windowId, list] of byWindow) {
        const coveredBy = (l: LeaveRow) => {
          const s = subsByLeave.get(l.id);
          return !!s && s.status === 'confirmed' && spansOverlap({ from: s.from, to: s.to }, { from: h, to: h });
        };
        const staffIds = staffByWindow.get(windowId) ?? [];
        const awayIds = new Set(list.map((l) => l.staffId));
        const present = staffIds.filter((id) => !awayIds.has(id)).length + list.filter(coveredBy).length;
        const missing = list.filter((l) => l.substituteRequired && !coveredBy(l));
        const reason: RiskReason | null = present === 0 ? 'unattended' : missing.length ? 'substitute_missing' : null;
        if (!reason) continue;
        const cause = reason === 'unattended' ? list.filter((l) => !coveredBy(l)) : missing;
        const key = `${windowId}|${reason}`;
        const risk = risks.get(key);
        const prospective = cause.every((l) => l.status === 'pending');
        if (risk) {
          risk.halves.push(half);
          risk.staffIds = [...new Set([...risk.staffIds, ...cause.map((l) => l.staffId)])];
          risk.prospective &&= prospective;
        } else {
          risks.set(key, { windowId, halves: [half], reason, staffIds: cause.map((l) => l.staffId), prospective });
        }
      }
    }
    out.push({ date, away, atRisk: [...risks.values()] });
  }
  return out;
}

/**
 * Approved leave whose last half day has passed without 销假 (not closing in time counts as
 * absence): the supervision section follows them up and closes them with the real return.
 */
export function overdueReturns(leaves: readonly LeaveRow[], now: string, zone: string): LeaveRow[] {
  const current = halfDayOfInstant(now, zone);
  return leaves.filter(
    (l) =>
      l.status === 'approved' &&
      compareHalfDays(l.until, current) < 0 &&
      !leaves.some((e) => e.extensionOf === l.id && e.status !== 'withdrawn' && e.status !== 'rejected'),
  );
}
