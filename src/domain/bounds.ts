import { z } from 'zod';

/**
 * The bounds every value from outside (a phone's push, a console form, an import file, a bundle)
 * must keep, in one place. Each is what the domain considers sensible AND what storage can hold:
 * a value past them is refused with a 4xx naming the field, never left to fail in PostgreSQL
 * (a 500 that also fails every other mutation of a push batch) or in date arithmetic.
 */

// ── Time ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Records, rounds, leave and months of a hall lie in 2000-01-01 … 2099-12-31. Why: the hall's
 * digital records start long after 2000, so an earlier time is a phone clock reset (1970, 0001);
 * every month and day is written with a four-digit year (2100 leaves generations of room, and
 * year 0000 or 10000 breaks the month arithmetic and the database's day checks).
 */
export const EARLIEST_DAY = '2000-01-01';
export const LATEST_DAY = '2099-12-31';
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
/** Exclusive: 2099-12-31T00:00Z, so that the hall day of any instant before it is within LATEST_DAY in every zone. */
export const LATEST_INSTANT_MS = Date.UTC(2099, 11, 31);

/** An observation may be this much later than the server's clock (phone clocks drift a little); later is a wrong clock. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;

/**
 * One leave request spans at most a year of calendar days: the longest leave of DOMAIN §6
 * (maternity leave with the extensions some provinces grant) fits; longer is a typo of the year.
 */
export const LEAVE_SPAN_MAX_DAYS = 366;

// ── Numbers ──────────────────────────────────────────────────────────────────────────────────

/** PostgreSQL `int` (levels, positions, counts, versions): a 32-bit signed integer. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

// ── Text ─────────────────────────────────────────────────────────────────────────────────────

/** Names of people and places written by the server (user display names, recorder names). */
export const NAME_MAX = 100;
/** Codes of a scheme (item, category, bonus, leave type). */
export const CODE_MAX = 40;
/** Free-text the server writes itself (reasons it composes, e.g. why a substitute is required). */
export const SERVER_TEXT_MAX = 2000;

/**
 * Text PostgreSQL can store and UTF-8 can carry unchanged: no NUL (PostgreSQL refuses U+0000 in
 * text) and no lone surrogate (it would turn into U+FFFD on the way, silently changing the value).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is refused
export const CLEAN_TEXT = /^(?:[^\u0000\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
const CLEAN_TEXT_ERROR = { error: 'must not contain NUL or broken (lone surrogate) characters' };

export function isCleanText(value: string): boolean {
  return CLEAN_TEXT.test(value);
}

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is replaced
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made storable (NUL and lone surrogates become U+FFFD), for what is kept as given, e.g. an uploaded file's name. */
export function storableText(value: string): string {
  return value.replace(UNSTORABLE, '\uFFFD');
}

/** Any text up to `max` characters (UTF-16 units), clean. */
export function boundedText(max: number) {
  return z.string().max(max).regex(CLEAN_TEXT, CLEAN_TEXT_ERROR);
}

/** Trimmed text up to `max` characters (may be empty), clean. */
export function trimmedText(max: number) {
  return z.string().trim().max(max).regex(CLEAN_TEXT, CLEAN_TEXT_ERROR);
}

/** Text that must say something: trimmed, 1…max characters, clean. */
export function requiredText(max: number, error = 'required') {
  return z.string().trim().min(1, { error }).max(max).regex(CLEAN_TEXT, CLEAN_TEXT_ERROR);
}

/** An integer a PostgreSQL `int` column holds. */
export const int32 = z.number().int().min(INT32_MIN).max(INT32_MAX);
/** A non-negative integer a PostgreSQL `int` column holds (positions, slots). */
export const uint32 = z.number().int().min(0).max(INT32_MAX);

/**
 * A record id: a UUID, in canonical lower case. Ids are compared as text in JS (and as uuid in
 * PostgreSQL), so an upper-case spelling is turned into the one spelling once, here: a replay or
 * a reference in any case then means the same record.
 */
export const uuid = z.uuid({ error: 'must be a UUID' }).toLowerCase();

// canonicalId lives in record-id.ts (zod-free: the app's id helpers load at start).
export { canonicalId } from './record-id';

const inInstantRange = (value: string) => {
  const ms = Date.parse(value);
  return ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS;
};

/** An ISO 8601 date-time with offset, within EARLIEST_INSTANT_MS … LATEST_INSTANT_MS. */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time', abort: true })
  .refine(inInstantRange, { error: `must lie between ${EARLIEST_DAY} and ${LATEST_DAY}` });

/**
 * A device clock reading that is never stored as a time (a push's deviceNow and createdAt): any
 * ISO date-time. A phone with a reset clock must still be able to push (its records are judged
 * by their own times), so no range here.
 */
export const deviceTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A day written YYYY-MM-DD within EARLIEST_DAY … LATEST_DAY, not yet checked against the calendar
 * (for callers that say themselves what is wrong with 2026-04-31, e.g. "not a day of 2026-04").
 */
export const dayInRange = z
  .string()
  .regex(DAY_PATTERN, { error: 'must be a date YYYY-MM-DD', abort: true }) // the checks below need the pattern
  .refine((d) => d >= EARLIEST_DAY && d <= LATEST_DAY, { error: `must lie between ${EARLIEST_DAY} and ${LATEST_DAY}` });

/** A hall day YYYY-MM-DD that exists in the calendar, within EARLIEST_DAY … LATEST_DAY. */
export const hallDate = dayInRange.refine((d) => isCalendarDay(d), { error: 'no such date' });

/** 2026-02-28 yes, 2026-02-30 no (never throws: a malformed day is simply not one). */
function isCalendarDay(d: string): boolean {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}

/** A month YYYY-MM within EARLIEST_DAY … LATEST_DAY. */
export const month = z
  .string()
  .regex(MONTH_PATTERN, { error: 'must be YYYY-MM', abort: true })
  .refine((m) => m >= EARLIEST_DAY.slice(0, 7) && m <= LATEST_DAY.slice(0, 7), {
    error: `must lie between ${EARLIEST_DAY.slice(0, 7)} and ${LATEST_DAY.slice(0, 7)}`,
  });

/** Is an observation later than the server's clock allows (the tolerance included)? */
export function isInFuture(iso: string, serverNow: Date): boolean {
  return Date.parse(iso) > serverNow.getTime() + FUTURE_TOLERANCE_MS;
}
