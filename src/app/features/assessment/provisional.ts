import { provisionalAssessment, type ProvisionalAssessment } from '../../../domain/assessment/published';
import { HALL_WIDE_ROLES, type Role } from '../../../domain/roles';
import { META, getMeta, type LocalLeave, type WindowDutyDb } from '../../db/database';

/** The hall month (Asia/Shanghai, UTC+8 without daylight saving) of a time. */
export function hallMonth(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** Records are counted in their UTC month; read a little around it through the observedAt index and let the mapping decide. */
function monthRange(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 86_400_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) + 86_400_000).toISOString();
  return [from, to];
}

/**
 * "This month so far" (issue 4): the pure engine on what this phone has synced for the month —
 * records, disputes (an overturned record does not count), bonuses, the consequences of leave — under the scheme in force
 * for the month. Labelled provisional, with the time of the data (the last successful sync).
 * The rows go in as the phone holds them: the domain counts a record still waiting to be sent
 * (this phone's own) and never one the server rejected. Disqualifications and duty-patrol compliance are not on phones, so honours may still change.
 */
/** A leave this phone holds in full (not the redacted view others' leave arrives as: no closure, no steps, so no consequences here). */
const fullLeave = (l: LocalLeave): l is Extract<LocalLeave, { redacted: false }> => l.syncState !== 'rejected' && !l.redacted;

export async function computeProvisional(db: WindowDutyDb, month: string, role: Role): Promise<ProvisionalAssessment | null> {
  const [from, to] = monthRange(month);
  const [windows, staff, schemes, violations, disputes, bonuses, leaves, substitutes, outings, lastSyncAt] = await Promise.all([
    db.windows.toArray(),
    db.staff.toArray(),
    db.schemes.toArray(),
    db.violations.where('observedAt').between(from, to, true, false).toArray(),
    db.disputes.where('month').equals(month).toArray(),
    db.bonuses.where('month').equals(month).toArray(),
    // Leave of any month: the domain takes what touches this one (a leave may begin the month before).
    db.leaves.toArray(),
    db.substitutes.toArray(),
    db.outings.toArray(),
    getMeta<string | null>(db, META.lastSyncAt),
  ]);
  return provisionalAssessment({
    month,
    schemes,
    windows,
    staff,
    violations,
    disputes: disputes.filter((d) => d.syncState !== 'rejected'),
    bonuses,
    leave: { leaves: leaves.filter(fullLeave), substitutes: substitutes.filter((s) => s.syncState !== 'rejected'), outings: outings.filter((o) => o.syncState !== 'rejected') },
    dataAsOf: lastSyncAt ?? null,
    // Phones hold only the records their user may see; hall-wide roles hold all of them.
    complete: HALL_WIDE_ROLES.includes(role),
  });
}
