import type { ExpectedInputs } from './expected';
import { absenceAt, type Absence } from './expected';
import { roundSlots } from './round-slots';
import type { Scheme } from '../scheme/schema';
import { compareText } from '../text-order';

/**
 * Fair by construction (DOMAIN §3, §6):
 * - recording OFF_POST for someone whose approved leave or registered outing covers the moment
 *   is a likely mistake: the phone warns and asks to confirm (excuseWarning);
 * - a person recorded OFF_POST twice the same day, or off post more than 30 minutes by the
 *   recorded times, has been away without leave for more than 30 minutes: half a day's absence
 *   (旷工半天, item ABSENCE) instead (absenceConversions).
 */

export const OFF_POST = 'OFF_POST';
export const ABSENCE = 'ABSENCE';
export const OFF_POST_LIMIT_MINUTES = 30;
/** The late-arrival item of the default scheme (迟到早退). */
export const LATE_ITEM = 'LATE_EARLY';

export interface ExcuseWarning {
  absence: Absence;
  message: { zh: string; en: string };
}

/** A warning when an OFF_POST record names someone excused at that moment; null otherwise. */
export function excuseWarning(
  record: { itemCode: string; staffId: string | null; observedAt: string },
  inputs: Pick<ExpectedInputs, 'leaves' | 'outings'>,
): ExcuseWarning | null {
  if (record.itemCode !== OFF_POST || !record.staffId) return null;
  const absence = absenceAt(record.staffId, record.observedAt, inputs);
  if (!absence) return null;
  const span = absence.kind === 'leave' ? absence.leave : absence.outing;
  const range = `${span.from.slice(11, 16)}–${span.to.slice(11, 16)}`;
  return {
    absence,
    message:
      absence.kind === 'leave'
        ? {
            zh: `此人有已批准的请假（${span.from.slice(5, 10)} ${range}），确定记录脱岗？`,
            en: `This person has approved leave (${span.from.slice(5, 10)} ${range}). Record off post anyway?`,
          }
        : {
            zh: `此人已登记临时外出（${range}），确定记录脱岗？`,
            en: `This person has a registered outing (${range}). Record off post anyway?`,
          },
  };
}

export interface OffPostRecord {
  id: string;
  staffId: string | null;
  itemCode: string;
  /** In hall time with its offset (hallIso): its date part is the hall day, chars 11–16 the clock. */
  observedAt: string;
  count: number;
  status?: 'active' | 'withdrawn';
  /**
   * When the person came back (OFF_POST) or arrived (the late item), as the duty leader recorded
   * it (#15); in hall time like observedAt. Null or absent: not recorded.
   */
  returnedAt?: string | null;
}

/** 'over_30_min': away (or late) more than the scheme's minutes (30 by default; the code keeps its name). */
export type ConversionReason = 'twice' | 'over_30_min' | 'late';

export interface ConversionOptions {
  /** Away more than this many minutes is half a day's absence (scheme.offPost; default 30). */
  minutes?: number;
  /** The late-arrival item (default LATE_EARLY) and when the session began for a record (minutes since midnight). */
  lateItem?: string;
  sessionStart?: (observedAt: string) => number | null;
}

export interface AbsenceConversion {
  staffId: string;
  /** The hall day (date part of observedAt in hall time). */
  day: string;
  /** The OFF_POST (and late) records replaced by the absence. */
  violationIds: string[];
  reasons: ConversionReason[];
  /** Off post span by recorded times (first sighting to the last sighting or the return), in minutes. */
  minutes: number;
  /** The threshold that applied, in minutes. */
  limit: number;
  /** Always one half day (旷工半天) per person and day. */
  halfDays: 1;
  itemCode: typeof ABSENCE;
  explanation: { zh: string; en: string };
}

/** Minutes since midnight when the session (round slot) holding a hall-time clock began; null before any. */
export function sessionStartOf(scheme: Pick<Scheme, 'patrol'>): (observedAt: string) => number | null {
  const slots = roundSlots(scheme);
  return (observedAt) => {
    const m = minutesOfClock(observedAt);
    const started = slots.filter((s) => s.from <= m);
    return started.length ? started.at(-1)!.from : null;
  };
}

/** The conversion options a scheme sets (scheme.offPost, #15); absent: 30 minutes, LATE_EARLY. */
export function conversionOptionsOf(scheme: Pick<Scheme, 'patrol' | 'offPost'> | null | undefined): ConversionOptions {
  return {
    minutes: scheme?.offPost?.absenceAfterMinutes ?? OFF_POST_LIMIT_MINUTES,
    lateItem: scheme?.offPost?.lateItem ?? LATE_ITEM,
    ...(scheme ? { sessionStart: sessionStartOf(scheme) } : {}),
  };
}

const clockOf = (iso: string) => iso.slice(11, 16);
const minutesOfClock = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

/**
 * OFF_POST records of each person and day that become half a day of absence (DOMAIN §3; 003
 * 请假制度7: 擅离岗位超过半小时视为旷工半天；迟到半小时亦视为旷工半天). A record with count n counts
 * as n sightings; a recorded return extends the span to it. A late-arrival record with its arrival
 * time converts when the arrival is more than the limit after the session began. Records against
 * "the window" (no staff) and withdrawn ones never convert.
 */
export function absenceConversions(
  records: readonly OffPostRecord[],
  options: ConversionOptions = {},
): AbsenceConversion[] {
  const limit = options.minutes ?? OFF_POST_LIMIT_MINUTES;
  const lateItem = options.lateItem ?? LATE_ITEM;
  const groups = new Map<string, OffPostRecord[]>();
  for (const r of records) {
    if (!r.staffId || r.status === 'withdrawn') continue;
    if (r.itemCode !== OFF_POST && !(r.itemCode === lateItem && r.returnedAt)) continue;
    const key = `${r.staffId}|${r.observedAt.slice(0, 10)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: AbsenceConversion[] = [];
  for (const [key, list] of groups) {
    const [staffId, day] = key.split('|') as [string, string];
    const sorted = [...list].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
    const offPost = sorted.filter((r) => r.itemCode === OFF_POST);
    const late = sorted.filter((r) => r.itemCode !== OFF_POST);
    const reasons: ConversionReason[] = [];
    const zh: string[] = [];
    const en: string[] = [];
    let minutes = 0;
    const used: OffPostRecord[] = [];
    if (offPost.length) {
      const sightings = offPost.reduce((n, r) => n + r.count, 0);
      const first = offPost[0]!.observedAt;
      let end = offPost.at(-1)!.observedAt;
      for (const r of offPost) if (r.returnedAt && Date.parse(r.returnedAt) > Date.parse(end)) end = r.returnedAt;
      minutes = Math.round((Date.parse(end) - Date.parse(first)) / 60_000);
      const returned = offPost.some((r) => r.returnedAt && r.returnedAt === end);
      if (sightings >= 2) {
        reasons.push('twice');
        zh.push(`同一天被记录脱岗 ${sightings} 次`);
        en.push(`recorded off post ${sightings} times the same day`);
      }
      if (minutes > limit) {
        reasons.push('over_30_min');
        zh.push(
          `${clockOf(first)} 至 ${clockOf(end)}${returned ? '（返岗时间）' : ''} 脱岗超过 ${limit} 分钟（${minutes} 分钟）`,
        );
        en.push(
          `off post from ${clockOf(first)} to ${clockOf(end)}${returned ? ' (back at post)' : ''}, more than ${limit} min (${minutes} min)`,
        );
      }
      if (reasons.length) used.push(...offPost);
    }
    for (const r of late) {
      const start = options.sessionStart?.(r.observedAt) ?? minutesOfClock(r.observedAt);
      const lateBy = minutesOfClock(r.returnedAt!) - start;
      if (lateBy <= limit) continue;
      if (!reasons.includes('late')) reasons.push('late');
      const from = `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
      zh.push(`${clockOf(r.returnedAt!)} 才到岗，迟到超过 ${limit} 分钟（${lateBy} 分钟，自 ${from} 起）`);
      en.push(`arrived only at ${clockOf(r.returnedAt!)}, more than ${limit} min late (${lateBy} min from ${from})`);
      minutes = Math.max(minutes, lateBy);
      used.push(r);
    }
    if (!reasons.length) continue;
    out.push({
      staffId,
      day,
      violationIds: used.map((r) => r.id),
      reasons,
      minutes,
      limit,
      halfDays: 1,
      itemCode: ABSENCE,
      explanation: {
        zh: `${zh.join('；')}，按规定计旷工半天`,
        en: `${en.join('; ')}: counts as half a day's absence without leave`,
      },
    });
  }
  return out.sort((a, b) => compareText(a.day, b.day) || compareText(a.staffId, b.staffId));
}
