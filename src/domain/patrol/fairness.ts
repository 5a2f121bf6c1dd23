import type { ExpectedInputs } from './expected';
import { absenceAt, type Absence } from './expected';

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
}

export type ConversionReason = 'twice' | 'over_30_min';

export interface AbsenceConversion {
  staffId: string;
  /** The hall day (date part of observedAt in hall time). */
  day: string;
  /** The OFF_POST records replaced by the absence. */
  violationIds: string[];
  reasons: ConversionReason[];
  /** Off post span by recorded times, first to last sighting, in minutes. */
  minutes: number;
  /** Always one half day (旷工半天) per person and day. */
  halfDays: 1;
  itemCode: typeof ABSENCE;
  explanation: { zh: string; en: string };
}

/**
 * OFF_POST records of each person and day that become half a day of absence. A record with
 * count n counts as n sightings. Records against "the window" (no staff) and withdrawn ones never
 * convert.
 */
export function absenceConversions(records: readonly OffPostRecord[]): AbsenceConversion[] {
  const groups = new Map<string, OffPostRecord[]>();
  for (const r of records) {
    if (r.itemCode !== OFF_POST || !r.staffId || r.status === 'withdrawn') continue;
    const key = `${r.staffId}|${r.observedAt.slice(0, 10)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: AbsenceConversion[] = [];
  for (const [key, list] of groups) {
    const [staffId, day] = key.split('|') as [string, string];
    const sorted = [...list].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
    const sightings = sorted.reduce((n, r) => n + r.count, 0);
    const minutes = Math.round((Date.parse(sorted.at(-1)!.observedAt) - Date.parse(sorted[0]!.observedAt)) / 60_000);
    const reasons: ConversionReason[] = [];
    if (sightings >= 2) reasons.push('twice');
    if (minutes > OFF_POST_LIMIT_MINUTES) reasons.push('over_30_min');
    if (!reasons.length) continue;
    const first = sorted[0]!.observedAt.slice(11, 16);
    const last = sorted.at(-1)!.observedAt.slice(11, 16);
    const zh: string[] = [];
    const en: string[] = [];
    if (reasons.includes('twice')) {
      zh.push(`同一天被记录脱岗 ${sightings} 次`);
      en.push(`recorded off post ${sightings} times the same day`);
    }
    if (reasons.includes('over_30_min')) {
      zh.push(`${first} 至 ${last} 脱岗超过 ${OFF_POST_LIMIT_MINUTES} 分钟（${minutes} 分钟）`);
      en.push(`off post from ${first} to ${last}, more than ${OFF_POST_LIMIT_MINUTES} min (${minutes} min)`);
    }
    out.push({
      staffId,
      day,
      violationIds: sorted.map((r) => r.id),
      reasons,
      minutes,
      halfDays: 1,
      itemCode: ABSENCE,
      explanation: {
        zh: `${zh.join('；')}，按规定计旷工半天`,
        en: `${en.join('; ')}: counts as half a day's absence without leave`,
      },
    });
  }
  return out.sort((a, b) => a.day.localeCompare(b.day) || a.staffId.localeCompare(b.staffId));
}
