import type { LeaveWindow, Actor } from '../../../domain/leave/chain';
import { inboxOf, type InboxItem } from '../../../domain/leave/inbox';
import type { ResolvedLeaveRules } from '../../../domain/leave/rule-defaults';
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
    .map((l) => ({ ...l, substituteId: currentSubstitute(subs, l.id)?.id ?? l.substituteId }))
    .sort(soonestFirst);
  return inboxOf(actor, { leaves: rows, substitutes: subs, windows, rules });
}

/**
 * The inbox's order: the leave that starts soonest first (its decision is the most urgent), then
 * the one asked for first. Without it the phone listed requests in the order of their ids (the
 * database's key order), which is no order at all to the approver.
 */
function soonestFirst(a: LocalLeave, b: LocalLeave): number {
  const key = (l: LocalLeave) =>
    `${l.from.date}${l.from.half === 'am' ? 0 : 1}${l.redacted ? '' : l.submittedAt}${l.id}`;
  const [ka, kb] = [key(a), key(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** What waits for a user about one request: every kind of action, listed once per request. */
export interface InboxEntry {
  leaveId: string;
  kinds: InboxItem['kind'][];
  /** The arrangement to confirm, when one of the kinds is confirm_substitute. */
  substituteId: string | null;
}

/**
 * The inbox as the approver reads it: one entry per request, however many things wait on it (a
 * head may both decide a step and name the substitute of the same leave). The count on the home
 * screen is the number of these entries.
 */
export function inboxByLeave(items: readonly InboxItem[]): InboxEntry[] {
  const byLeave = new Map<string, InboxEntry>();
  for (const item of items) {
    const entry = byLeave.get(item.leaveId) ?? { leaveId: item.leaveId, kinds: [], substituteId: null };
    if (!entry.kinds.includes(item.kind)) entry.kinds.push(item.kind);
    if (item.kind === 'confirm_substitute') entry.substituteId = item.substituteId;
    byLeave.set(item.leaveId, entry);
  }
  return [...byLeave.values()];
}

/** Confirmed arrangements whose temporary badge the supervision section still has to hand out or take back. */
export function badgeWork(substitutes: readonly LocalSubstitute[]): LocalSubstitute[] {
  return substitutes.filter(
    (s) => s.status === 'confirmed' && s.syncState !== 'rejected' && (!s.badgeIssuedAt || !s.badgeReturnedAt),
  );
}
