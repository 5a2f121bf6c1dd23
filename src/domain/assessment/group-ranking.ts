import type { WindowKind } from '../entities';
import type { Scheme } from '../scheme/schema';
import type { HonourBars } from './disqualification';
import { awardHonours, type AwardOptions, type HonourCode, type HonoursAward } from './honours';
import { rankGroup, type RankInput } from './ranking';

export interface GroupEntry {
  rank: number;
  windowId: string;
  number: string;
  score: number;
  honour: HonourCode | null;
  /** Disqualification codes; non-empty means skipped for honours (or, #15.1, for some of them). */
  disqualified: string[];
}

export interface GroupRanking {
  kind: WindowKind;
  size: number;
  /** Highest score first; equal scores share a rank, listed by window number. */
  entries: GroupEntry[];
  honours: HonoursAward;
}

function entriesOf(
  ranked: ReturnType<typeof rankGroup>,
  award: HonoursAward,
  disqualified: ReadonlyMap<string, readonly string[]>,
  partial: AwardOptions['partial'],
): GroupEntry[] {
  return ranked.map((w) => {
    const codes = [...(disqualified.get(w.windowId) ?? [])];
    for (const list of partial?.get(w.windowId)?.values() ?? [])
      for (const c of list) if (!codes.includes(c)) codes.push(c);
    return {
      rank: w.rank,
      windowId: w.windowId,
      number: w.number,
      score: w.score,
      honour: award.honourOf[w.windowId] ?? null,
      disqualified: codes,
    };
  });
}

/** Ranks one group and awards its honours (ranking.ts and honours.ts state the rules). */
export function rankAndHonour(
  kind: WindowKind,
  windows: readonly RankInput[],
  disqualified: ReadonlyMap<string, readonly string[]>,
  honours: Scheme['honours'],
  options: AwardOptions = {},
): GroupRanking {
  const ranked = rankGroup(windows);
  const award = awardHonours(ranked, disqualified, honours, options);
  return {
    kind,
    size: ranked.length,
    entries: entriesOf(ranked, award, disqualified, options.partial),
    honours: award,
  };
}

/**
 * Every ranking group of a scheme. Ranks are always per group (DOMAIN §5.5). Honour places are
 * shares of each group (DOMAIN §5.6) or, with honourBase 'all_windows' (#15.2, 003 §7.2 "按窗口总数
 * 的15%和30%的比例从高分到低分"), shares of all ranked windows awarded down one list of them all; each
 * group's ranking then shows that one award.
 */
export function rankGroups(
  kinds: readonly WindowKind[],
  members: readonly (RankInput & { kind: WindowKind })[],
  bars: HonourBars,
  scheme: Pick<Scheme, 'honours' | 'honourBase'>,
): Partial<Record<WindowKind, GroupRanking>> {
  const groups: Partial<Record<WindowKind, GroupRanking>> = {};
  const options = bars.partial.size ? { partial: bars.partial } : {};
  if ((scheme.honourBase ?? 'group') === 'group') {
    for (const kind of kinds)
      groups[kind] = rankAndHonour(
        kind,
        members.filter((m) => m.kind === kind),
        bars.full,
        scheme.honours,
        options,
      );
    return groups;
  }
  const all = members.filter((m) => kinds.includes(m.kind));
  const award = awardHonours(rankGroup(all), bars.full, scheme.honours, { ...options, allWindows: true });
  for (const kind of kinds) {
    const ranked = rankGroup(all.filter((m) => m.kind === kind));
    groups[kind] = {
      kind,
      size: ranked.length,
      entries: entriesOf(ranked, award, bars.full, options.partial),
      honours: award,
    };
  }
  return groups;
}
