import type { Scheme } from '../scheme/schema';

export type TieRule = Scheme['honours']['tieRule'];
export type Rounding = Scheme['honours']['rounding'];

/** A cut line in a list sorted high to low, after applying the tie rule. */
export interface ResolvedLine {
  /** How many of the list are above the line. */
  line: number;
  /** The tie straddling the nominal line, if any: indexes [from, to) of the tied run. */
  tie: { from: number; to: number; outcome: 'all_in' | 'all_out' } | null;
}

/**
 * Puts a cut line after `nominal` places of `scores` (sorted high to low, integer centi).
 * If equal scores straddle the line, the tie rule moves it: include_all_tied to after the
 * tied run, exclude_all_tied to before it. A tie is never split, so input order never matters.
 */
export function resolveLine(scores: readonly number[], nominal: number, rule: TieRule): ResolvedLine {
  if (nominal <= 0) return { line: 0, tie: null };
  if (nominal >= scores.length) return { line: scores.length, tie: null };
  const inside = scores[nominal - 1]!;
  if (scores[nominal] !== inside) return { line: nominal, tie: null };
  let from = nominal - 1;
  while (from > 0 && scores[from - 1] === inside) from--;
  let to = nominal;
  while (to < scores.length && scores[to] === inside) to++;
  return rule === 'include_all_tied'
    ? { line: to, tie: { from, to, outcome: 'all_in' } }
    : { line: from, tie: { from, to, outcome: 'all_out' } };
}

/**
 * A share of a group as a whole number of places: share × size, rounded per the scheme
 * ('round' is half up: 1.5 → 2). The share is taken to basis points so 0.15 × 20 is exactly 3.
 */
export function placesForShare(share: number, size: number, rounding: Rounding): number {
  const q = Math.round(share * 10_000) * size; // share × size × 10 000, an integer
  if (rounding === 'floor') return Math.floor(q / 10_000);
  if (rounding === 'ceil') return Math.ceil(q / 10_000);
  return Math.floor((q + 5_000) / 10_000);
}
