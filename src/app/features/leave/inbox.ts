import {
  isApproverOf,
  isRequester,
  leaveStage,
  mayArrangeSubstitute,
  mayDecideAs,
  type Actor,
  type LeaveRequest,
  type LeaveWindow,
  type ResolvedLeaveRules,
} from '../../../domain';
import type { LocalLeave, LocalSubstitute } from '../../db/database';
import { currentSubstitute } from './hooks';

export type InboxReason = 'step' | 'revocation' | 'substitute_name' | 'substitute_confirm';

export interface InboxItem {
  leave: LocalLeave & LeaveRequest;
  reason: InboxReason;
}

/**
 * What waits for this user (issue #4 points 2, 3, 5): the step of a request they decide, a
 * revocation they may consent to, a substitute they should name or confirm. Computed from the
 * phone's rows with the domain's rules, so it works offline; a local decision not yet synced
 * takes the item out at once.
 */
export function inboxFor(
  actor: Actor,
  leaves: readonly LocalLeave[],
  substitutes: readonly LocalSubstitute[],
  windowOf: (windowId: string) => LeaveWindow,
  rules: ResolvedLeaveRules,
): InboxItem[] {
  const out: InboxItem[] = [];
  for (const row of leaves) {
    if (row.redacted || row.syncState === 'rejected' || !row.steps.length) continue;
    const leave = row as LocalLeave & LeaveRequest;
    if (isRequester(leave, actor)) continue;
    const window = windowOf(leave.windowId);
    const substitute = currentSubstitute(substitutes, leave.id);
    const stage = leaveStage(leave, substitute, rules);
    if (stage.kind === 'step' && mayDecideAs(actor, stage.role, window)) out.push({ leave, reason: 'step' });
    else if (leave.status === 'approved' && leave.revocation?.answer === null && isApproverOf(actor, leave.steps.map((s) => s.role), window)) out.push({ leave, reason: 'revocation' });
    else if (leave.substituteRequired && ['pending', 'approved'].includes(leave.status) && (!substitute || substitute.status === 'named')) {
      const mayConfirm = mayDecideAs(actor, 'window_head', window) || mayDecideAs(actor, 'dept_leader', window) || (!!substitute?.substituteStaffId && substitute.substituteStaffId === actor.staffId);
      // Staff do not arrange cover for colleagues here; the requester names one from the request itself.
      if (substitute && substitute.syncState !== 'rejected' && mayConfirm) out.push({ leave, reason: 'substitute_confirm' });
      else if (!substitute && actor.role !== 'staff' && mayArrangeSubstitute(leave, actor, window)) out.push({ leave, reason: 'substitute_name' });
    }
  }
  return out.sort((a, b) => a.leave.submittedAt.localeCompare(b.leave.submittedAt));
}

/** Confirmed arrangements whose temporary badge the supervision section still has to hand out or take back. */
export function badgeWork(substitutes: readonly LocalSubstitute[]): LocalSubstitute[] {
  return substitutes.filter((s) => s.status === 'confirmed' && (!s.badgeIssuedAt || !s.badgeReturnedAt));
}
