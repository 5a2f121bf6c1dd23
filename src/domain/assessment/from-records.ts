import { z } from 'zod';
import type { HallWindow, Staff } from '../entities';
import { IdSchema } from '../entities';
import { CODE_MAX, boundedText, month } from '../bounds';
import { VIOLATION_NOTE_MAX } from '../violation';
import { patrolCoverageOf, type CoverageRound } from '../patrol/coverage';
import type { DutyRoster } from '../patrol/roster';
import { SchemeSchema, type Scheme } from '../scheme/schema';
import { overturnedRecordIds, type Dispute } from './disputes';
import type { BonusRecord, DeductionRecord, DisqualificationRecord, DutyPatrol, MonthInput } from './inputs';
import { leaveRecordsOf, type LeaveRecordSource, type LeaveRows } from './leave-records';
import { assessMonth, type MonthAssessment } from './month';
import { hallMonth, hallMonthBoundsUtc } from '../hall-time';
import { MONTH } from '../patrol/corrections';
import { absenceAt } from '../patrol/expected';
import { OFF_POST } from '../patrol/fairness';
import { expectedInputsFrom } from '../leave/coverage';
import { convertOffPost } from './off-post-absence';

/**
 * Stored and synced rows → the engine's MonthInput. The same mapping runs on the server (from
 * database rows) and on the phone (from Dexie rows), so both compute the same numbers.
 */

/** A violation record as stored and synced (fields the assessment reads). */
export interface RecordLike {
  id: string;
  windowId: string;
  staffId: string | null;
  itemCode: string;
  count: number;
  /** Absent: active (a record still waiting in the phone's outbox). */
  status?: 'active' | 'withdrawn';
  observedAt: string;
  /** Where it came from (DOMAIN §5.1); absent: a patrol record. */
  source?: string;
  /** The staff member a substitute stood in for; the record deducts the window all the same. */
  substituteFor?: string | null;
  /** On the phone: a record the server rejected never counts. */
  syncState?: string;
  /** When the person came back or arrived, as the duty leader recorded it (#15; scheme.offPost). */
  returnedAt?: string | null;
}

/** A bonus (附加分) the supervision section recorded for a month. */
export const BonusEntrySchema = z.object({
  id: IdSchema,
  month,
  windowId: IdSchema,
  staffId: IdSchema.nullable(),
  bonusCode: boundedText(CODE_MAX),
  points: z.number().max(9999),
  eventId: boundedText(80),
  note: boundedText(VIOLATION_NOTE_MAX),
  status: z.enum(['active', 'withdrawn']),
});
export type BonusEntry = z.infer<typeof BonusEntrySchema>;

/** A disqualification (取消评优) the supervision section recorded for a month. */
export interface DisqualificationEntry {
  id: string;
  month: string;
  windowId: string;
  code: string;
  reason: string;
  status: 'active' | 'withdrawn';
}

/** A scheme version as synced: `{id, version, effectiveFrom, scheme}`. */
export interface SchemeVersionLike {
  version: number;
  effectiveFrom: string;
  scheme: unknown;
}

/**
 * The month a record counts in: the hall month of its observation time (HALL_TIME_ZONE) — the
 * month recording checks and closing a period use, so what is closed is what is assessed. A
 * record made at 00:30 on the 1st in Shanghai counts in that month, not in UTC's month before.
 */
export function recordMonth(observedAt: string, zone: string): string {
  const t = Date.parse(observedAt);
  return Number.isNaN(t) ? observedAt.slice(0, 7) : hallMonth(t, zone);
}

/**
 * Whether a record counts in `month` (recordMonth(observedAt, zone) === month), as a test made
 * once per month: the month's bounds are computed once, and the UTC ISO strings records are
 * stored and synced as ("…T01:15:00.123Z", one length) compare as text, without parsing 50,000 dates.
 */
export function countsInMonth(month: string, zone: string): (observedAt: string) => boolean {
  if (!MONTH.test(month)) return () => false;
  const { from, to } = hallMonthBoundsUtc(month, zone);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return (observedAt) => {
    if (observedAt.length === 24 && observedAt.endsWith('Z')) return observedAt >= from && observedAt < to;
    const t = Date.parse(observedAt);
    return Number.isNaN(t) ? observedAt.slice(0, 7) === month : t >= fromMs && t < toMs;
  };
}

/** The version in force in a month: latest effectiveFrom ≤ month, then highest version (as push decides). */
export function schemeVersionInForce<T extends SchemeVersionLike>(
  versions: readonly T[],
  month: string,
): T | undefined {
  const sorted = [...versions].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version,
  );
  return sorted.filter((s) => s.effectiveFrom <= month).at(-1) ?? sorted[0];
}

/** The scheme in force in a month, parsed; null when none is stored or it does not parse. */
export function schemeInForceFor(versions: readonly SchemeVersionLike[], month: string): Scheme | null {
  const row = schemeVersionInForce(versions, month);
  if (!row) return null;
  const parsed = SchemeSchema.safeParse(row.scheme);
  return parsed.success ? parsed.data : null;
}

/**
 * DOMAIN §3: a person seen off post while an approved leave or a registered outing covers that
 * moment is excused — the record stays, explained, and does not count (the phone warned the
 * recorder already). Other items are not excused by leave.
 */
function excuseOf(leave: LeaveRows | undefined, zone: string): (r: RecordLike) => boolean {
  if (!leave || (!leave.leaves.length && !leave.outings.length)) return () => false;
  const away = expectedInputsFrom(leave.leaves, leave.outings, [], zone);
  return (r) => r.itemCode === OFF_POST && !!r.staffId && absenceAt(r.staffId, r.observedAt, away) !== null;
}

/** A stored violation → a deduction record; an overturned dispute makes it 'overturned', an excuse 'excused'. */
export function toDeductionRecord(
  r: RecordLike,
  overturned: ReadonlySet<string>,
  excused: (r: RecordLike) => boolean = () => false,
): DeductionRecord {
  return {
    id: r.id,
    windowId: r.windowId,
    staffId: r.staffId,
    itemCode: r.itemCode,
    quantity: r.count,
    status:
      r.status === 'withdrawn'
        ? 'withdrawn'
        : overturned.size > 0 && overturned.has(r.id)
          ? 'overturned'
          : excused(r)
            ? 'excused'
            : 'active',
    source: r.source ?? 'patrol',
    substituteFor: r.substituteFor ?? null,
  };
}

/**
 * Duty patrol compliance per duty window (DOMAIN §2, §5.7): for each roster entry whose
 * officer heads a window (值班窗口制度: the duty windows' heads are the duty officers), the rounds
 * required on its duty days and the distinct rounds the officer of the day finished. Officers
 * with no window (a dedicated duty leader) make no window a duty window. `until` leaves out
 * days still to come (a provisional month).
 */
export function dutyPatrolsOf(
  month: string,
  roster: readonly DutyRoster[],
  rounds: readonly CoverageRound[],
  roundsPerDay: number,
  windowOfUser: ReadonlyMap<string, string | null>,
  until?: string,
): DutyPatrol[] {
  const byWindow = new Map<string, DutyPatrol>();
  for (const entry of roster) {
    if (entry.month !== month) continue;
    const windowId = windowOfUser.get(entry.userId);
    if (!windowId) continue;
    const { days } = patrolCoverageOf(month, [entry], rounds, roundsPerDay, until);
    const patrol = byWindow.get(windowId) ?? { windowId, roundsRequired: 0, roundsDone: 0 };
    for (const d of days) {
      patrol.roundsRequired += d.required;
      patrol.roundsDone += Math.min(d.done, d.required);
    }
    byWindow.set(windowId, patrol);
  }
  return [...byWindow.values()].sort((a, b) => (a.windowId < b.windowId ? -1 : a.windowId > b.windowId ? 1 : 0));
}

export interface MonthRecords {
  month: string;
  /** The hall's time zone (HALL_TIME_ZONE): a record counts in the hall month of its observedAt. */
  zone: string;
  scheme: Scheme;
  windows: readonly HallWindow[];
  staff: readonly Staff[];
  /** Any months; only the month's are taken. */
  violations: readonly RecordLike[];
  disputes?: readonly Pick<Dispute, 'violationId' | 'status'>[];
  bonuses?: readonly BonusEntry[];
  disqualifications?: readonly DisqualificationEntry[];
  dutyPatrols?: readonly DutyPatrol[];
  /** Leave, substitutes and outings: their consequences become deduction records of the month (leave-records.ts). */
  leave?: LeaveRows;
}

/** The engine input of a month from stored rows (withdrawn bonuses and disqualifications left out of honours). */
export function monthInputFromRecords(r: MonthRecords): MonthInput {
  return monthInputWithSources(r).input;
}

/** The engine input and, for the explanation, what each leave record came from. */
export function monthInputWithSources(r: MonthRecords): { input: MonthInput; leaveSources: LeaveRecordSource[] } {
  const overturned = overturnedRecordIds(r.disputes ?? []);
  // One pass over the month's records (tens of thousands): no intermediate array.
  let deductions: DeductionRecord[] = [];
  const inMonth = countsInMonth(r.month, r.zone);
  const excused = excuseOf(r.leave, r.zone);
  const convertible = r.scheme.offPost?.scored ? new Map<string, RecordLike>() : null;
  for (const v of r.violations)
    if (v.syncState !== 'rejected' && inMonth(v.observedAt)) {
      deductions.push(toDeductionRecord(v, overturned, excused));
      convertible?.set(v.id, v);
    }
  // #15 variant 5: off post (or late) beyond the scheme's minutes scored as half a day of absence.
  const offPost = convertible
    ? convertOffPost(r.scheme, deductions, convertible, overturned, r.zone)
    : { deductions, sources: [] };
  deductions = offPost.deductions;
  const leave = r.leave
    ? leaveRecordsOf(r.month, r.scheme, r.leave, overturned, r.zone)
    : { deductions: [], sources: [] };
  for (const d of leave.deductions) deductions.push(d);
  if (offPost.sources.length) leave.sources = [...leave.sources, ...offPost.sources];
  const bonuses: BonusRecord[] = (r.bonuses ?? [])
    .filter((b) => b.month === r.month)
    .map((b) => ({
      id: b.id,
      windowId: b.windowId,
      staffId: b.staffId,
      bonusCode: b.bonusCode,
      points: b.points,
      eventId: b.eventId,
      status: b.status,
    }));
  const disqualifications: DisqualificationRecord[] = (r.disqualifications ?? [])
    .filter((d) => d.month === r.month && d.status === 'active')
    .map((d) => ({ windowId: d.windowId, code: d.code, reason: d.reason }));
  const input: MonthInput = {
    month: r.month,
    scheme: r.scheme,
    windows: [...r.windows],
    staff: [...r.staff],
    deductions,
    bonuses,
    disqualifications,
    dutyPatrols: [...(r.dutyPatrols ?? [])],
  };
  return { input, leaveSources: leave.sources };
}

/**
 * The month's assessment from stored rows, with the sources of its leave records (what the
 * explanation shows beside a record whose source is 'leave'). Server and phone both call this.
 */
export function assessRecords(r: MonthRecords): MonthAssessment {
  const { input, leaveSources } = monthInputWithSources(r);
  const result = assessMonth(input);
  return leaveSources.length ? { ...result, leaveSources } : result;
}
