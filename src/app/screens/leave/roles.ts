import type { Role } from '../../../domain/roles';

/** Roles with a leave inbox: the approvers of DOMAIN §6 (they also arrange and confirm substitutes). */
export const APPROVER_ROLES_OF_LEAVE: readonly Role[] = ['window_head', 'dept_leader', 'center_leader'];
