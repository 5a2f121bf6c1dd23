import { z } from 'zod';
import { FloorSchema, IdSchema, PostSchema, StaffSchema, WindowSchema } from './entities';
import { RoleSchema, type Role } from './roles';
import { boundedText, hallDate, instant, month as MonthBound, requiredText, trimmedText } from './bounds';
import { SchemeSchema } from './scheme/schema';

/**
 * The supervision console's admin API (issue 6): request bodies shared by the server (validation)
 * and the console screens (forms). Ids are chosen by the server.
 */

/** Only the supervision section changes configuration; center leaders may read it. */
export const ADMIN_WRITE_ROLES: readonly Role[] = ['supervision'];
export const ADMIN_READ_ROLES: readonly Role[] = ['supervision', 'center_leader'];

const trimmed = (max: number) => requiredText(max);

export const FloorInputSchema = FloorSchema.omit({ id: true }).extend({ name: trimmed(40) });
export type FloorInput = z.infer<typeof FloorInputSchema>;
export const FloorPatchSchema = FloorInputSchema.partial().refine((v) => Object.keys(v).length > 0, {
  error: 'nothing to change',
});

export const WindowInputSchema = WindowSchema.omit({ id: true }).extend({
  number: trimmed(10),
  name: trimmed(60),
  department: trimmed(60),
});
export type WindowInput = z.infer<typeof WindowInputSchema>;
export const WindowPatchSchema = WindowInputSchema.partial().refine((v) => Object.keys(v).length > 0, {
  error: 'nothing to change',
});

export const StaffInputSchema = StaffSchema.omit({ id: true }).extend({
  name: trimmed(40),
  post: PostSchema,
  phone: trimmedText(20)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
});
export type StaffInput = z.infer<typeof StaffInputSchema>;
export const StaffPatchSchema = StaffInputSchema.partial().refine((v) => Object.keys(v).length > 0, {
  error: 'nothing to change',
});

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
export const PasswordSchema = boundedText(200).min(8, { error: 'at least 8 characters' });

export const UserCreateSchema = z.object({
  username: z
    .string()
    .max(100)
    .trim()
    .toLowerCase()
    .regex(USERNAME_PATTERN, { error: '2–40 letters, digits, . _ - (starting with a letter or digit)' }),
  password: PasswordSchema,
  displayName: trimmed(40),
  role: RoleSchema,
  staffId: IdSchema.nullable().optional(),
  windowId: IdSchema.nullable().optional(),
  floorId: IdSchema.nullable().optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserPatchSchema = UserCreateSchema.omit({ username: true, password: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'nothing to change' });

export const PasswordResetSchema = z.object({ password: PasswordSchema });

/** A user as the console lists it (never the password hash). */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  staffId: string | null;
  windowId: string | null;
  floorId: string | null;
  disabled: boolean;
  createdAt: string;
}

/** Which link each role needs (DOMAIN §2): whom a staff account is, which window a head leads… */
export const ROLE_LINKS: Record<Role, 'staffId' | 'windowId' | 'floorId' | null> = {
  staff: 'staffId',
  window_head: 'windowId',
  duty_leader: 'floorId',
  dept_leader: 'windowId',
  supervision: null,
  center_leader: null,
};

export const MonthSchema = MonthBound;

export const SchemeDraftSchema = z.object({
  effectiveFrom: MonthSchema,
  /** The version number inside is replaced by the server's next version. */
  scheme: SchemeSchema,
});
export type SchemeDraft = z.infer<typeof SchemeDraftSchema>;

export const SchemePreviewRequestSchema = z.object({
  scheme: SchemeSchema,
  /** Default: last month. */
  month: MonthSchema.optional(),
});

export const AuditQuerySchema = z.object({
  action: boundedText(40).optional(),
  entity: boundedText(40).optional(),
  /** A user id, or part of the actor's name. */
  actor: boundedText(100).optional(),
  // Within the hall's years: no entry lies outside them, and the database refuses year 0000.
  from: instant.or(hallDate).optional(),
  to: instant.or(hallDate).optional(),
  /** The last id of the previous page (entries come newest first). */
  cursor: z.coerce.number().int().positive().optional(), // bigint ids: a safe integer (int() says so)
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditRecord {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export const IMPORT_KINDS = ['windows', 'staff'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportRowResult {
  /** 1-based row in the file, counting the header as row 1. */
  row: number;
  values: Record<string, string>;
  action: 'create' | 'update' | 'unchanged' | 'error';
  errors: string[];
}

export interface ImportPreview {
  kind: ImportKind;
  rows: ImportRowResult[];
  summary: { create: number; update: number; unchanged: number; error: number };
}
