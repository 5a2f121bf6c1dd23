import type { MutationResult, PullResponse } from '../../domain';
import { PULL_LIMIT_MAX, PUSH_BATCH_BYTES, PUSH_BATCH_MAX } from '../../domain/sync/limits';
import {
  ENTITY_TABLES,
  JOURNAL_DAYS,
  META,
  getMeta,
  getSyncMeta,
  type JournalEntry,
  type LocalViolation,
  type OutboxEntry,
  type StuckFailure,
  type WindowDutyDb,
} from '../db/database';
import {
  LOCAL_TABLES,
  REPLAY_TABLES,
  deleteOutboxEntries,
  localTarget,
  replayLocalEffect,
  retryStuck,
} from '../db/outbox';
import { refusalOf, restoreServerVersion } from '../db/shadow';
import { OfflineError, call, errorMessage, type ApiAnswer, type FetchFn } from '../http/client';
import { PhoneClock, clockSkewWarns } from './clock';
import { nextTask } from '../idle';
import { Transfers, type TransferQueue } from './transfers';
import { idleTransfers, type TransferKind, type TransfersState } from './transfer-status';

/**
 * The answers' zod schemas load with the first sync, not with the app (zod stays off the first
 * screen), a layer at a time with a turn of the event loop between: zod with the bounds, the
 * entities, then the protocol. Evaluated at once they were one task of ~25 ms on the bench's
 * machine (~100 ms on a phone four times slower), the longest after a signed-in home's first
 * paint; a tap in between is now answered. (Not import('zod') on its own: a dynamic import keeps
 * every export, locales and all, ~50 KiB more.) A load that fails (offline, not cached yet) is
 * tried again next time.
 */
let protocolLoading: Promise<typeof import('../../domain/sync/protocol')> | null = null;
const protocolSchemas = () =>
  (protocolLoading ??= (async () => {
    for (const layer of [() => import('../../domain/bounds'), () => import('../../domain/entities')]) {
      await layer();
      await nextTask();
    }
    return import('../../domain/sync/protocol');
  })().catch((error: unknown) => {
    protocolLoading = null;
    throw error;
  }));

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2000, factor: 2, capMs: 5 * 60 * 1000 };

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base·factor^(n−1))]. */
export function backoffDelay(failures: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, failures - 1));
  return Math.max(250, Math.round(random() * ceiling));
}

/**
 * A batch the server fails on this many times in a row (with the backoff between tries) is split
 * in halves to find the change that fails it; the rest is sent and that change is held as stuck.
 */
export const BISECT_AFTER_FAILURES = 3;

/** This many changes in a row failing alone, with nothing gone through, looks like a server failing on everything. */
export const SUSPECTS_IN_A_ROW = 3;
/** ... and this many, with the server answering pulls, as a server failing on every push. */
export const SUSPECT_RUN_MAX = 10;

/** lastError when the server could not be reached at all (offline, connection refused). */
export const NETWORK_UNREACHABLE = 'network_unreachable';

export type SyncReason = 'start' | 'online' | 'visible' | 'write' | 'timer' | 'retry' | 'login' | 'manual';

export type SyncResult =
  | { status: 'ok'; pushed: number; rejected: number; stuck: number; pulled: number }
  | { status: 'skipped'; reason: 'signed_out' | 'expired' | 'backoff' }
  | { status: 'expired' }
  | { status: 'retry'; error: string; delayMs: number }
  | { status: 'error'; error: string };

export interface EngineState {
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  clockSkewMs: number | null;
  /** The skew is over CLOCK_WARN_MS (2 minutes): the status bar asks to set the clock. */
  clockSkewLarge: boolean;
  failures: number;
  nextRetryAt: number | null;
  sessionExpired: boolean;
  /** The background transfers (photos, leave documents, ranking summaries): one status for all. */
  transfers: TransfersState;
}

export interface SyncEngineOptions {
  db: WindowDutyDb;
  fetch: FetchFn;
  clock?: Clock;
  /** The signed-in user; null when nobody is. */
  getUser: () => { id: string } | null;
  /** Called on 401: the session is gone; nothing is dropped. */
  onSessionExpired?: (code: string) => void;
  batchSize?: number;
  /** Rows asked for on the first pull page (default 1000). */
  pullLimit?: number;
  /** Pages grow up to this many rows while the server has more (default PULL_LIMIT_MAX). */
  pullLimitMax?: number;
  backoff?: BackoffPolicy;
  /** The clock user actions are stamped with; the engine keeps its offset (default: one on `clock`). */
  phoneClock?: PhoneClock;
  /** Replace a transfer queue (tests); the app's are DEFAULT_TRANSFER_QUEUES. */
  transferQueues?: Partial<Record<TransferKind, () => Promise<TransferQueue>>>;
  /**
   * Retention on pull (issue 14 §5): which pulled rows the phone keeps (asked once per pull);
   * a row it does not keep is not written (and an old copy of it goes). Default: every row.
   */
  keepOnPull?: () => Promise<PullKeep | null>;
  /**
   * Runs start-up work the first screen does not need (counting the transfer queues loads their
   * modules); the app passes afterFirstScreen so a cold start fetches less before the home shows.
   * Default: at once.
   */
  afterStart?: (work: () => void) => void;
}

/**
 * Whether a pulled change is kept on this phone (see SyncEngineOptions.keepOnPull); `since`, the
 * first month it keeps, is sent with the pull so the server leaves older rows out (issue 14 §5).
 */
export type PullKeep = ((change: PullResponse['changes'][number]) => boolean) & { since?: string };

/** How a push answer reads for the batch it answers. */
type Verdict =
  | { kind: 'results'; results: MutationResult[]; clockSkewMs: number | null; epoch?: string }
  /** A structural 400 that names one mutation: that one is refused, the others go again. */
  | { kind: 'named'; entry: OutboxEntry; reason: string }
  /** The server failed on the batch (5xx) or could not read it (400 naming nothing, 413). */
  | { kind: 'failed'; failure: Omit<StuckFailure, 'at'>; message: string }
  | { kind: 'later'; message: string }
  | { kind: 'error'; message: string };

/** A push or pull answer to try again later without blaming the batch (busy, timed out). */
const LATER_STATUSES = new Set([408, 429]);

/** Is this entry held behind a stuck change of the same row (rowKey → seq of the stuck one)? */
function heldBehind(entry: OutboxEntry, held: ReadonlyMap<string, number>): boolean {
  if (!entry.rowKey) return false;
  const stuckSeq = held.get(entry.rowKey);
  return stuckSeq !== undefined && (entry.seq ?? 0) > stuckSeq;
}

/** What a push sends of an outbox entry. */
function envelopeOf({ id, name, userId, createdAt, args }: OutboxEntry) {
  return { id, name, userId, createdAt, args };
}

const utf8 = new TextEncoder();

/**
 * The leading entries of a batch whose JSON stays within maxBytes (UTF-8), at least one: the
 * server's body limit must never refuse a batch for its size alone (a refused batch is split
 * anyway, but that costs round trips). One entry alone is within the limit by its schema's bounds.
 */
export function withinBytes(batch: OutboxEntry[], maxBytes: number): OutboxEntry[] {
  let bytes = 0;
  for (let i = 0; i < batch.length; i++) {
    bytes += utf8.encode(JSON.stringify(envelopeOf(batch[i]!))).length + 1; // + the comma
    if (bytes > maxBytes && i > 0) return batch.slice(0, i);
  }
  return batch;
}

/** A server answer that says "try again later" (5xx) as opposed to a decision. */
class RetryLater extends Error {
  override name = 'RetryLater';
}
class SessionGone extends Error {
  override name = 'SessionGone';
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Which of these "table:rowId" keys still have an entry in the outbox. One key-only index lookup
 * per key, issued together: in Chromium that is ~10× faster than Dexie's anyOf over a large outbox.
 */
async function queuedRowKeys(db: WindowDutyDb, keys: string[]): Promise<Set<string>> {
  if ((await db.outbox.count()) === 0) return new Set(); // the usual case on a pull: nothing queued
  const unique = [...new Set(keys)];
  const hits = await Promise.all(unique.map((key) => db.outbox.where('rowKey').equals(key).primaryKeys()));
  return new Set(unique.filter((_, i) => hits[i]!.length > 0));
}

/** Of the queued row keys, those with a change still to send (pending or stuck, not only refused ones). */
async function waitingRowKeys(db: WindowDutyDb, queued: Set<string>): Promise<Set<string>> {
  if (queued.size === 0) return queued;
  const keys = [...queued];
  const waiting = await Promise.all(
    keys.map((key) =>
      db.outbox
        .where('rowKey')
        .equals(key)
        .filter((e) => e.state !== 'rejected')
        .count(),
    ),
  );
  return new Set(keys.filter((_, i) => waiting[i]! > 0));
}

/** The server answered with a new data epoch: it was restored from a backup (see checkEpoch). */
class ServerRestored extends Error {}

/**
 * After a server restore: every journalled mutation (acknowledged in the last JOURNAL_DAYS) goes
 * back into the outbox, in its first order, unless it is queued still; the cursor goes to 0 and the
 * new epoch is noted, in one transaction. The server answers the mutations it still has from its
 * exactly-once log and applies the ones the backup missed, once each.
 */
export async function replayJournal(db: WindowDutyDb, epoch: string): Promise<number> {
  return db.transaction('rw', [db.journal, db.outbox, db.meta], async () => {
    const entries = (await db.journal.toArray()).sort((a, b) => a.outboxSeq - b.outboxSeq);
    const queued = new Set(
      (
        await db.outbox
          .where('id')
          .anyOf(entries.map((e) => e.id))
          .toArray()
      ).map((e) => e.id),
    );
    const again = entries.filter((e) => !queued.has(e.id));
    await db.outbox.bulkAdd(
      again.map(({ id, name, userId, createdAt, args }) => {
        const target = localTarget({ name, args });
        return {
          id,
          name,
          userId,
          createdAt,
          args,
          state: 'pending' as const,
          attempts: 0,
          ...(target ? { rowKey: `${target.table}:${target.rowId}` } : {}),
        };
      }),
    );
    await db.meta.bulkPut([
      { key: META.cursor, value: 0 },
      { key: META.epoch, value: epoch },
    ]);
    return again.length;
  });
}

/** Forget acknowledgements older than JOURNAL_DAYS. */
export async function pruneJournal(db: WindowDutyDb, now: number): Promise<void> {
  const cutoff = new Date(now - JOURNAL_DAYS * 86_400_000).toISOString();
  await db.journal.where('ackedAt').below(cutoff).delete();
}

/** Upserts and deletes of one pull page, with the cursor, in one transaction. */
export async function applyPullPage(db: WindowDutyDb, page: PullResponse, keep?: PullKeep | null): Promise<number> {
  const tables = ENTITY_TABLES.map((name) => db.table(name));
  let applied = 0;
  await db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
    const queuedKeys = await queuedRowKeys(
      db,
      page.changes.map((change) => `${change.entity}:${change.id}`),
    );
    // A row whose only queued changes were refused shows the server's version: the pull updates
    // it and keeps the note of the refusal. Rows with changes still to send are held.
    const held = await waitingRowKeys(db, queuedKeys);
    // Group the page per table so each table takes one bulkPut and one bulkDelete.
    const puts = new Map<string, Record<string, unknown>[]>();
    const deletes = new Map<string, string[]>();
    for (const change of page.changes) {
      const table = db.table(change.entity);
      if (held.has(`${change.entity}:${change.id}`)) {
        // A local change still waits for the server: keep it, only fill in server-only fields,
        // and keep the server's version beside it current (a refusal restores that one).
        if (change.op === 'upsert' && change.data && (LOCAL_TABLES as readonly string[]).includes(change.entity)) {
          const local = (await table.get(change.id)) as { serverVersion?: unknown } | undefined;
          if (local?.serverVersion) await table.update(change.id, { serverVersion: { ...change.data, id: change.id } });
        }
        if (change.op === 'upsert' && change.data && change.entity === 'violations') {
          const local = (await table.get(change.id)) as LocalViolation | undefined;
          if (local) {
            const extra: Partial<LocalViolation> = {};
            const data = change.data as Partial<LocalViolation>;
            for (const key of ['recordedByName', 'serverReceivedAt', 'clockSkewMs', 'status'] as const) {
              if (local[key] === undefined && data[key] !== undefined) Object.assign(extra, { [key]: data[key] });
            }
            if (Object.keys(extra).length) await table.update(change.id, extra);
          }
        }
        continue;
      }
      // Deletes run before puts, so a later change of the same row in this page must win here.
      // A row the phone does not keep (retention, issue 14 §5) goes as a delete does.
      if (change.op === 'delete' || (keep && change.data && !keep(change))) {
        const queued = puts.get(change.entity);
        if (queued)
          puts.set(
            change.entity,
            queued.filter((row) => row.id !== change.id),
          );
        const ids = deletes.get(change.entity) ?? [];
        ids.push(change.id);
        deletes.set(change.entity, ids);
      } else if (change.data) {
        const row: Record<string, unknown> = { ...change.data, id: change.id };
        // Tables phones also write locally (violations, rounds, disputes) track their sync state.
        if ((LOCAL_TABLES as readonly string[]).includes(change.entity)) {
          row.syncState = 'synced';
          if (queuedKeys.has(`${change.entity}:${change.id}`)) {
            const refused = refusalOf(await table.get(change.id));
            if (refused) row.refused = refused;
          }
        }
        const queued = puts.get(change.entity) ?? [];
        queued.push(row);
        puts.set(change.entity, queued);
      }
      applied++;
    }
    for (const [entity, ids] of deletes) await db.table(entity).bulkDelete(ids);
    for (const [entity, rows] of puts) await db.table(entity).bulkPut(rows);
    await db.meta.put({ key: META.cursor, value: page.cursor });
  });
  return applied;
}

/**
 * When another user signs in on this phone: drop what was pulled for the previous user and
 * start the cursor again, but keep every outbox entry and the local rows they stand for.
 * Returns true when something was reset.
 */
export async function prepareForUser(db: WindowDutyDb, userId: string): Promise<boolean> {
  const tables = ENTITY_TABLES.map((name) => db.table(name));
  return db.transaction('rw', [...tables, db.outbox, db.meta, db.leave_files, db.dispute_files], async () => {
    const current = (await db.meta.get(META.dataUserId))?.value;
    if (current === userId) return false;
    await Promise.all([
      db.floors.clear(),
      db.windows.clear(),
      db.staff.clear(),
      db.schemes.clear(),
      db.duty_roster.clear(),
    ]);
    const keep = new Set<string>();
    for (const entry of await db.outbox.toArray()) {
      const target = localTarget(entry);
      if (target) keep.add(`${target.table}:${target.rowId}`);
    }
    await db.violations.filter((v) => !keep.has(`violations:${v.id}`)).delete();
    await db.rounds.filter((r) => !keep.has(`rounds:${r.id}`)).delete();
    // Leave rows carry private reasons and certificates: nothing of the previous user's scope stays.
    await db.leaves.filter((r) => !keep.has(`leaves:${r.id}`)).delete();
    await db.substitutes.filter((r) => !keep.has(`substitutes:${r.id}`)).delete();
    await db.outings.filter((r) => !keep.has(`outings:${r.id}`)).delete();
    // Disputes are scoped to a window head's window: another user must not see them.
    await db.disputes.filter((d) => !keep.has(`disputes:${d.id}`)).delete();
    // Medical certificates already on the server (or refused) go too; those still to upload wait for their owner.
    await db.leave_files.where('uploaded').anyOf([1, 2]).delete();
    await db.dispute_files.where('uploaded').anyOf([1, 2]).delete();
    await db.meta.bulkPut([
      { key: META.cursor, value: 0 },
      { key: META.dataUserId, value: userId },
      { key: META.lastSyncAt, value: null },
    ]);
    return true;
  });
}

/** Finds the mutation a structural 400 names: by id anywhere in the body, or by path index. */
function namedMutation(body: unknown, batch: OutboxEntry[]): OutboxEntry | undefined {
  const text = JSON.stringify(body ?? '');
  const byId = batch.find((entry) => text.includes(entry.id));
  if (byId) return byId;
  const details = (body as { details?: unknown } | null)?.details;
  const issues = Array.isArray(details)
    ? details
    : Array.isArray((details as { issues?: unknown })?.issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  for (const issue of issues) {
    const path = (issue as { path?: unknown })?.path;
    if (Array.isArray(path) && path[0] === 'mutations' && typeof path[1] === 'number') {
      const entry = batch[path[1]];
      if (entry) return entry;
    }
  }
  return batch.length === 1 ? batch[0] : undefined;
}

function describeBody(body: unknown, status: number): string {
  const message = errorMessage(body);
  const details = (body as { details?: unknown } | null)?.details;
  const extra =
    details === undefined ? '' : ` (${typeof details === 'string' ? details : JSON.stringify(details).slice(0, 300)})`;
  return (message ?? `HTTP ${status}`) + extra;
}

export class SyncEngine {
  private readonly db: WindowDutyDb;
  private readonly fetchFn: FetchFn;
  private readonly clock: Clock;
  private readonly opts: SyncEngineOptions;
  private readonly batchSize: number;
  private readonly pullLimit: number;
  private readonly pullLimitMax: number;
  /** The clock user actions are stamped with (its offset is the last measured skew). */
  readonly phoneClock: PhoneClock;
  /** Failures in a row of the batch that starts at this queue position (see BISECT_AFTER_FAILURES). */
  private batchFailures: { seq: number; count: number } | null = null;
  /** A push of this sync measured the skew (the server's own measure; the pull's is the fallback). */
  private skewNoted = false;
  private running: Promise<SyncResult> | null = null;
  /** Rows whose changes the server applied, not yet marked synced (table → ids); see settleAcknowledged. */
  private readonly acknowledged = new Map<string, Set<string>>();
  private again = false;
  private retryHandle: unknown = null;
  private listeners = new Set<(state: EngineState) => void>();
  private _state: EngineState = {
    running: false,
    lastSyncAt: null,
    lastError: null,
    clockSkewMs: null,
    clockSkewLarge: false,
    failures: 0,
    nextRetryAt: null,
    sessionExpired: false,
    transfers: idleTransfers(),
  };

  /**
   * Every background transfer is the engine's (issue 12 §7): they run after each sync that went
   * through, retry with the same backoff when offline or the server fails, and their status is
   * part of the engine's state.
   */
  readonly transfers: Transfers;

  constructor(opts: SyncEngineOptions) {
    this.opts = opts;
    this.db = opts.db;
    this.fetchFn = opts.fetch;
    this.clock = opts.clock ?? systemClock;
    this.phoneClock = opts.phoneClock ?? new PhoneClock(() => this.clock.now());
    this.batchSize = Math.min(PUSH_BATCH_MAX, Math.max(1, opts.batchSize ?? PUSH_BATCH_MAX));
    this.pullLimit = opts.pullLimit ?? 1000;
    this.pullLimitMax = Math.max(this.pullLimit, Math.min(PULL_LIMIT_MAX, opts.pullLimitMax ?? PULL_LIMIT_MAX));
    this.transfers = new Transfers({
      db: opts.db,
      fetch: opts.fetch,
      setTimeout: (fn, ms) => this.clock.setTimeout(fn, ms),
      clearTimeout: (handle) => this.clock.clearTimeout(handle),
      now: () => this.clock.now(),
      delay: (failures) => backoffDelay(failures, () => this.clock.random(), this.opts.backoff),
      ...(opts.transferQueues ? { queues: opts.transferQueues } : {}),
      onChange: (transfers) => this.set({ transfers }),
    });
  }

  get state(): EngineState {
    return this._state;
  }

  subscribe(listener: (state: EngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<EngineState>): void {
    this._state = { ...this._state, ...patch };
    for (const listener of this.listeners) listener(this._state);
  }

  /** Load the last sync time and skew kept on the phone (for the status bar after a restart). */
  async restore(): Promise<void> {
    const { lastSyncAt, clockSkewMs } = await getSyncMeta(this.db);
    // The offset of the last sync holds after a restart and offline: actions stay corrected.
    this.phoneClock.setSkew(clockSkewMs);
    this.set({ lastSyncAt, clockSkewMs, clockSkewLarge: clockSkewWarns(clockSkewMs) });
    // What waits to be uploaded shows from the start (once the first screen is up), offline too.
    (this.opts.afterStart ?? ((work) => work()))(() => void this.transfers.refresh());
  }

  /** A measured server − device offset: kept on the phone, applied to the action clock, shown. */
  private async noteSkew(skewMs: number): Promise<void> {
    if (!Number.isFinite(skewMs)) return;
    this.skewNoted = true;
    const skew = Math.round(skewMs);
    this.phoneClock.setSkew(skew);
    await this.db.meta.put({ key: META.clockSkewMs, value: skew });
    this.set({ clockSkewMs: skew, clockSkewLarge: clockSkewWarns(skew) });
  }

  /**
   * Send a stuck change again, alone and at once (the user's "try again"). Applied or refused,
   * it leaves the stuck list and a sync sends what waited behind it; if the server still fails
   * on it (or cannot be reached), it stays stuck and the answer says so.
   */
  async retryStuck(entryId: string): Promise<SyncResult> {
    const user = this.opts.getUser();
    const entry = await this.db.outbox.where('id').equals(entryId).first();
    if (!user || !entry || entry.state !== 'stuck' || entry.userId !== user.id)
      return { status: 'skipped', reason: 'signed_out' };
    try {
      const verdict = await this.judge(await this.sendBatch([entry]), [entry]);
      if (verdict.kind === 'results' || verdict.kind === 'named') {
        await retryStuck(this.db, entryId); // back to pending, then settled by the answer
        if (verdict.kind === 'results') await this.settleBatch([entry], verdict);
        else await this.refuse(entry, verdict.reason);
        await this.settleAcknowledged().catch(() => {});
        return this.sync('manual');
      }
      const failure =
        verdict.kind === 'failed'
          ? verdict.failure
          : { kind: 'server_error' as const, status: 0, detail: verdict.message };
      if (entry.seq !== undefined) await this.markStuck(entry, failure, new Map());
      return { status: 'error', error: verdict.message };
    } catch (error) {
      // The answer came from a restored server: the journal is queued again; a sync sends it.
      if (error instanceof ServerRestored) return this.sync('manual');
      if (error instanceof SessionGone) return this.sessionGone(error);
      const message = error instanceof Error ? error.message : String(error);
      return { status: 'error', error: error instanceof OfflineError ? NETWORK_UNREACHABLE : message };
    }
  }

  /** A 401: the session is gone; sync stops until the next sign-in, and nothing queued is dropped. */
  private sessionGone(error: SessionGone): SyncResult {
    this.stop();
    this.set({ sessionExpired: true, lastError: null });
    this.opts.onSessionExpired?.(error.code);
    return { status: 'expired' };
  }

  /** After a new sign-in: sync may run again. */
  resume(): void {
    this.set({ sessionExpired: false, lastError: null });
  }

  /** Stop timers (sign-out, tests). */
  stop(): void {
    if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
    this.retryHandle = null;
    this.transfers.stop();
    this.set({ nextRetryAt: null });
  }

  /**
   * Run a sync now (one at a time: a request during a sync makes it run once more afterwards).
   * Write and timer triggers respect the backoff; the others (online, visible, manual) do not.
   */
  sync(reason: SyncReason = 'manual'): Promise<SyncResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this._state.sessionExpired) return Promise.resolve({ status: 'skipped', reason: 'expired' });
    if (
      (reason === 'write' || reason === 'timer') &&
      this._state.nextRetryAt !== null &&
      this.clock.now() < this._state.nextRetryAt
    ) {
      return Promise.resolve({ status: 'skipped', reason: 'backoff' });
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      this.set({ running: false });
    });
    return this.running;
  }

  private async loop(): Promise<SyncResult> {
    this.set({ running: true });
    let result: SyncResult;
    do {
      this.again = false;
      result = await this.runOnce();
    } while (this.again && result.status === 'ok');
    return result;
  }

  private async runOnce(): Promise<SyncResult> {
    const user = this.opts.getUser();
    if (!user) return { status: 'skipped', reason: 'signed_out' };
    try {
      await prepareForUser(this.db, user.id);
      this.skewNoted = false;
      let pushed: number, rejected: number, stuck: number, pulled: number;
      try {
        try {
          ({ pushed, rejected, stuck } = await this.push(user.id));
          pulled = await this.pull();
        } catch (error) {
          if (!(error instanceof ServerRestored)) throw error;
          // The journal is back in the outbox and the cursor at 0: send and pull again, once.
          ({ pushed, rejected, stuck } = await this.push(user.id));
          pulled = await this.pull();
        }
      } finally {
        await this.settleAcknowledged().catch(() => {}); // kept for the next sync if it fails
      }
      await pruneJournal(this.db, this.clock.now());
      // On the corrected clock (the skew was just measured): a phone months off showed its own
      // day as "last synced", and the rankings' "data as of" with it (issue 11 §8).
      const at = this.phoneClock.now().toISOString();
      await this.db.meta.put({ key: META.lastSyncAt, value: at });
      if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
      this.retryHandle = null;
      this.set({ lastSyncAt: at, lastError: null, failures: 0, nextRetryAt: null });
      // The changes the uploads wait for are on the server now: the transfers go (not awaited: a
      // sync does not wait for photos; they report through the state).
      void this.transfers.run();
      return { status: 'ok', pushed, rejected, stuck, pulled };
    } catch (error) {
      if (error instanceof SessionGone) return this.sessionGone(error);
      void this.transfers.refresh(); // a photo taken offline shows as waiting
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof OfflineError || error instanceof RetryLater) {
        const failures = this._state.failures + 1;
        const delayMs = backoffDelay(failures, () => this.clock.random(), this.opts.backoff);
        if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
        this.retryHandle = this.clock.setTimeout(() => {
          this.retryHandle = null;
          void this.sync('retry');
        }, delayMs);
        // A phone out of reach of the server is normal: the status bar words it, not the raw error.
        this.set({
          failures,
          nextRetryAt: this.clock.now() + delayMs,
          lastError: error instanceof OfflineError ? NETWORK_UNREACHABLE : message,
        });
        return { status: 'retry', error: message, delayMs };
      }
      this.set({ lastError: message });
      return { status: 'error', error: message };
    }
  }

  /** Push this user's pending outbox entries in seq order, in batches. */
  private async push(userId: string): Promise<{ pushed: number; rejected: number; stuck: number }> {
    const totals = { pushed: 0, rejected: 0, stuck: 0 };
    const held = await this.stuckRows(userId);
    // The next batch may already be on its way (sent while the previous answers were written).
    let ahead: { batch: OutboxEntry[]; answer: ReturnType<typeof call> } | null = null;
    for (let round = 0; round < 10_000; round++) {
      const batch = ahead?.batch ?? (await this.pendingBatch(userId, 0, this.batchSize, 0, held));
      if (batch.length === 0) break;
      const answering = ahead?.answer ?? this.sendBatch(batch);
      ahead = null;
      // While the server works on this batch, read the one after it (entries are append-only,
      // so what is read now is what would be read after the answer): the next batch then leaves
      // as soon as this answer is in, and the server never waits on IndexedDB.
      const reading = this.pendingBatch(userId, batch.at(-1)?.seq ?? 0, this.batchSize, batch.length, held);
      reading.catch(() => {}); // awaited below when the answer is usable
      const verdict = await this.judge(await answering, batch);
      if (verdict.kind === 'results') {
        this.batchFailures = null;
        // Send the next batch now, so the server works on it while these answers are written.
        // The server has answered this batch already, so it still sees the mutations in order.
        const following = await reading;
        if (following.length) {
          ahead = { batch: following, answer: this.sendBatch(following) };
          ahead.answer.catch(() => {}); // awaited on the next turn
        }
        const outcome = await this.settleBatch(batch, verdict);
        totals.pushed += outcome.applied;
        totals.rejected += outcome.rejected;
        if (outcome.applied + outcome.rejected === 0) break; // no progress: try again next sync
        continue;
      }
      if (verdict.kind === 'named') {
        await this.refuse(verdict.entry, verdict.reason);
        totals.rejected++;
        continue;
      }
      if (verdict.kind === 'failed') {
        // A batch the server cannot read fails the same way every time: split it at once. A
        // server error may pass (a restart, a lost database connection): the batch is tried
        // again with backoff, and split only when it fails BISECT_AFTER_FAILURES times in a row.
        const head = batch[0]!.seq ?? 0;
        const count = this.batchFailures?.seq === head ? this.batchFailures.count + 1 : 1;
        this.batchFailures = { seq: head, count };
        if (verdict.failure.kind === 'refused' || count >= BISECT_AFTER_FAILURES) {
          // Counted afresh after a split, also one that found the server failing on everything:
          // the next split comes after as many plain retries again.
          this.batchFailures = null;
          const outcome = await this.isolate(batch, verdict.failure, held);
          totals.pushed += outcome.applied;
          totals.rejected += outcome.rejected;
          totals.stuck += outcome.stuck;
          continue;
        }
        throw new RetryLater(verdict.message);
      }
      if (verdict.kind === 'later') throw new RetryLater(verdict.message);
      throw new Error(verdict.message);
    }
    return totals;
  }

  /**
   * Split a batch the server fails on as a whole, half by half, until the change that fails it
   * is alone: that one is held as stuck, everything else is sent (in queue order). A change of
   * the same row queued after a stuck one is held behind it and not sent: it was made on top of
   * the stuck change (a round's finish after its start, a correction after the record), and
   * sending it first would apply the row's changes out of order on the server. Changes of other
   * rows go on; one that refers to the stuck row (a dispute of a stuck record) is answered by the
   * server as usual, refused with its reason if the row is not there.
   *
   * A change that fails alone is only a suspect until the server is shown to work: a later part
   * of the batch goes through, or else a one-row pull answers. A server failing on everything
   * (its database down) must not turn the whole queue stuck: when SUSPECTS_IN_A_ROW changes in a
   * row fail alone with nothing gone through, a pull asks whether the server answers at all, and
   * after SUSPECT_RUN_MAX in a row it is taken as failing on every push. Then nothing is held and
   * the sync is tried again later. (Longer runs of poisoned changes at the head of the queue wait
   * for the server's fix; each run costs a few requests, not one per queued change.)
   */
  private async isolate(
    batch: OutboxEntry[],
    failure: Omit<StuckFailure, 'at'>,
    held: Map<string, number>,
  ): Promise<{ applied: number; rejected: number; stuck: number }> {
    const totals = { applied: 0, rejected: 0, stuck: 0 };
    const suspects: { entry: OutboxEntry; failure: Omit<StuckFailure, 'at'>; answeredAfter: boolean }[] = [];
    const holding = new Map(held); // suspects hold their row here until they are confirmed
    let answered = false;
    let inARow = 0;
    let everything = false; // the server seems to fail on every change
    const wentThrough = () => {
      answered = true;
      inARow = 0;
      for (const suspect of suspects) suspect.answeredAfter = true;
    };
    // Parts still to settle, in queue order; the first is the batch known to fail.
    const parts: { entries: OutboxEntry[]; failed?: Omit<StuckFailure, 'at'> }[] = [
      { entries: batch, failed: failure },
    ];
    while (parts.length > 0) {
      const next = parts.shift()!;
      const part = next.entries.filter((entry) => !heldBehind(entry, holding));
      if (part.length === 0) continue;
      let failed = next.failed;
      if (!failed) {
        const verdict = await this.judge(await this.sendBatch(part), part);
        if (verdict.kind === 'results') {
          const outcome = await this.settleBatch(part, verdict);
          totals.applied += outcome.applied;
          totals.rejected += outcome.rejected;
          wentThrough();
          continue;
        }
        if (verdict.kind === 'named') {
          await this.refuse(verdict.entry, verdict.reason);
          totals.rejected++;
          wentThrough();
          parts.unshift({ entries: part.filter((entry) => entry !== verdict.entry) });
          continue;
        }
        // Busy or an unexpected answer: stop here; what is not settled stays pending.
        if (verdict.kind === 'later') throw new RetryLater(verdict.message);
        if (verdict.kind === 'error') throw new Error(verdict.message);
        failed = verdict.failure;
      }
      if (part.length > 1) {
        const middle = Math.ceil(part.length / 2);
        parts.unshift({ entries: part.slice(0, middle) }, { entries: part.slice(middle) });
        continue;
      }
      const entry = part[0]!;
      suspects.push({ entry, failure: failed, answeredAfter: false });
      if (entry.rowKey && entry.seq !== undefined && !holding.has(entry.rowKey)) holding.set(entry.rowKey, entry.seq);
      inARow++;
      if (!answered && ((inARow === SUSPECTS_IN_A_ROW && !(await this.serverAnswers())) || inARow >= SUSPECT_RUN_MAX)) {
        everything = true;
        break;
      }
    }
    // Confirmed: a push went through after the suspect failed. The others only if the server
    // answers now (a queue of poisoned changes alone, the last ones of a batch).
    const confirmed = suspects.filter((suspect) => suspect.answeredAfter);
    const unconfirmed = suspects.length - confirmed.length;
    const all = unconfirmed > 0 && !everything && (await this.serverAnswers());
    for (const suspect of all ? suspects : confirmed) {
      await this.markStuck(suspect.entry, suspect.failure, held);
      totals.stuck++;
    }
    if (!all && unconfirmed > 0) throw new RetryLater(failure.detail ?? `HTTP ${failure.status}`);
    return totals;
  }

  /** Does the server answer at all right now? (A one-row pull; its rows are not used.) */
  private async serverAnswers(): Promise<boolean> {
    const cursor = (await getMeta<number>(this.db, META.cursor)) ?? 0;
    const answer = await call(this.fetchFn, `/api/sync/pull?cursor=${cursor}&limit=1`);
    if (answer.status === 401)
      throw new SessionGone((answer.body as { error?: string } | null)?.error ?? 'unauthenticated');
    return answer.ok;
  }

  /**
   * What a push answer means for its batch. Only a server error (5xx) or a batch the server
   * could not read counts against the batch; being offline (an OfflineError, thrown by call) or
   * signed out (401) never does.
   */
  private async judge(answer: ApiAnswer, batch: OutboxEntry[]): Promise<Verdict> {
    if (answer.status === 401)
      throw new SessionGone((answer.body as { error?: string } | null)?.error ?? 'unauthenticated');
    const message = describeBody(answer.body, answer.status);
    if (answer.status >= 500)
      return { kind: 'failed', failure: { kind: 'server_error', status: answer.status, detail: message }, message };
    if (LATER_STATUSES.has(answer.status)) return { kind: 'later', message };
    const { PushResponseSchema } = await protocolSchemas();
    const parsed = PushResponseSchema.safeParse(answer.body);
    const results = parsed.success
      ? parsed.data.results
      : Array.isArray((answer.body as { results?: unknown } | null)?.results)
        ? ((answer.body as { results: unknown[] }).results.filter(
            (r) => PushResponseSchema.shape.results.element.safeParse(r).success,
          ) as MutationResult[])
        : null;
    if (results) {
      return {
        kind: 'results',
        results,
        clockSkewMs: parsed.success ? parsed.data.clockSkewMs : null,
        epoch: parsed.success ? parsed.data.epoch : undefined,
      };
    }
    if (answer.status === 400) {
      const named = namedMutation(answer.body, batch);
      if (named) return { kind: 'named', entry: named, reason: message };
      return { kind: 'failed', failure: { kind: 'refused', status: 400, detail: message }, message };
    }
    if (answer.status === 413)
      return { kind: 'failed', failure: { kind: 'refused', status: 413, detail: message }, message };
    return { kind: 'error', message };
  }

  private async settleBatch(batch: OutboxEntry[], verdict: Extract<Verdict, { kind: 'results' }>) {
    if (verdict.clockSkewMs !== null) await this.noteSkew(verdict.clockSkewMs);
    const outcome = await this.applyResults(batch, verdict.results);
    await this.checkEpoch(verdict.epoch); // after the answers are kept: a restored server throws ServerRestored
    return outcome;
  }

  private async refuse(entry: OutboxEntry, reason: string): Promise<void> {
    await this.applyResults([entry], [{ id: entry.id, status: 'rejected', code: 'invalid', reason }]);
  }

  /** Hold one entry as stuck: not sent again until the user tries it again or discards it. */
  private async markStuck(
    entry: OutboxEntry,
    failure: Omit<StuckFailure, 'at'>,
    held: Map<string, number>,
  ): Promise<void> {
    if (entry.seq === undefined) return;
    const detail = failure.detail?.slice(0, 500);
    const stuck: StuckFailure = {
      kind: failure.kind,
      status: failure.status,
      at: new Date(this.clock.now()).toISOString(),
      ...(detail ? { detail } : {}),
    };
    await this.db.outbox.update(entry.seq, { state: 'stuck', stuck, attempts: entry.attempts + 1 });
    if (entry.rowKey && !held.has(entry.rowKey)) held.set(entry.rowKey, entry.seq);
  }

  /** Rows with a stuck change of this user: rowKey → the stuck entry's seq (the earliest one). */
  private async stuckRows(userId: string): Promise<Map<string, number>> {
    const stuck = await this.db.outbox.where('[userId+state]').equals([userId, 'stuck']).toArray();
    const held = new Map<string, number>();
    for (const entry of stuck.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
      if (entry.rowKey && entry.seq !== undefined && !held.has(entry.rowKey)) held.set(entry.rowKey, entry.seq);
    }
    return held;
  }

  /**
   * Pending entries of this user after queue position afterSeq, oldest first. An index lists equal
   * keys in primary-key order, so the [userId+state] index gives them in seq order; reading with a
   * plain limit is one getAll. (A Dexie .filter() would walk a cursor, one IndexedDB round trip per
   * entry: 20,000 of them for a 10,000-entry backlog.) The entries at or before afterSeq still
   * pending are the batch in flight, at most `skip` of them.
   */
  private async pendingBatch(
    userId: string,
    afterSeq: number,
    size: number,
    skip = 0,
    held: ReadonlyMap<string, number> = new Map(),
  ): Promise<OutboxEntry[]> {
    // Entries held behind a stuck change are passed over: read more (still one getAll, not a
    // cursor walk) until enough are left or the queue is read to its end.
    for (let want = size + skip; ; want *= 2) {
      const read = await this.db.outbox.where('[userId+state]').equals([userId, 'pending']).limit(want).toArray();
      const batch = read
        .filter((entry) => (entry.seq ?? 0) > afterSeq && !heldBehind(entry, held))
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
        .slice(0, size);
      if (batch.length >= size || read.length < want) return withinBytes(batch, PUSH_BATCH_BYTES);
    }
  }

  private sendBatch(batch: OutboxEntry[]) {
    return call(this.fetchFn, '/api/sync/push', {
      method: 'POST',
      body: JSON.stringify({ deviceNow: new Date(this.clock.now()).toISOString(), mutations: batch.map(envelopeOf) }),
    });
  }

  /**
   * Apply the server's answers for one batch in one transaction, with bulk reads and writes: a
   * phone that was offline all day may hold thousands of entries, so nothing here goes row by row
   * on the happy path.
   */
  private async applyResults(
    batch: OutboxEntry[],
    results: MutationResult[],
  ): Promise<{ applied: number; rejected: number }> {
    const byId = new Map(batch.map((entry) => [entry.id, entry]));
    let applied = 0;
    let rejected = 0;
    const ackedAt = new Date(this.clock.now()).toISOString();
    await this.db.transaction(
      'rw',
      [this.db.outbox, this.db.journal, ...REPLAY_TABLES.map((t) => this.db.table(t))],
      async () => {
        const appliedSeqs: number[] = [];
        const journal: JournalEntry[] = [];
        const appliedRows = new Map<string, Set<string>>(); // table → row ids now acknowledged
        for (const result of results) {
          const entry = byId.get(result.id);
          if (!entry || entry.seq === undefined) continue;
          byId.delete(result.id);
          const target = localTarget(entry);
          if (result.status === 'applied') {
            appliedSeqs.push(entry.seq);
            journal.push({
              id: entry.id,
              name: entry.name,
              userId: entry.userId,
              createdAt: entry.createdAt,
              args: entry.args,
              outboxSeq: entry.seq,
              ackedAt,
            });
            if (target) {
              const ids = appliedRows.get(target.table) ?? new Set<string>();
              ids.add(target.rowId);
              appliedRows.set(target.table, ids);
            }
            applied++;
          } else {
            await this.db.outbox.update(entry.seq, {
              state: 'rejected',
              code: result.code,
              reason: result.reason,
              attempts: entry.attempts + 1,
            });
            const refusal = { code: result.code, reason: result.reason };
            const restored = target
              ? await restoreServerVersion(this.db, entry, target.table, target.rowId, refusal, replayLocalEffect)
              : false;
            if (target && !restored)
              await this.db.table(target.table).update(target.rowId, {
                syncState: 'rejected',
                rejectionCode: result.code,
                rejectionReason: result.reason,
              });
            rejected++;
          }
        }
        // Acknowledging is only the delete: the pull that follows brings the rows back from the
        // server (marked synced), and settleAcknowledged marks whatever it did not. Rewriting every
        // row here as well doubled the IndexedDB work of a large upload.
        await deleteOutboxEntries(this.db, appliedSeqs);
        if (journal.length) await this.db.journal.bulkPut(journal);
        for (const [table, ids] of appliedRows) {
          const known = this.acknowledged.get(table) ?? new Set<string>();
          for (const id of ids) known.add(id);
          this.acknowledged.set(table, known);
        }
        for (const entry of byId.values()) {
          if (entry.seq !== undefined) await this.db.outbox.update(entry.seq, { attempts: entry.attempts + 1 });
        }
      },
    );
    return { applied, rejected };
  }

  /**
   * Mark synced the acknowledged rows still showing pending (the pull normally did it already),
   * unless another change of the row still waits in the outbox (a round finished offline, an edit).
   */
  private async settleAcknowledged(): Promise<void> {
    if (this.acknowledged.size === 0) return;
    const tables = [...this.acknowledged].map(([table, ids]): [string, string[]] => [table, [...ids]]);
    await this.db.transaction('rw', [this.db.outbox, ...LOCAL_TABLES.map((t) => this.db.table(t))], async () => {
      // Refused changes left in the outbox do not hold a row: it shows the server's version.
      const stillQueued = await waitingRowKeys(
        this.db,
        await queuedRowKeys(
          this.db,
          tables.flatMap(([table, ids]) => ids.map((id) => `${table}:${id}`)),
        ),
      );
      for (const [table, ids] of tables) {
        const rows = (await this.db.table(table).bulkGet(ids)) as (Record<string, unknown> | undefined)[];
        const pending = rows.filter(
          (row): row is Record<string, unknown> =>
            !!row && row.syncState === 'pending' && !stillQueued.has(`${table}:${String(row.id)}`),
        );
        if (pending.length) {
          await this.db.table(table).bulkPut(
            pending.map(({ serverVersion: _kept, ...row }) => ({
              ...row,
              syncState: 'synced',
              rejectionCode: undefined,
              rejectionReason: undefined,
            })),
          );
        }
      }
    });
    for (const [table, ids] of tables) {
      const known = this.acknowledged.get(table);
      for (const id of ids) known?.delete(id);
      if (known?.size === 0) this.acknowledged.delete(table);
    }
  }

  /**
   * Pull pages until the server has no more; each page lands with its cursor in one transaction.
   * The first page is small (a few changes arrive quickly and the next page overlaps its write);
   * while the server has more, pages grow four-fold up to pullLimitMax: a backlog of 10,000 rows
   * then takes 3 transactions instead of 10, and each commit re-runs every live query on screen.
   */
  private async pull(): Promise<number> {
    let pulled = 0;
    let cursor = (await getMeta<number>(this.db, META.cursor)) ?? 0;
    let limit = this.pullLimit;
    const askKeep = async () => (await this.opts.keepOnPull?.().catch(() => null)) ?? null;
    let keep = await askKeep();
    const sentAt = this.clock.now();
    let since = keep?.since;
    let next: Promise<PullResponse> | null = this.fetchPullPage(cursor, limit, since);
    for (let page = 0; next && page < 100_000; page++) {
      const current: PullResponse = await next;
      next = null;
      if (page === 0 && !this.skewNoted) {
        // Nothing was pushed: the first page's server time measures the offset, against the
        // middle of the request (the travel time both ways cancels out).
        await this.noteSkew(Date.parse(current.serverTime) - (sentAt + this.clock.now()) / 2);
        // The clock offset is known now: what the phone keeps follows the corrected clock (a phone
        // reading 2100 would otherwise keep none of this pull, and its cursor would pass the rows).
        keep = await askKeep();
        since = keep?.since;
      }
      const moved = current.cursor > cursor || current.changes.length > 0; // a server that does not move on stops us
      if (current.hasMore && moved) {
        // Ask for the next page while this one is written: the network and IndexedDB overlap.
        limit = Math.min(this.pullLimitMax, limit * 4);
        next = this.fetchPullPage(current.cursor, limit, since);
        next.catch(() => {}); // awaited on the next turn; never an unhandled rejection meanwhile
      }
      await this.checkEpoch(current.epoch); // before its rows: a restored server's cursor means something else
      pulled += await applyPullPage(this.db, current, keep);
      cursor = current.cursor;
    }
    return pulled;
  }

  /**
   * The first epoch seen is noted; a different one later means the server was restored from a
   * backup: the journal is queued again and the cursor reset (replayJournal), and the sync starts over.
   */
  private async checkEpoch(epoch: string | undefined): Promise<void> {
    if (!epoch) return; // a server from before epochs
    const known = await getMeta<string>(this.db, META.epoch);
    if (known === epoch) return;
    if (known === undefined) {
      await this.db.meta.put({ key: META.epoch, value: epoch });
      return;
    }
    await replayJournal(this.db, epoch);
    throw new ServerRestored(`the server was restored from a backup (epoch ${epoch})`);
  }

  private async fetchPullPage(cursor: number, limit: number, since?: string): Promise<PullResponse> {
    const query = `cursor=${cursor}&limit=${limit}${since ? `&since=${encodeURIComponent(since)}` : ''}`;
    const answer = await call(this.fetchFn, `/api/sync/pull?${query}`);
    if (answer.status === 401)
      throw new SessionGone((answer.body as { error?: string } | null)?.error ?? 'unauthenticated');
    if (answer.status >= 500) throw new RetryLater(describeBody(answer.body, answer.status));
    if (!answer.ok) throw new Error(describeBody(answer.body, answer.status));
    const { PullResponseSchema } = await protocolSchemas();
    const parsed = PullResponseSchema.safeParse(answer.body);
    if (!parsed.success) throw new Error(`pull: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }
}
