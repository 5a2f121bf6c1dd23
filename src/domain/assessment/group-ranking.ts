import type { WindowKind } from '../entities';
import type { Scheme } from '../scheme/schema';
import { awardHonours, type HonourCode, type HonoursAward } from './honours';
import { rankGroup, type RankInput } from './ranking';

export interface GroupEntry {
  rank: number;
  windowId: string;
  number: string;
  score: number;
  honour: HonourCode | null;
  /** Disqualification codes; non-empty means skipped for honours. */
  disqualified: string[];
}

export interface GroupRanking {
  kind: WindowKind;
  size: number;
  /** Highest score first; equal scores share a rank, listed by window number. */
  entries: GroupEntry[];
  honours: HonoursAward;
}

/** Ranks one group and awards its honours (ranking.ts and honours.ts state the rules). */
export function rankAndHonour(
  kind: WindowKind,
  windows: readonly RankInput[],
  disqualified: ReadonlyMap<string, readonly string[]>,
  honours: Scheme['honours'],
): GroupRanking {
  const ranked = rankGroup(windows);
  const award = awardHonours(ranked, disqualified, honours);
  return {
    kind,
    size: ranked.length,
    entries: ranked.map((w) => ({
      rank: w.rank,
      windowId: w.windowId,
      number: w.number,
      score: w.score,
      honour: award.honourOf[w.windowId] ?? null,
      disqualified: [...(disqualified.get(w.windowId) ?? [])],
    })),
    honours: award,
  };
}
