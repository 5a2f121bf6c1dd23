import type { Scheme } from '../scheme/schema';
import { neglectRemoves, neglectedDuty } from './duty-neglect';
import type { HonourCode } from './honours';
import type { DisqualificationRecord, DutyPatrol } from './inputs';
import { compareText } from './order';
import { ALL_PERIODS, barredPeriodsOf, dutyNeglectRuleOf, type HonourPeriod } from './scoring-variants';

/** The scheme's code for a duty window that neglected its patrols (DOMAIN §2, §5.7). */
export const DUTY_NEGLECT = 'DUTY_NEGLECT';

export interface Disqualification {
  code: string;
  reason: string;
  /** #15.1 Only these honours are barred (004: red flag); absent: every honour. */
  honours?: HonourCode[];
  /** #15.3 Only these periods are barred (003: the year); absent: month, quarter and year. */
  periods?: HonourPeriod[];
}

/** A duty window that walked fewer rounds than required neglected its duty (DOMAIN's reading; see duty-neglect.ts). */
export function dutyNeglect(patrol: DutyPatrol, scheme?: Scheme): Disqualification | null {
  const rule = scheme
    ? dutyNeglectRuleOf(scheme)
    : { removes: [], threshold: { kind: 'rounds_missed' as const, atLeast: 1 } };
  const reason = neglectedDuty(patrol, rule);
  if (reason === null) return null;
  const d: Disqualification = { code: DUTY_NEGLECT, reason };
  const honours = scheme
    ? neglectRemoves(
        rule,
        scheme.honours.tiers.map((t) => t.code),
      )
    : null;
  if (honours) {
    d.honours = honours;
    d.reason = `${reason}; bars ${honours.length ? honours.join(', ') : 'no honour'} only (scheme: dutyNeglect.removes)`;
  }
  return d;
}

/**
 * Every window's disqualifications for the month (取消评优): the recorded ones plus duty
 * neglect from patrol compliance, ordered by code then reason. Each bars the honours and periods
 * the scheme gives it (default: all); the window keeps its score and rank.
 */
export function disqualificationsByWindow(
  recorded: readonly DisqualificationRecord[],
  dutyPatrols: readonly DutyPatrol[],
  scheme?: Scheme,
): Map<string, Disqualification[]> {
  const byWindow = new Map<string, Disqualification[]>();
  const add = (windowId: string, d: Disqualification) => {
    if (scheme) {
      const periods = barredPeriodsOf(scheme, d.code);
      if (periods.length < ALL_PERIODS.length) {
        d.periods = ALL_PERIODS.filter((p) => periods.includes(p));
        d.reason = `${d.reason}; bars the ${d.periods.join(', ')} honours only (scheme: disqualificationPeriods)`;
      }
    }
    const list = byWindow.get(windowId);
    if (list) list.push(d);
    else byWindow.set(windowId, [d]);
  };
  for (const d of recorded) add(d.windowId, { code: d.code, reason: d.reason });
  for (const p of dutyPatrols) {
    const d = dutyNeglect(p, scheme);
    if (d) add(p.windowId, d);
  }
  for (const list of byWindow.values())
    list.sort((a, b) => compareText(a.code, b.code) || compareText(a.reason, b.reason));
  return byWindow;
}

/** The distinct codes of a window's disqualifications, in order. */
export function disqualificationCodes(list: readonly Disqualification[]): string[] {
  return [...new Set(list.map((d) => d.code))];
}

/** Bars in force for a period: codes barring every honour, and codes barring only some tiers. */
export interface HonourBars {
  /** subject id → codes that bar every honour. */
  full: Map<string, string[]>;
  /** subject id → tier → codes that bar only that tier. */
  partial: Map<string, Map<HonourCode, string[]>>;
}

/** The bars a subject's disqualifications put on the honours of a period (#15.1, #15.3). */
export function barsFor(byId: ReadonlyMap<string, readonly Disqualification[]>, period: HonourPeriod): HonourBars {
  const full = new Map<string, string[]>();
  const partial = new Map<string, Map<HonourCode, string[]>>();
  for (const [id, list] of byId) {
    for (const d of list) {
      if (d.periods && !d.periods.includes(period)) continue;
      if (!d.honours) {
        const codes = full.get(id) ?? [];
        if (!codes.includes(d.code)) codes.push(d.code);
        full.set(id, codes);
        continue;
      }
      for (const tier of d.honours) {
        const tiers = partial.get(id) ?? new Map<HonourCode, string[]>();
        const codes = tiers.get(tier) ?? [];
        if (!codes.includes(d.code)) codes.push(d.code);
        tiers.set(tier, codes);
        partial.set(id, tiers);
      }
    }
  }
  return { full, partial };
}
