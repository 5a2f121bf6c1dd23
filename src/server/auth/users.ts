import { randomUUID } from 'node:crypto';
import type { Profile, Role } from '../../domain';
import type { Db } from '../db/types';
import { hashPassword } from './passwords';

/** A user as the request handlers see it (never carries the password hash). */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  staffId: string | null;
  windowId: string | null;
  floorId: string | null;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  staff_id: string | null;
  window_id: string | null;
  floor_id: string | null;
}

export const USER_COLUMNS = 'u.id, u.username, u.display_name, u.role, u.staff_id, u.window_id, u.floor_id';

export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    staffId: row.staff_id,
    windowId: row.window_id,
    floorId: row.floor_id,
  };
}

export function toProfile(user: SessionUser, hallTimeZone: string): Profile {
  return { ...user, hallTimeZone };
}

/** Usernames are case-insensitive (phones capitalise the first letter). */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export interface NewUser {
  id?: string;
  username: string;
  password: string;
  role: Role;
  displayName: string;
  staffId?: string | null;
  windowId?: string | null;
  floorId?: string | null;
  disabled?: boolean;
}

export async function createUser(db: Db, user: NewUser): Promise<SessionUser> {
  const id = user.id ?? randomUUID();
  const rows = await db.query<UserRow>(
    `insert into users (id, username, password_hash, role, display_name, staff_id, window_id, floor_id, disabled)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     returning id, username, display_name, role, staff_id, window_id, floor_id`,
    [
      id,
      normaliseUsername(user.username),
      await hashPassword(user.password),
      user.role,
      user.displayName,
      user.staffId ?? null,
      user.windowId ?? null,
      user.floorId ?? null,
      user.disabled ?? false,
    ],
  );
  return toSessionUser(rows[0]!);
}
