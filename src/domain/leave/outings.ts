import type { Actor, LeaveWindow } from './chain';
import { mayDecideAs } from './chain';
import { hallMonth } from '../hall-time';
import type { Outing } from './entities';
import type { Result } from './machine';
import type { OutingRules } from './rules';
import { compareText } from '../text-order';

/**
 * Short outings (临时外出, DOMAIN §6): registered when leaving and on return. Over the limit
 * (2 hours by default) one counts as half a day's leave; a person may register a limited number
 * of short outings a month (10 by default), each one beyond is an assessment record.
 */

const no = (code: 'forbidden' | 'conflict' | 'invalid', reason: string): Result<never> => ({ ok: false, code, reason });

/** Minutes out; an open outing counts up to `now`. */
export function outingMinutes(outing: Pick<Outing, 'startedAt' | 'returnedAt'>, now?: string): number {
  const end = outing.returnedAt ?? now;
  if (!end) return 0;
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(outing.startedAt)) / 60_000));
}

/** Over the limit: it counts as half a day's leave rather than as a short outing. */
export function outingIsHalfDay(
  outing: Pick<Outing, 'startedAt' | 'returnedAt'>,
  rules: OutingRules,
  now?: string,
): boolean {
  return outingMinutes(outing, now) > rules.halfDayAfterMinutes;
}

/** The hall month (YYYY-MM) of an outing: the hall date (in `zone`) it started. */
export const outingMonth = (outing: Pick<Outing, 'startedAt'>, zone: string): string =>
  hallMonth(outing.startedAt, zone);

export interface OutingTally {
  staffId: string;
  month: string;
  /** Short outings this month, in order of leaving (returned ones under the half-day limit, and open ones). */
  short: string[];
  /** Outings that counted as half a day's leave. */
  halfDays: string[];
  limit: number;
  /** The short outings beyond the monthly limit (the assessment records). */
  overLimit: string[];
}

/** A person's outings of a hall month (in `zone`), counted against the rules. Open outings count as short until they return. */
export function outingTally(
  outings: readonly Outing[],
  staffId: string,
  month: string,
  rules: OutingRules,
  zone: string,
): OutingTally {
  const mine = outings
    .filter((o) => o.staffId === staffId && outingMonth(o, zone) === month)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || compareText(a.id, b.id));
  const halfDays = mine.filter((o) => o.returnedAt && outingIsHalfDay(o, rules)).map((o) => o.id);
  const short = mine.filter((o) => !halfDays.includes(o.id)).map((o) => o.id);
  return { staffId, month, short, halfDays, limit: rules.monthlyLimit, overLimit: short.slice(rules.monthlyLimit) };
}

/** What the phone says before an outing is registered: how many are left this month. */
export function outingNotice(tally: OutingTally): { overLimit: boolean; message: { zh: string; en: string } } {
  const n = tally.short.length + 1;
  if (n > tally.limit) {
    return {
      overLimit: true,
      message: {
        zh: `本月第${n}次临时外出，已超过每月${tally.limit}次的限制，将计入考核`,
        en: `outing ${n} this month, over the limit of ${tally.limit}: it becomes an assessment record`,
      },
    };
  }
  return {
    overLimit: false,
    message: { zh: `本月第${n}次临时外出（每月限${tally.limit}次）`, en: `outing ${n} of ${tally.limit} this month` },
  };
}

/** Registered by the person, their window head or the supervision section (考勤). */
export function mayRegisterOuting(actor: Actor, staffId: string, window: LeaveWindow): boolean {
  return actor.staffId === staffId || actor.role === 'supervision' || mayDecideAs(actor, 'window_head', window);
}

export function startOuting(
  input: { id: string; staffId: string; purpose: string; startedAt: string; expectedReturnAt: string | null },
  actor: Actor,
  window: LeaveWindow,
  openOfPerson: readonly Outing[],
): Result<Outing> {
  if (!mayRegisterOuting(actor, input.staffId, window))
    return no('forbidden', 'an outing is registered by the person, their window head or the supervision section');
  const open = openOfPerson.find((o) => o.staffId === input.staffId && !o.returnedAt && o.id !== input.id);
  if (open) return no('conflict', `an outing since ${open.startedAt} is still open: register the return first`);
  if (input.expectedReturnAt && Date.parse(input.expectedReturnAt) <= Date.parse(input.startedAt))
    return no('invalid', 'the expected return must be after leaving');
  return {
    ok: true,
    value: {
      id: input.id,
      staffId: input.staffId,
      windowId: window.id,
      purpose: input.purpose,
      startedAt: input.startedAt,
      expectedReturnAt: input.expectedReturnAt,
      returnedAt: null,
      registeredBy: actor.id,
      registeredByName: actor.name,
      redacted: false,
    },
  };
}

export function returnFromOuting(
  outing: Outing,
  actor: Actor,
  window: LeaveWindow,
  returnedAt: string,
): Result<Outing> {
  if (!mayRegisterOuting(actor, outing.staffId, window))
    return no('forbidden', 'the return is registered by the person, their window head or the supervision section');
  if (outing.returnedAt) return no('conflict', `the return was already registered at ${outing.returnedAt}`);
  if (Date.parse(returnedAt) < Date.parse(outing.startedAt)) return no('invalid', 'the return is before leaving');
  return { ok: true, value: { ...outing, returnedAt } };
}

/**
 * Before an outing is registered: the monthly count, and a warning when nobody else of the
 * window would be there (a one-person window, or everyone else away on leave or out).
 */
export function outingWarnings(input: {
  staffId: string;
  windowStaffIds: readonly string[];
  /** Ids of the window's people away at the moment (approved leave or an open outing). */
  awayStaffIds: readonly string[];
  tally: OutingTally;
}): { overLimit: boolean; unattended: boolean; messages: { zh: string; en: string }[] } {
  const notice = outingNotice(input.tally);
  const others = input.windowStaffIds.filter((id) => id !== input.staffId && !input.awayStaffIds.includes(id));
  const unattended = others.length === 0;
  const messages = [notice.message];
  if (unattended)
    messages.push({
      zh: '外出期间窗口将无人值守，请安排人员顶岗并挂牌告知',
      en: 'the window would be unattended while you are out: arrange cover and put up the notice',
    });
  return { overLimit: notice.overLimit, unattended, messages };
}
