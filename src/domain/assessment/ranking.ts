import { compareText, compareWindowNumbers } from './order';
import { toCenti } from './points';

export interface RankInput {
  windowId: string;
  number: string;
  score: number;
}

export interface RankedWindow extends RankInput {
  rank: number;
}

/**
 * DOMAIN §5.5: one ranking group, highest score first.
 *
 * Tie rule: equal scores share a rank and the next rank skips (competition ranking
 * 1, 2, 2, 4). Within equal scores windows are listed by window number (natural order, then
 * id) for display only — honours never depend on that order, only on scores (see honours.ts).
 */
export function rankGroup(windows: readonly RankInput[]): RankedWindow[] {
  const sorted = windows
    .map((w) => ({ w, centi: toCenti(w.score) }))
    .sort(
      (a, b) =>
        b.centi - a.centi || compareWindowNumbers(a.w.number, b.w.number) || compareText(a.w.windowId, b.w.windowId),
    );
  const ranked: RankedWindow[] = [];
  let rank = 0;
  let previous: number | null = null;
  sorted.forEach(({ w, centi }, i) => {
    if (centi !== previous) rank = i + 1;
    previous = centi;
    ranked.push({ windowId: w.windowId, number: w.number, score: w.score, rank });
  });
  return ranked;
}
