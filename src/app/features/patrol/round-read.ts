import type { HallWindow, Staff } from '../../../domain';
import type {
  LocalLeave,
  LocalOuting,
  LocalRound,
  LocalSubstitute,
  LocalViolation,
  WindowDutyDb,
} from '../../db/database';

/** Progress of an open round: the windows marked 一切正常 (the round row holds them, as the server does). */
export interface RoundProgress {
  inOrder: string[];
}

/** Everything the round screen shows. */
export interface RoundRead {
  round: LocalRound | undefined;
  /** The floor's windows in hall order. */
  windows: HallWindow[];
  /** Staff of those windows. */
  staff: Staff[];
  /** Leave, outings and substitutes as the phone holds them (who is expected, issue #4). */
  absences: { leaves: LocalLeave[]; outings: LocalOuting[]; substitutes: LocalSubstitute[] } | undefined;
  /** This round's records. */
  records: LocalViolation[];
  progress: RoundProgress;
}

const NONE: Omit<RoundRead, 'round'> = {
  windows: [],
  staff: [],
  absences: undefined,
  records: [],
  progress: { inOrder: [] },
};

/**
 * The round screen's data in one read transaction: the windows render once, with their people,
 * records and progress, instead of once per query as each arrives.
 */
export function readRound(db: WindowDutyDb, id: string): Promise<RoundRead> {
  return db.transaction(
    'r',
    [db.rounds, db.windows, db.staff, db.leaves, db.outings, db.substitutes, db.violations],
    async () => {
      const round = await db.rounds.get(id);
      if (!round) return { round, ...NONE };
      const [windows, staff, leaves, outings, substitutes, observed] = await Promise.all([
        db.windows.where('floorId').equals(round.floorId).toArray(),
        db.staff.toArray(),
        db.leaves.toArray(),
        db.outings.toArray(),
        db.substitutes.toArray(),
        // The round's records were observed after it started: one getAll through the observedAt
        // index (a Dexie .filter() would walk a cursor, one IndexedDB round trip per row).
        // From the minute it started: a record from the form (no seconds) may name that minute.
        db.violations
          .where('observedAt')
          .aboveOrEqual(new Date(Math.floor(Date.parse(round.startedAt) / 60_000) * 60_000).toISOString())
          .toArray(),
      ]);
      const onFloor = new Set(windows.map((w) => w.id));
      return {
        round,
        windows: windows.sort((a, b) => a.position - b.position),
        staff: staff.filter((person) => onFloor.has(person.windowId)),
        absences: { leaves, outings, substitutes },
        records: observed.filter((v) => v.roundId === id && v.status !== 'withdrawn'),
        progress: { inOrder: round.allInOrderWindowIds },
      };
    },
  );
}

// The last round read ahead of opening its screen (at most one; taken once).
let readAhead: { id: string; read: RoundRead } | null = null;

/**
 * Read a round before navigating to it: the screen then mounts with its data and renders once,
 * instead of painting a loading state, tearing down the previous screen and reading while both
 * compete for the phone's main thread. Never fails (the screen reads for itself then).
 */
export async function readRoundAhead(db: WindowDutyDb, id: string): Promise<void> {
  try {
    readAhead = { id, read: await readRound(db, id) };
  } catch {
    readAhead = null;
  }
}

/** The read made ahead for this round, once. */
export function takeRoundReadAhead(id: string): RoundRead | undefined {
  const taken = readAhead?.id === id ? readAhead.read : undefined;
  readAhead = null;
  return taken;
}
