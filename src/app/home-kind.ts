import { HALL_WIDE_ROLES } from '../domain/role-list';

/**
 * The three homes a role opens on. Each is a chunk of its own (vite.config.ts), and index.html's
 * script preloads the one of the role the phone holds (the profile hint keeps the role).
 */
export const HOME_KINDS = ['duty', 'supervision', 'other'] as const;
export type HomeKind = (typeof HOME_KINDS)[number];

export function homeKindOf(role: string): HomeKind {
  if ((HALL_WIDE_ROLES as readonly string[]).includes(role)) return 'supervision';
  return role === 'duty_leader' ? 'duty' : 'other';
}
