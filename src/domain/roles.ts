import { z } from 'zod';
import { ROLES } from './role-list';

// The plain list, labels and role groups live in role-list.ts (zod-free, for the first screen).
export { ROLES, HALL_WIDE_ROLES, RECORDER_ROLES, ROLE_LABELS } from './role-list';
export type { Role } from './role-list';

export const RoleSchema = z.enum(ROLES);
