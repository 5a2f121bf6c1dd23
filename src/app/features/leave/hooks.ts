import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { actorFromProfile, type Actor, type LeaveWindow } from '../../../domain/leave/chain';
import { hallDay } from '../../../domain/hall-time';
import type { LeaveRequest } from '../../../domain/leave/entities';
import { leaveRulesOf, type ResolvedLeaveRules } from '../../../domain/leave/rule-defaults';
import type { LocalLeave, LocalOuting, LocalSubstitute } from '../../db/database';
import { db } from '../../db/instance';
import { useCurrentScheme, useLookups, type Lookups } from '../../screens/common';
import { useSession } from '../../stores/session';
import { correctedNow } from '../../sync/clock';
import { compareText } from '../../../domain/text-order';

/** Everything the leave screens read, live from the phone's tables (the pull is already scoped). */
export interface LeaveData {
  leaves: LocalLeave[];
  substitutes: LocalSubstitute[];
  outings: LocalOuting[];
  lookups: Lookups;
  rules: ResolvedLeaveRules;
  /** The signed-in user as the domain's rules see them; null before the profile is known. */
  actor: Actor | null;
  /** A leave's window with its department (the rules need it). */
  windowOf: (windowId: string) => LeaveWindow;
  /** Every window with its department. */
  leaveWindows: LeaveWindow[];
  /** The current arrangement (not cancelled) of a leave. */
  substituteOf: (leaveId: string) => LocalSubstitute | null;
  staffName: (staffId: string | null | undefined) => string;
  ready: boolean;
}

export function useLeaveData(): LeaveData {
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const scheme = useCurrentScheme();
  const rules = useMemo(() => leaveRulesOf(scheme), [scheme]);
  const rows = useLiveQuery(async () => {
    const [leaves, substitutes, outings] = await Promise.all([
      db.leaves.toArray(),
      db.substitutes.toArray(),
      db.outings.toArray(),
    ]);
    return { leaves, substitutes, outings };
  }, []);
  const leaveWindows = [...lookups.windows.entries()].map(([id, w]) => ({ id, department: w.department }));
  const actor: Actor | null = profile ? actorFromProfile(profile, leaveWindows) : null;
  const substitutes = rows?.substitutes ?? [];
  return {
    leaves: rows?.leaves ?? [],
    substitutes,
    outings: rows?.outings ?? [],
    lookups,
    rules,
    actor,
    leaveWindows,
    windowOf: (windowId) => ({ id: windowId, department: lookups.windows.get(windowId)?.department ?? '' }),
    substituteOf: (leaveId) => currentSubstitute(substitutes, leaveId),
    staffName: (staffId) => (staffId ? (lookups.staff.get(staffId)?.name ?? '—') : '—'),
    ready: !!rows,
  };
}

/** The newest arrangement of a leave that is not cancelled. */
export function currentSubstitute(substitutes: readonly LocalSubstitute[], leaveId: string): LocalSubstitute | null {
  const list = substitutes.filter((s) => s.leaveId === leaveId && s.status !== 'cancelled');
  return list.sort((a, b) => compareText(b.namedAt, a.namedAt))[0] ?? null;
}

/** A full request (not the redacted summary). */
export const isFull = (l: LocalLeave): l is LocalLeave & LeaveRequest => !l.redacted;

/** Today's hall date (in the hall's `zone`). */
export const hallToday = (zone: string, now: Date = correctedNow()): string => hallDay(now, zone);
