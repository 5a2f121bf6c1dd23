import { hallDayAndMinutes, hallIso, instantOfHallClock } from '../hall-time';

/**
 * Leave is asked in half days (DOMAIN §6): from the morning or afternoon of one hall day to the
 * morning or afternoon of another, both inclusive. Hall days are local dates (YYYY-MM-DD); the
 * hall's time zone (HALL_TIME_ZONE, passed as `zone`) turns half days into instants and back.
 */

// The schemas are in half-day-schema.ts: this file stays zod-free (the home screens load it at start).
export type Half = 'am' | 'pm';
export interface HalfDay {
  date: string;
  half: Half;
}

const DAY_MS = 86_400_000;

/** A half day as a number: 2 per day since 1970-01-01, am even, pm odd. Orders and counts half days. */
export function halfDayIndex(h: HalfDay): number {
  return (Date.parse(`${h.date}T00:00:00Z`) / DAY_MS) * 2 + (h.half === 'pm' ? 1 : 0);
}

export function halfDayAt(index: number): HalfDay {
  const date = new Date(Math.floor(index / 2) * DAY_MS).toISOString().slice(0, 10);
  return { date, half: index % 2 === 0 ? 'am' : 'pm' };
}

export const nextHalfDay = (h: HalfDay): HalfDay => halfDayAt(halfDayIndex(h) + 1);
export const previousHalfDay = (h: HalfDay): HalfDay => halfDayAt(halfDayIndex(h) - 1);
export const compareHalfDays = (a: HalfDay, b: HalfDay): number => halfDayIndex(a) - halfDayIndex(b);
export const sameHalfDay = (a: HalfDay, b: HalfDay): boolean => a.date === b.date && a.half === b.half;

/** Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

export interface HalfDaySpan {
  from: HalfDay;
  to: HalfDay;
}

/** Every half day of a span, in order (inclusive both ends). */
export function halfDaysOf(span: HalfDaySpan): HalfDay[] {
  const out: HalfDay[] = [];
  for (let i = halfDayIndex(span.from); i <= halfDayIndex(span.to); i++) out.push(halfDayAt(i));
  return out;
}

/** The half days that count as leave: weekends only when the scheme counts them. */
export function countedHalfDays(span: HalfDaySpan, countWeekends: boolean): number {
  return halfDaysOf(span).filter((h) => countWeekends || !isWeekend(h.date)).length;
}

/** Length in days (half-day steps), e.g. Mon am – Tue am is 1.5. */
export function leaveDays(span: HalfDaySpan, countWeekends: boolean): number {
  return countedHalfDays(span, countWeekends) / 2;
}

/** Do two spans share a half day. */
export function spansOverlap(a: HalfDaySpan, b: HalfDaySpan): boolean {
  return halfDayIndex(a.from) <= halfDayIndex(b.to) && halfDayIndex(b.from) <= halfDayIndex(a.to);
}

/** The instant a half day starts in hall time: am at 00:00, pm at 12:00 (ISO with the hall's offset). */
export function halfDayStart(h: HalfDay, zone: string): string {
  return hallIso(instantOfHallClock(`${h.date}T${h.half === 'am' ? '00' : '12'}:00`, zone), zone);
}

/** The instant after a half day ends (exclusive), ISO with the hall's offset. */
export function halfDayEnd(h: HalfDay, zone: string): string {
  return halfDayStart(nextHalfDay(h), zone);
}

/** The half day an instant falls in, in hall time. */
export function halfDayOfInstant(iso: string, zone: string): HalfDay {
  const { day, minutes } = hallDayAndMinutes(iso, zone);
  return { date: day, half: minutes < 12 * 60 ? 'am' : 'pm' };
}

/**
 * "3月2日上午" / "2 Mar morning": day before month in English, as the app's other dates read
 * ("2 Mar, 10:00", en-GB), never "Mar 2" beside them.
 */
export function formatHalfDay(h: HalfDay): { zh: string; en: string } {
  const [, m, d] = h.date.split('-').map(Number) as [number, number, number];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return {
    zh: `${m}月${d}日${h.half === 'am' ? '上午' : '下午'}`,
    en: `${d} ${months[m - 1]} ${h.half === 'am' ? 'morning' : 'afternoon'}`,
  };
}
