import type { DisqualificationRecord, DutyPatrol } from './inputs';
import { compareText } from './order';

/** The scheme's code for a duty window that neglected its patrols (DOMAIN §2, §5.7). */
export const DUTY_NEGLECT = 'DUTY_NEGLECT';

export interface Disqualification {
  code: string;
  reason: string;
}

/** A duty window that walked fewer rounds than required neglected its duty. */
export function dutyNeglect(patrol: DutyPatrol): Disqualification | null {
  if (patrol.roundsDone >= patrol.roundsRequired) return null;
  return {
    code: DUTY_NEGLECT,
    reason: `duty window patrolled ${patrol.roundsDone} of ${patrol.roundsRequired} required rounds`,
  };
}

/**
 * Every window's disqualifications for the month (取消评优): the recorded ones plus duty
 * neglect from patrol compliance, ordered by code then reason. Any one disqualifies from
 * honours; the window keeps its score and rank.
 */
export function disqualificationsByWindow(
  recorded: readonly DisqualificationRecord[],
  dutyPatrols: readonly DutyPatrol[],
): Map<string, Disqualification[]> {
  const byWindow = new Map<string, Disqualification[]>();
  const add = (windowId: string, d: Disqualification) => {
    const list = byWindow.get(windowId);
    if (list) list.push(d);
    else byWindow.set(windowId, [d]);
  };
  for (const d of recorded) add(d.windowId, { code: d.code, reason: d.reason });
  for (const p of dutyPatrols) {
    const d = dutyNeglect(p);
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
