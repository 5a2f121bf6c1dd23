import { z } from 'zod';
import { isTimeZone } from './hall-time';
import { RoleSchema } from './roles';
import { NAME_MAX, boundedText, instant, int32, uint32, uuid } from './bounds';

/** Ids are client- or server-generated UUIDs (v4 or v7), read in lower case whatever case was sent. */
export const IdSchema = uuid;
/** A stored time: ISO 8601 with offset, within the hall's years (see bounds.ts). */
export const IsoTimeSchema = instant;

export const FloorSchema = z.object({
  id: IdSchema,
  name: boundedText(40).min(1),
  level: int32,
});
export type Floor = z.infer<typeof FloorSchema>;

/** DOMAIN §1: two kinds of window, ranked separately. */
export const WindowKindSchema = z.enum(['approval', 'public_service']);
export type WindowKind = z.infer<typeof WindowKindSchema>;

export const WindowSchema = z.object({
  id: IdSchema,
  floorId: IdSchema,
  number: boundedText(10).min(1),
  name: boundedText(60).min(1),
  department: boundedText(60).min(1),
  kind: WindowKindSchema,
  /** Hall order on the floor: the order a patrol walks. */
  position: uint32,
});
export type HallWindow = z.infer<typeof WindowSchema>;

/** A/B post system (AB岗); windows of three or more have further posts. */
export const PostSchema = z.enum(['A', 'B', 'C', 'D']);

export const StaffSchema = z.object({
  id: IdSchema,
  name: boundedText(40).min(1),
  windowId: IdSchema,
  post: PostSchema,
  phone: boundedText(20).nullable(),
});
export type Staff = z.infer<typeof StaffSchema>;

/** An IANA time zone this engine knows, e.g. Asia/Shanghai (the hall's: HALL_TIME_ZONE). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { error: 'must be an IANA time zone such as Asia/Shanghai' });

/** What the phone keeps about the signed-in user (cached for offline start). */
export const ProfileSchema = z.object({
  id: IdSchema,
  username: boundedText(NAME_MAX),
  displayName: boundedText(NAME_MAX),
  role: RoleSchema,
  staffId: IdSchema.nullable(),
  windowId: IdSchema.nullable(),
  floorId: IdSchema.nullable(),
  /** The hall's time zone (server setting HALL_TIME_ZONE): its days and months are the hall's calendar. */
  hallTimeZone: TimeZoneSchema.optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;
