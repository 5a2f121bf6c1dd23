import type { Scheme } from '../scheme/schema';
import { toCenti } from './points';
import type { RankedWindow } from './ranking';
import { placesForShare, resolveLine } from './tie-line';

export type HonourCode = Scheme['honours']['tiers'][number]['code'];

export interface HonourTier {
  code: HonourCode;
  share: number;
  /** share × group size, rounded per the scheme. */
  places: number;
  /** Nominal cut line: places of this tier and all higher tiers. */
  nominalLine: number;
  /** The line after the tie rule, counted in eligible windows. */
  line: number;
  /** Window ids awarded, in ranking order. */
  windowIds: string[];
  tie: { score: number; windowIds: string[]; outcome: 'all_in' | 'all_out' } | null;
  note: string;
}

export interface HonoursAward {
  groupSize: number;
  eligible: number;
  rounding: Scheme['honours']['rounding'];
  tieRule: Scheme['honours']['tieRule'];
  tiers: HonourTier[];
  /** Disqualified windows, in ranking order: they keep score and rank, their places pass on. */
  skipped: { windowId: string; codes: string[] }[];
  /** windowId → honour, for the windows awarded one. */
  honourOf: Record<string, HonourCode>;
  /** #15.2 Set when places were taken of all ranked windows together (scheme honourBase 'all_windows'). */
  base?: 'all_windows';
  /** #15.1 Windows barred from some tiers only (e.g. a neglectful duty window from red flag), in ranking order. */
  partlyBarred?: { windowId: string; honours: HonourCode[]; codes: string[] }[];
}

/** Optional inputs of the variants of issue #15. */
export interface AwardOptions {
  /** windowId → tier → codes barring only that tier (#15.1). */
  partial?: ReadonlyMap<string, ReadonlyMap<HonourCode, readonly string[]>>;
  /** The list is all ranked windows of every group (#15.2 honourBase 'all_windows'). */
  allWindows?: boolean;
}

/**
 * DOMAIN §5.6 honours of one ranking group (default: red-flag 15 %, advanced the next 30 %).
 *
 * The rule, stated:
 * 1. Places. Each tier's places = share × group size (all windows of the group, disqualified
 *    ones included), rounded per scheme.honours.rounding. The tiers are cumulative cut lines
 *    in the ranking: red-flag above line R, advanced between line R and line R + A.
 * 2. Disqualified windows (取消评优, any code, including DUTY_NEGLECT) are skipped: the lines
 *    are counted in eligible windows only, so their places pass to the next eligible windows.
 * 3. Ties. Equal scores straddling a line are all in (include_all_tied) or all out
 *    (exclude_all_tied): the line moves to after or before the tied run. So a tier may get
 *    more or fewer windows than its places; places a higher tier leaves unused fall to the
 *    next tier, and a tie straddling the last line gets no honour under exclude_all_tied.
 *    Lines never cross: a lower tier's line is never above a higher tier's.
 * 4. Small groups follow the same arithmetic (rounding 'round' is half up): a group of 1
 *    gets no honour (0.15 and 0.3 round to 0); 2 or 3 get one advanced window and no red
 *    flag (0.3 / 0.45 → 0; 0.6 / 0.9 → 1); 7 → 1 red flag + 2 advanced; 20 → 3 + 6;
 *    40 → 6 + 12. A center wanting a red flag in every group chooses rounding 'ceil'
 *    (1 window → 1 red flag; the advanced line then falls past the end of the group).
 * 5. #15.1 A window barred from some tiers only (004: a neglectful duty window may not be red
 *    flag) is passed over for those tiers and is a candidate for the others. Each tier is
 *    drawn from the windows not yet honoured and not barred from it, and takes the places of
 *    its cumulative line not already taken by the higher tiers. Without partial bars this is
 *    exactly rule 1–3.
 * 6. #15.2 With honourBase 'all_windows' the list is every ranked window of all groups (003
 *    §7.2: 窗口总数) and the places are shares of that total.
 */
export function awardHonours(
  ranked: readonly RankedWindow[],
  disqualified: ReadonlyMap<string, readonly string[]>,
  honours: Scheme['honours'],
  options: AwardOptions = {},
): HonoursAward {
  const partial = options.partial;
  const eligible = ranked.filter((w) => !disqualified.get(w.windowId)?.length);
  const skipped = ranked
    .filter((w) => disqualified.get(w.windowId)?.length)
    .map((w) => ({ windowId: w.windowId, codes: [...disqualified.get(w.windowId)!] }));
  const honourOf: Record<string, HonourCode> = {};
  const tiers: HonourTier[] = [];
  let nominalLine = 0;
  let previousLine = 0;
  const of = options.allWindows ? `all ${ranked.length} windows` : `${ranked.length}`;
  for (const tier of honours.tiers) {
    const places = placesForShare(tier.share, ranked.length, honours.rounding);
    nominalLine += places;
    // Candidates: eligible, not yet honoured, not barred from this tier (rule 5).
    const candidates = eligible.filter(
      (w) => !honourOf[w.windowId] && !partial?.get(w.windowId)?.get(tier.code)?.length,
    );
    const passedOver = partial ? eligible.length - previousLine - candidates.length : 0;
    const resolved = resolveLine(
      candidates.map((w) => toCenti(w.score)),
      nominalLine - previousLine,
      honours.tieRule,
    );
    const awarded = candidates.slice(0, resolved.line);
    const line = previousLine + resolved.line;
    for (const w of awarded) honourOf[w.windowId] = tier.code;
    const tie = resolved.tie
      ? {
          score: candidates[resolved.tie.from]!.score,
          windowIds: candidates.slice(resolved.tie.from, resolved.tie.to).map((w) => w.windowId),
          outcome: resolved.tie.outcome,
        }
      : null;
    const share = `${Math.round(tier.share * 10_000) / 100} % of ${of} → ${places} place(s) (${honours.rounding})`;
    const tieNote = tie
      ? `; ${tie.windowIds.length} windows tied at ${tie.score} straddle the line: all ${tie.outcome === 'all_in' ? 'in' : 'out'} (${honours.tieRule})`
      : '';
    const cap =
      nominalLine > previousLine + candidates.length ? `; only ${previousLine + candidates.length} eligible` : '';
    const barNote = passedOver > 0 ? `; ${passedOver} barred from this honour only, passed over` : '';
    tiers.push({
      code: tier.code,
      share: tier.share,
      places,
      nominalLine,
      line,
      windowIds: awarded.map((w) => w.windowId),
      tie,
      note: `${share}${cap}${barNote}${tieNote}: ${awarded.length} awarded`,
    });
    previousLine = line;
  }
  const award: HonoursAward = {
    groupSize: ranked.length,
    eligible: eligible.length,
    rounding: honours.rounding,
    tieRule: honours.tieRule,
    tiers,
    skipped,
    honourOf,
  };
  if (options.allWindows) award.base = 'all_windows';
  const partly = partial
    ? eligible
        .filter((w) => partial.get(w.windowId)?.size)
        .map((w) => {
          const bars = partial.get(w.windowId)!;
          return { windowId: w.windowId, honours: [...bars.keys()], codes: [...new Set([...bars.values()].flat())] };
        })
    : [];
  if (partly.length) award.partlyBarred = partly;
  return award;
}
