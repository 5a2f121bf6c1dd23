import type { WindowKind } from '../entities';
import type { Scheme } from '../scheme/schema';
import { rankGroups, type GroupRanking } from './group-ranking';

/** One person in a person ranking (#15.9). */
export interface StaffGroupEntry {
  rank: number;
  staffId: string;
  windowId: string;
  score: number;
  honour: GroupRanking['entries'][number]['honour'];
}

export interface StaffGroupRanking {
  kind: WindowKind;
  size: number;
  entries: StaffGroupEntry[];
  honours: GroupRanking['honours'];
}

/**
 * #15.9 A ranking of people (another county's rules score people, not windows: "人员附加分加满5分为止"):
 * per group of their window's kind, with the same machinery as windows — competition ranks,
 * the scheme's honour shares, rounding and tie rule, and honourBase. Equal scores are listed
 * by window number, then id. A window's disqualifications (取消评优) are the window's: they do
 * not bar its people, whose honours are barred by nothing here.
 */
export function rankStaff(
  kinds: readonly WindowKind[],
  people: readonly { staffId: string; windowId: string; windowNumber: string; kind: WindowKind; score: number }[],
  scheme: Pick<Scheme, 'honours' | 'honourBase'>,
): Partial<Record<WindowKind, StaffGroupRanking>> {
  const windowOf = new Map(people.map((p) => [p.staffId, p.windowId]));
  const groups = rankGroups(
    kinds,
    people.map((p) => ({ windowId: p.staffId, number: p.windowNumber, score: p.score, kind: p.kind })),
    { full: new Map(), partial: new Map() },
    scheme,
  );
  const out: Partial<Record<WindowKind, StaffGroupRanking>> = {};
  for (const kind of kinds) {
    const g = groups[kind];
    if (!g) continue;
    out[kind] = {
      kind,
      size: g.size,
      entries: g.entries.map((e) => ({
        rank: e.rank,
        staffId: e.windowId,
        windowId: windowOf.get(e.windowId)!,
        score: e.score,
        honour: e.honour,
      })),
      honours: g.honours,
    };
  }
  return out;
}
