/**
 * The hall's clock. A record's month, a round's day and "today" are the hall's calendar, not
 * UTC's and not the phone's: a record made at 00:30 on the 1st in Shanghai belongs to that month,
 * though it is still the last day of the month before in UTC. Phone and server derive every day
 * and month from an instant through these functions, with the hall's IANA time zone (a server
 * setting, HALL_TIME_ZONE, handed to phones in the profile).
 */

/** Service centers in the sources keep China Standard Time. */
export const DEFAULT_HALL_TIME_ZONE = 'Asia/Shanghai';

export type Instant = Date | string | number;

/** True for a time zone this JavaScript engine knows (an IANA name such as Asia/Shanghai, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

// Building a formatter costs far more than using one: one per zone, reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function toMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${String(instant)}`);
  return ms;
}

// Asking Intl for every instant is slow (~0.1 ms a call: a 10,000-record push would spend a
// second on it). A zone's offset only changes at 15-minute boundaries of UTC, so it is asked
// once per quarter hour and zone; the wall clock is then plain arithmetic.
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * Zones with one offset over every instant the app handles (from 1992 on: China has kept UTC+8
 * without daylight saving since September 1991). Their offset needs no Intl: the first
 * Intl.DateTimeFormat a page builds loads ICU's data, 18-40 ms of a phone's start (4x that on a
 * mid-range phone) before the home could show its day.
 */
const FIXED_OFFSET_MS: Record<string, number> = { 'Asia/Shanghai': 8 * 3_600_000, UTC: 0, 'Etc/UTC': 0 };
const FIXED_SINCE_MS = Date.UTC(1992, 0, 1);

/** The zone's offset from UTC in ms during the quarter hour that holds `ms`. */
function offsetMs(ms: number, zone: string): number {
  const fixed = FIXED_OFFSET_MS[zone];
  if (fixed !== undefined && ms >= FIXED_SINCE_MS) return fixed;
  let byQuarter = offsets.get(zone);
  if (!byQuarter) offsets.set(zone, (byQuarter = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR;
    const c: Record<string, number> = {};
    for (const p of formatterOf(zone).formatToParts(start)) if (p.type !== 'literal') c[p.type] = Number(p.value);
    offset = Date.UTC(c.year!, c.month! - 1, c.day!, c.hour!, c.minute!, c.second!) - start;
    if (byQuarter.size > 100_000) byQuarter.clear(); // bounded: a long-running server sees many quarters
    byQuarter.set(quarter, offset);
  }
  return offset;
}

function wallClock(ms: number, zone: string): WallClock {
  const d = new Date(ms + offsetMs(ms, zone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayOf = (c: WallClock) => `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;

/** The hall day (YYYY-MM-DD) of an instant. */
export function hallDay(instant: Instant, zone: string): string {
  return dayOf(wallClock(toMs(instant), zone));
}

/** The hall month (YYYY-MM) of an instant: the month a record counts for. */
export function hallMonth(instant: Instant, zone: string): string {
  return hallDay(instant, zone).slice(0, 7);
}

/** The hall day of an instant and the minutes since the hall's midnight (for the round slots). */
export function hallDayAndMinutes(instant: Instant, zone: string): { day: string; minutes: number } {
  const c = wallClock(toMs(instant), zone);
  return { day: dayOf(c), minutes: c.hour * 60 + c.minute };
}

/** Minutes the hall's clock is ahead of UTC at an instant (+480 in Shanghai). */
export function hallOffsetMinutes(instant: Instant, zone: string): number {
  return Math.round(offsetMs(toMs(instant), zone) / 60_000);
}

/**
 * ISO 8601 in the hall's time with its offset, e.g. 2026-12-01T00:30:00+08:00: the same instant,
 * readable as the hall's day and clock (its first 10 characters are the hall day).
 */
export function hallIso(instant: Instant, zone: string): string {
  const ms = toMs(instant);
  const c = wallClock(ms, zone);
  const offset = hallOffsetMinutes(ms, zone);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${dayOf(c)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The instant a hall day (YYYY-MM-DD) begins. */
export function hallDayStart(day: string, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  // The offset at the guess, then at the corrected instant (differs only across a DST change).
  const first = midnightUtc - hallOffsetMinutes(midnightUtc, zone) * 60_000;
  return new Date(midnightUtc - hallOffsetMinutes(first, zone) * 60_000);
}

/** The instants bounding a hall day: [from, to) as UTC ISO strings (for an index range). */
export function hallDayBoundsUtc(day: string, zone: string): { from: string; to: string } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from: hallDayStart(day, zone).toISOString(), to: hallDayStart(next, zone).toISOString() };
}

/** The calendar month (YYYY-MM) `by` months from `month` (−1: the month before). */
export function addMonths(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + by;
  return `${pad(Math.floor(i / 12), 4)}-${pad((i % 12) + 1)}`;
}

export const previousMonth = (month: string): string => addMonths(month, -1);

/** The instants bounding a hall month (YYYY-MM): [from, to) as UTC ISO strings — the month a record counts in. */
export function hallMonthBoundsUtc(month: string, zone: string): { from: string; to: string } {
  return {
    from: hallDayStart(`${month}-01`, zone).toISOString(),
    to: hallDayStart(`${addMonths(month, 1)}-01`, zone).toISOString(),
  };
}

/**
 * An instant as the hall's wall clock to the minute, "YYYY-MM-DD HH:mm" (for lines and labels);
 * '' for none, the text itself when it is not a time.
 */
export function hallClockText(instant: string | null | undefined, zone: string): string {
  if (!instant) return '';
  if (Number.isNaN(Date.parse(instant))) return instant;
  const iso = hallIso(instant, zone);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The instant of a hall wall-clock time 'YYYY-MM-DDTHH:mm[:ss]' (as a datetime-local input gives it). */
export function instantOfHallClock(wallClockTime: string, zone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallClockTime);
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  const first = asUtc - hallOffsetMinutes(asUtc, zone) * 60_000;
  return new Date(asUtc - hallOffsetMinutes(first, zone) * 60_000);
}
