import { z } from 'zod';
import { isTimeZone } from './hall-time';
import { RoleSchema } from './roles';

/** Ids are client- or server-generated UUIDs (v4 or v7). */
export const IdSchema = z.uuid({ error: 'must be a UUID' });
export const IsoTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

export const FloorSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(40),
  level: z.number().int(),
});
export type Floor = z.infer<typeof FloorSchema>;

/** DOMAIN §1: two kinds of window, ranked separately. */
export const WindowKindSchema = z.enum(['approval', 'public_service']);
export type WindowKind = z.infer<typeof WindowKindSchema>;

export const WindowSchema = z.object({
  id: IdSchema,
  floorId: IdSchema,
  number: z.string().min(1).max(10),
  name: z.string().min(1).max(60),
  department: z.string().min(1).max(60),
  kind: WindowKindSchema,
  /** Hall order on the floor: the order a patrol walks. */
  position: z.number().int().nonnegative(),
});
export type HallWindow = z.infer<typeof WindowSchema>;

/** A/B post system (AB岗); windows of three or more have further posts. */
export const PostSchema = z.enum(['A', 'B', 'C', 'D']);

export const StaffSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(40),
  windowId: IdSchema,
  post: PostSchema,
  phone: z.string().max(20).nullable(),
});
export type Staff = z.infer<typeof StaffSchema>;

/** An IANA time zone this engine knows, e.g. Asia/Shanghai (the hall's: HALL_TIME_ZONE). */
export const TimeZoneSchema = z.string().min(1).refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' });

/** What the phone keeps about the signed-in user (cached for offline start). */
export const ProfileSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  staffId: IdSchema.nullable(),
  windowId: IdSchema.nullable(),
  floorId: IdSchema.nullable(),
  /** The hall's time zone (server setting HALL_TIME_ZONE): its days and months are the hall's calendar. */
  hallTimeZone: TimeZoneSchema.optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;
