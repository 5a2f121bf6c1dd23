import { isApproverOf, type Actor, type LeaveWindow } from './chain';
import type { LeaveRequest, LeaveRow, LeaveSummary, Outing } from './entities';
import { formatHalfDay } from './days';

/**
 * Privacy (issue #4 point 9): a leave's type, reason, documents and comments are seen only by
 * the requester, the approvers of that request and the supervision section. Everyone else who
 * needs "who is away" (duty leaders, window heads on duty, center leaders, the department's
 * leader, colleagues of the same window) sees the summary: "on leave until …". Others see nothing.
 */
export type Access = 'full' | 'summary' | 'none';

export function leaveAccess(
  viewer: Actor,
  leave: Pick<LeaveRequest, 'staffId' | 'requestedBy' | 'windowId' | 'steps'>,
  window: LeaveWindow,
): Access {
  if (viewer.role === 'supervision') return 'full';
  if (viewer.staffId === leave.staffId || viewer.id === leave.requestedBy) return 'full';
  if (
    isApproverOf(
      viewer,
      leave.steps.map((s) => s.role),
      window,
    )
  )
    return 'full';
  return summaryAccess(viewer, leave.windowId, window);
}

/** Who sees that a person is away, without why. */
function summaryAccess(viewer: Actor, windowId: string, window: LeaveWindow): Access {
  switch (viewer.role) {
    case 'center_leader':
    case 'duty_leader':
    case 'window_head': // window heads serve as duty officers in turn
      return 'summary';
    case 'dept_leader':
      return viewer.department === window.department ? 'summary' : 'none';
    case 'staff':
      return viewer.windowId === windowId ? 'summary' : 'none';
    default:
      return 'none';
  }
}

export function redactLeave(leave: LeaveRequest): LeaveSummary {
  return {
    id: leave.id,
    redacted: true,
    staffId: leave.staffId,
    windowId: leave.windowId,
    from: leave.from,
    to: leave.to,
    until: leave.until,
    status: leave.status,
    substituteRequired: leave.substituteRequired,
    substituteId: leave.substituteId,
    extensionOf: leave.extensionOf,
    filedAfterwards: leave.filedAfterwards,
  };
}

/** The row this viewer may have, or null. */
export function projectLeave(viewer: Actor, leave: LeaveRequest, window: LeaveWindow): LeaveRow | null {
  const access = leaveAccess(viewer, leave, window);
  return access === 'full' ? leave : access === 'summary' ? redactLeave(leave) : null;
}

/** An outing's purpose: the person, whoever registered it, their window head and the supervision section. */
export function outingAccess(
  viewer: Actor,
  outing: Pick<Outing, 'staffId' | 'windowId' | 'registeredBy'>,
  window: LeaveWindow,
): Access {
  if (viewer.role === 'supervision' || viewer.staffId === outing.staffId || viewer.id === outing.registeredBy)
    return 'full';
  if (viewer.role === 'window_head' && viewer.windowId === outing.windowId) return 'full';
  return summaryAccess(viewer, outing.windowId, window);
}

export function projectOuting(viewer: Actor, outing: Outing, window: LeaveWindow): Outing | null {
  const access = outingAccess(viewer, outing, window);
  return access === 'full'
    ? { ...outing, redacted: false }
    : access === 'summary'
      ? { ...outing, purpose: null, redacted: true }
      : null;
}

/** "请假至3月4日下午" / "on leave until 4 Mar afternoon" — what a summary says about a person. */
export function onLeaveUntil(row: Pick<LeaveRow, 'until'>): { zh: string; en: string } {
  const until = formatHalfDay(row.until);
  return { zh: `请假至${until.zh}`, en: `on leave until ${until.en}` };
}
