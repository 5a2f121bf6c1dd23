import type { HonourCode } from './honours';
import type { DutyPatrol } from './inputs';
import type { DutyNeglectRule } from './scoring-variants';

/**
 * #15.1 Duty neglect (DOMAIN §2, §5.7; 004 值班要求 "当月不得评为红旗窗口"). A duty window has
 * neglected its patrols when, in the month:
 * - rounds_missed: required − done ≥ atLeast (DOMAIN: atLeast 1, one missed round is enough);
 * - share_done: done / required < below (a window with nothing required never neglects).
 * Returns the rule's wording for the explanation, or null when the window did its duty.
 */
export function neglectedDuty(patrol: DutyPatrol, rule: DutyNeglectRule): string | null {
  const { roundsDone: done, roundsRequired: required } = patrol;
  const missed = Math.max(0, required - done);
  const t = rule.threshold;
  if (t.kind === 'rounds_missed') {
    if (missed < t.atLeast) return null;
    const base = `duty window patrolled ${done} of ${required} required rounds`;
    return t.atLeast === 1 ? base : `${base}: ${missed} missed, neglect from ${t.atLeast} missed (scheme)`;
  }
  // Compared in integers: done × 10 000 < below(basis points) × required.
  if (required === 0 || done * 10_000 >= Math.round(t.below * 10_000) * required) return null;
  return `duty window patrolled ${done} of ${required} required rounds: under ${Math.round(t.below * 10_000) / 100} % done (scheme)`;
}

/**
 * The honours neglect removes: null when it removes every tier of the scheme (a full
 * disqualification, as DOMAIN), else the tiers it removes (004: red flag only).
 */
export function neglectRemoves(rule: DutyNeglectRule, tiers: readonly HonourCode[]): HonourCode[] | null {
  const removes = tiers.filter((t) => rule.removes.includes(t));
  return removes.length === tiers.length ? null : removes;
}
