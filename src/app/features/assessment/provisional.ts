import { provisionalAssessment, type ProvisionalAssessment } from '../../../domain/assessment/published';
import { hallMonthBoundsUtc } from '../../../domain/hall-time';
import { HALL_WIDE_ROLES, type Role } from '../../../domain/roles';
import { META, getMeta, type LocalLeave, type WindowDutyDb } from '../../db/database';

/**
 * "This month so far" (issue 4): the pure engine on what this phone has synced for the month —
 * records, disputes (an overturned record does not count), bonuses, the consequences of leave — under the scheme in force
 * for the month. Labelled provisional, with the time of the data (the last successful sync).
 * The rows go in as the phone holds them: the domain counts a record still waiting to be sent
 * (this phone's own) and never one the server rejected. Disqualifications and duty-patrol compliance are not on phones, so honours may still change.
 */
/** A leave this phone holds in full (not the redacted view others' leave arrives as: no closure, no steps, so no consequences here). */
const fullLeave = (l: LocalLeave): l is Extract<LocalLeave, { redacted: false }> =>
  l.syncState !== 'rejected' && !l.redacted;

export async function computeProvisional(
  db: WindowDutyDb,
  month: string,
  role: Role,
  zone: string,
): Promise<ProvisionalAssessment | null> {
  // The hall month's records through the observedAt index (phones store UTC ISO strings); the domain decides.
  const { from, to } = hallMonthBoundsUtc(month, zone);
  const [windows, staff, schemes, violations, disputes, bonuses, leaves, substitutes, outings, lastSyncAt] =
    await Promise.all([
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
    zone,
    schemes,
    windows,
    staff,
    violations,
    disputes: disputes.filter((d) => d.syncState !== 'rejected'),
    bonuses,
    leave: {
      leaves: leaves.filter(fullLeave),
      substitutes: substitutes.filter((s) => s.syncState !== 'rejected'),
      outings: outings.filter((o) => o.syncState !== 'rejected'),
    },
    dataAsOf: lastSyncAt ?? null,
    // Phones hold only the records their user may see; hall-wide roles hold all of them.
    complete: HALL_WIDE_ROLES.includes(role),
  });
}
