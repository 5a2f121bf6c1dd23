import { HALL_WIDE_ROLES } from '../../domain';
import type { SessionUser } from '../auth/users';

/**
 * Who may see which rows (DOMAIN §2), as SQL conditions with their one parameter ($3 in the
 * pull's feeds): the pull and the routes that read the same rows on demand (a published
 * explanation's records) share them. `where: 'false'`: the user sees none.
 */
export interface RowScope {
  where: string;
  param: unknown;
}

/**
 * Which rounds a user may see: supervision and center leaders all; duty leaders, and window heads
 * who serve on the roster (DOMAIN §2), their own.
 */
export function roundScope(user: SessionUser): RowScope {
  if (HALL_WIDE_ROLES.includes(user.role)) return { where: 'true', param: null };
  return user.role === 'duty_leader' || user.role === 'window_head'
    ? { where: 'r.leader_id = $3', param: user.id }
    : { where: 'false', param: null };
}

/** Which violations a user may see (DOMAIN §2), as a SQL condition on v with its one parameter. */
export function violationScope(user: SessionUser): RowScope {
  if (HALL_WIDE_ROLES.includes(user.role)) return { where: 'true', param: null };
  switch (user.role) {
    case 'duty_leader':
      return { where: 'v.recorded_by = $3', param: user.id };
    case 'window_head':
      // Their window's records, and the ones they made as the rostered duty officer (DOMAIN §2).
      return {
        where: '(v.window_id = ($3::uuid[])[1] or v.recorded_by = ($3::uuid[])[2])',
        param: [user.windowId, user.id],
      };
    case 'staff':
      return { where: 'v.staff_id = $3', param: user.staffId };
    case 'dept_leader':
      return {
        where: `v.window_id in (select w.id from windows w
                                 where w.department = (select department from windows where id = $3))`,
        param: user.windowId,
      };
    default:
      return { where: 'false', param: null };
  }
}

/** Disputes: the head of the window, supervision and center leaders (issue 5). */
export function disputeScope(user: SessionUser): RowScope {
  if (HALL_WIDE_ROLES.includes(user.role)) return { where: 'true', param: null };
  return user.role === 'window_head'
    ? { where: 'd.window_id = $3', param: user.windowId }
    : { where: 'false', param: null };
}
