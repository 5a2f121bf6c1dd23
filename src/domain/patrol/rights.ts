import type { Role } from '../roles';
import type { DutyRoster } from './roster';
import { dutyFloorsOf } from './roster-days';

/**
 * Who may patrol which floor on a hall day (DOMAIN §2: the heads of the month's duty windows serve
 * as duty officers). The right comes from the roster for that floor and day, or from the role:
 * a floor duty leader with no roster entry that day keeps his own floor, and the supervision
 * section may walk any floor. Pure: the same rule on the phone (which screens) and the server.
 */
export interface Patroller {
  id: string;
  role: Role;
  /** The user's own floor (a duty leader's), if any. */
  floorId: string | null;
}

/** 'all' (the supervision section), or the floors the user patrols on `day`. */
export function patrolFloorsOn(user: Patroller, roster: readonly DutyRoster[], day: string): 'all' | string[] {
  if (user.role === 'supervision') return 'all';
  const rostered = dutyFloorsOf(roster, user.id, day);
  if (rostered.length) return rostered;
  if (user.role === 'duty_leader' && user.floorId) return [user.floorId];
  return [];
}

/** May the user start a round on this floor on this day? */
export function mayPatrolFloor(user: Patroller, roster: readonly DutyRoster[], floorId: string, day: string): boolean {
  const floors = patrolFloorsOn(user, roster, day);
  return floors === 'all' || floors.includes(floorId);
}

/** Does the user patrol at all on that day (the phone then shows the patrol home)? */
export function patrolsOn(user: Patroller, roster: readonly DutyRoster[], day: string): boolean {
  const floors = patrolFloorsOn(user, roster, day);
  return floors === 'all' || floors.length > 0;
}

/**
 * May the user record a spot-check at a window of `floorId` observed on `day`? A floor duty leader
 * and the supervision section by their role (any window, as before); anyone else only as the
 * rostered duty officer (or stand-in) of that floor on that day.
 */
export function mayRecordOn(user: Patroller, roster: readonly DutyRoster[], floorId: string, day: string): boolean {
  if (user.role === 'duty_leader' || user.role === 'supervision') return true;
  return dutyFloorsOf(roster, user.id, day).includes(floorId);
}

/** Roles that may send patrol mutations at all; a window head only when the roster says so (checked per mutation). */
export const PATROL_ROLES: readonly Role[] = ['duty_leader', 'supervision', 'window_head'];
