import { inboxOf, type InboxItem, type LeaveWindow, type ResolvedLeaveRules, type Actor } from '../../../domain';
import type { LocalLeave, LocalSubstitute } from '../../db/database';
import { currentSubstitute } from './hooks';

/**
 * What waits for this user, by the domain's inboxOf, over the phone's rows: a change refused by
 * the server does not count, and a substitute named on this phone (not yet synced, so the leave
 * row does not point at it yet) counts as the leave's arrangement — acting offline takes the
 * item out at once.
 */
export function inboxFor(
  actor: Actor,
  leaves: readonly LocalLeave[],
  substitutes: readonly LocalSubstitute[],
  windows: readonly LeaveWindow[],
  rules: ResolvedLeaveRules,
): InboxItem[] {
  const subs = substitutes.filter((s) => s.syncState !== 'rejected');
  const rows = leaves
    .filter((l) => l.syncState !== 'rejected' && (l.redacted || l.steps.length > 0))
    .map((l) => ({ ...l, substituteId: currentSubstitute(subs, l.id)?.id ?? l.substituteId }));
  return inboxOf(actor, { leaves: rows, substitutes: subs, windows, rules });
}

/** Confirmed arrangements whose temporary badge the supervision section still has to hand out or take back. */
export function badgeWork(substitutes: readonly LocalSubstitute[]): LocalSubstitute[] {
  return substitutes.filter((s) => s.status === 'confirmed' && s.syncState !== 'rejected' && (!s.badgeIssuedAt || !s.badgeReturnedAt));
}
