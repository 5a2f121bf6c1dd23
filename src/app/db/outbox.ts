import { Dexie } from 'dexie';
import type { MutationArgs, MutationName } from '../../domain';
import { roundDay } from '../../domain/patrol/round-day';
import type {
  LocalDispute,
  LocalLeave,
  LocalOuting,
  LocalRound,
  LocalSubstitute,
  LocalViolation,
  OutboxEntry,
  WindowDutyDb,
} from './database';
import { correctedNow, deviceTime, type Now } from '../sync/clock';
import { InvalidMutationError } from './errors';
import {
  LEAVE_CREATES,
  LEAVE_LOCAL_EFFECTS,
  LEAVE_MUTATIONS,
  LEAVE_SCENE_TABLES,
  loadLeaveScene,
  type LeaveScene,
  type LeaveUser,
} from './leave-effects';
import { newId } from '../ids';
import { notifyLocalWrite } from './local-writes';
import { serverVersionBefore } from './shadow';

/**
 * Who makes a change: the signed-in user. Leave changes run the domain's machine, which needs the
 * role and the window: given here, or read from the cached profile when it is this user's.
 */
export type Actor = LeaveUser;

/** Local tables a mutation writes (all of them are in every transaction that resolves the outbox). */
export const LOCAL_TABLES = ['violations', 'rounds', 'leaves', 'substitutes', 'outings', 'disputes'] as const;
type LocalTable = (typeof LOCAL_TABLES)[number];

/**
 * How each mutation shows up locally before the server has seen it. row gets the current local
 * row (for mutations that change an existing one, e.g. round.finish).
 */
export const LOCAL_EFFECTS: {
  [N in MutationName]: {
    table: LocalTable;
    rowId: (args: MutationArgs<N>) => string;
    row: (
      args: MutationArgs<N>,
      user: Actor,
      existing?: never,
      scene?: LeaveScene,
    ) => LocalViolation | LocalRound | LocalLeave | LocalSubstitute | LocalOuting | LocalDispute;
    /** The mutation makes a new row under a fresh id: there is nothing to read before writing it. */
    fresh?: true;
  };
} = {
  'violation.record': {
    table: 'violations',
    fresh: true,
    rowId: (args) => args.id,
    row: (args, user) => ({
      ...args,
      recordedBy: user.id,
      ...(user.displayName ? { recordedByName: user.displayName } : {}),
      status: 'active',
      syncState: 'pending',
    }),
  },
  'round.start': {
    table: 'rounds',
    fresh: true,
    rowId: (args) => args.id,
    row: (args, user): LocalRound => ({
      ...args,
      day: roundDay(args.startedAt),
      finishedAt: null,
      checkedWindowIds: [],
      allInOrderWindowIds: [],
      leaderId: user.id,
      ...(user.displayName ? { leaderName: user.displayName } : {}),
      syncState: 'pending',
    }),
  },
  'round.finish': {
    table: 'rounds',
    rowId: (args) => args.id,
    row: (args, _user, existing?: LocalRound): LocalRound => {
      if (!existing) throw new InvalidMutationError('round.finish', `round ${args.id} is not on this phone`);
      return {
        ...existing,
        finishedAt: args.finishedAt,
        checkedWindowIds: [...new Set([...args.checkedWindowIds, ...args.allInOrderWindowIds])],
        allInOrderWindowIds: args.allInOrderWindowIds,
        syncState: 'pending',
      };
    },
  },
  'round.check_window': {
    table: 'rounds',
    rowId: (args) => args.id,
    row: (args, _user, existing?: LocalRound): LocalRound => {
      if (!existing) throw new InvalidMutationError('round.check_window', `round ${args.id} is not on this phone`);
      const checked = new Set(existing.checkedWindowIds);
      const inOrder = new Set(existing.allInOrderWindowIds);
      if (args.inOrder) {
        checked.add(args.windowId);
        inOrder.add(args.windowId);
      } else {
        inOrder.delete(args.windowId);
        checked.delete(args.windowId); // a window with a record of the round stays checked by that record
      }
      return { ...existing, checkedWindowIds: [...checked], allInOrderWindowIds: [...inOrder], syncState: 'pending' };
    },
  },
  'round.abandon': {
    table: 'rounds',
    rowId: (args) => args.id,
    row: (args, _user, existing?: LocalRound): LocalRound => {
      if (!existing) throw new InvalidMutationError('round.abandon', `round ${args.id} is not on this phone`);
      return { ...existing, abandonedAt: args.abandonedAt, syncState: 'pending' };
    },
  },
  'violation.update': {
    table: 'violations',
    rowId: (args) => args.id,
    row: (args, _user, existing?: LocalViolation): LocalViolation => {
      if (!existing) throw new InvalidMutationError('violation.update', `record ${args.id} is not on this phone`);
      const { id: _id, ...patch } = args;
      return {
        ...existing,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        syncState: 'pending',
      };
    },
  },
  'violation.withdraw': {
    table: 'violations',
    rowId: (args) => args.id,
    row: (args, _user, existing?: LocalViolation): LocalViolation => {
      if (!existing) throw new InvalidMutationError('violation.withdraw', `record ${args.id} is not on this phone`);
      return { ...existing, status: 'withdrawn', withdrawReason: args.reason, syncState: 'pending' };
    },
  },
  'violation.late_submit': {
    table: 'violations',
    rowId: (args) => args.violation.id,
    row: (args, user, existing?: LocalViolation): LocalViolation => ({
      ...(existing ?? { ...args.violation, recordedBy: user.id, status: 'active' as const }),
      lateSubmissionId: args.id,
      syncState: 'pending',
      rejectionCode: undefined,
      rejectionReason: undefined,
    }),
  },
  'dispute.file': {
    table: 'disputes',
    rowId: (args) => args.id,
    row: (args, user): LocalDispute => ({
      ...args,
      filedBy: user.id,
      ...(user.displayName ? { filedByName: user.displayName } : {}),
      status: 'pending',
      syncState: 'pending',
    }),
  },
  ...LEAVE_LOCAL_EFFECTS,
};

/** The local row an outbox entry stands for (table and id). */
export function localTarget(entry: Pick<OutboxEntry, 'name' | 'args'>): { table: LocalTable; rowId: string } | null {
  const effect = LOCAL_EFFECTS[entry.name];
  if (!effect) return null;
  let id: unknown;
  try {
    id = effect.rowId(entry.args as never);
  } catch {
    return null; // args of an old or damaged entry
  }
  if (typeof id !== 'string') return null;
  return { table: effect.table, rowId: id };
}

export { InvalidMutationError };

export const STORAGE_FULL_MESSAGE = {
  zh: '手机存储空间已满，记录未保存，请清理空间后重试',
  en: 'Phone storage is full; the record was not saved. Free some space and try again.',
};

export class StorageFullError extends Error {
  override name = 'StorageFullError';
  readonly messageZh = STORAGE_FULL_MESSAGE.zh;
  readonly messageEn = STORAGE_FULL_MESSAGE.en;
  constructor(readonly cause?: unknown) {
    super(`${STORAGE_FULL_MESSAGE.zh} / ${STORAGE_FULL_MESSAGE.en}`);
  }
}

/** True for a quota error as IndexedDB raises it, or as Dexie wraps it (name or .inner). */
export function isQuotaError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const err = e as { name?: unknown; inner?: unknown; cause?: unknown; code?: unknown };
    if (err.name === 'QuotaExceededError' || err.code === 22) return true;
    e = err.inner ?? err.cause;
  }
  return false;
}

let mutationSchemas: typeof import('../../domain/sync/mutations') | null = null;
let loadingSchemas: Promise<typeof import('../../domain/sync/mutations')> | null = null;

/**
 * The mutations' zod schemas load after the first screen (data-layer.ts asks when idle), not with
 * it; a write before that waits for them.
 */
export function loadMutationSchemas(): Promise<typeof import('../../domain/sync/mutations')> {
  loadingSchemas ??= import('../../domain/sync/mutations').then((m) => (mutationSchemas = m));
  return loadingSchemas;
}

/**
 * Validate a mutation and, in one transaction, write its local row and its outbox entry.
 * Either both are stored or neither is.
 */
export async function enqueueMutation<N extends MutationName>(
  db: WindowDutyDb,
  name: N,
  args: MutationArgs<N>,
  user: Actor,
  now: Now = correctedNow,
): Promise<OutboxEntry> {
  // Dexie.waitFor: a caller's transaction (forwardAsLate) stays open while the schemas load.
  const { MUTATIONS, describeIssues } = mutationSchemas ?? (await Dexie.waitFor(loadMutationSchemas()));
  const schema = MUTATIONS[name];
  if (!schema) throw new InvalidMutationError(String(name), 'unknown mutation');
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new InvalidMutationError(name, describeIssues(parsed.error));
  const effect = LOCAL_EFFECTS[name];
  const entry: OutboxEntry = {
    id: newId(),
    name,
    userId: user.id,
    createdAt: deviceTime(now).toISOString(), // the device's own clock, as the envelope says
    args: parsed.data,
    state: 'pending',
    attempts: 0,
  };
  entry.rowKey = `${effect.table}:${effect.rowId(parsed.data as never)}`;
  const table = db.table(effect.table);
  // A leave change runs the domain's machine over what the phone knows (read in the same transaction).
  const leave = LEAVE_MUTATIONS.has(name);
  const tables = leave ? [...new Set([effect.table, ...LEAVE_SCENE_TABLES])].map((t) => db.table(t)) : [table];
  try {
    await db.transaction('rw', [...tables, db.outbox], async () => {
      // A new row (a record, a round) needs no read first; the row and the outbox entry are sent
      // together, so the transaction commits after one round trip to IndexedDB instead of three.
      const existing = effect.fresh ? undefined : await table.get(effect.rowId(parsed.data as never));
      const scene = leave ? await loadLeaveScene(db, user) : undefined;
      const row: Record<string, unknown> = { ...effect.row(parsed.data as never, user, existing as never, scene) };
      // Keep the server's version beside the change: a refusal restores it (issue 13 §6).
      const serverVersion = serverVersionBefore(existing);
      if (serverVersion) row.serverVersion = serverVersion;
      const [, seq] = await Promise.all([table.put(row), db.outbox.add(entry)]);
      entry.seq = seq;
    });
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(error);
    throw error;
  }
  notifyLocalWrite();
  return entry;
}

/**
 * Give up a rejected or stuck change: its outbox entry and its local row go (the server never
 * took it). Changes of the same row queued after a stuck one were held behind it; they are
 * released and sent in their order, and the server decides each (a change of a row that never
 * reached the server comes back refused, with its reason, and can be discarded in turn).
 */
export async function discardRejected(db: WindowDutyDb, entryId: string): Promise<void> {
  await db.transaction('rw', [db.outbox, db.meta, ...LOCAL_TABLES.map((t) => db.table(t))], async () => {
    const entry = await db.outbox.where('id').equals(entryId).first();
    if (!entry || (entry.state !== 'rejected' && entry.state !== 'stuck')) return;
    await db.outbox.where('id').equals(entryId).delete();
    const target = localTarget(entry);
    if (target) {
      const row = await db.table(target.table).get(target.rowId);
      // The row was put back to the server's version when refused: only the note of it goes.
      if (row?.refused && entry.state === 'rejected') {
        const others = await db.outbox
          .where('rowKey')
          .equals(`${target.table}:${target.rowId}`)
          .filter((e) => e.state === 'rejected')
          .count();
        if (others === 0) await db.table(target.table).update(target.rowId, { refused: undefined });
        return;
      }
      if (row && row.syncState !== 'synced') await db.table(target.table).delete(target.rowId);
      // A rejected change of a row the server has (a correction, a round's finish): the local row
      // held the change, so it goes, and the next pull starts over to bring the server's row back.
      if (!CREATES.has(entry.name)) await db.meta.put({ key: 'cursor', value: 0 });
    }
  });
}

/** Send a stuck change again: it goes back into the queue at its place (its seq). */
export async function retryStuck(db: WindowDutyDb, entryId: string): Promise<boolean> {
  return db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.where('id').equals(entryId).first();
    if (!entry || entry.state !== 'stuck' || entry.seq === undefined) return false;
    await db.outbox.update(entry.seq, { state: 'pending', stuck: undefined });
    return true;
  });
}

/** Mutations that create their row (a rejected one leaves nothing on the server to pull back). */
const CREATES = new Set<string>([
  'violation.record',
  'round.start',
  'violation.late_submit',
  'dispute.file',
  ...LEAVE_CREATES,
]);

/**
 * Delete outbox entries by seq. Runs of consecutive seqs go as one key-range delete each (a
 * 500-entry batch of one user is usually a single run): Dexie's bulkDelete issues one IndexedDB
 * request per key, which was the phone's largest cost while acknowledging a 10,000-entry backlog.
 * A run holds no seq outside the list, so nothing else is ever deleted.
 */
export async function deleteOutboxEntries(db: WindowDutyDb, seqs: number[]): Promise<void> {
  const sorted = [...seqs].sort((a, b) => a - b);
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]! + 1) continue;
    const from = sorted[start]!;
    const to = sorted[i - 1]!;
    if (from === to) await db.outbox.delete(from);
    else await db.outbox.where(':id').between(from, to, true, true).delete();
    start = i;
  }
}

/** Tables a replay of queued changes reads (a leave change's machine reads its scene). */
export const REPLAY_TABLES = [...new Set([...LOCAL_TABLES, ...LEAVE_SCENE_TABLES])];

/**
 * A queued change's local effect on a row, again (restoring a refused change's row replays the
 * rest). Runs in the caller's transaction, which holds REPLAY_TABLES.
 */
export async function replayLocalEffect(
  db: WindowDutyDb,
  entry: OutboxEntry,
  existing: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const effect = LOCAL_EFFECTS[entry.name];
  let scene: LeaveScene | undefined;
  if (LEAVE_MUTATIONS.has(entry.name)) {
    scene = await loadLeaveScene(db, { id: entry.userId });
    // The machine reads the row as it stands after the refusal, not the stored one.
    const id = effect.rowId(entry.args as never);
    const map = (
      effect.table === 'leaves' ? scene.leaves : effect.table === 'substitutes' ? scene.substitutes : scene.outings
    ) as Map<string, unknown>;
    map.set(id, existing);
  }
  return effect.row(entry.args as never, { id: entry.userId }, existing as never, scene) as unknown as Record<
    string,
    unknown
  >;
}
