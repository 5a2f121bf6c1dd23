import type { MutationResult, PullResponse } from '../../domain';
import { clockSkewIsLarge } from '../../domain/clock-skew';
import { PULL_LIMIT_MAX, PUSH_BATCH_MAX } from '../../domain/sync/limits';
import { ENTITY_TABLES, META, getMeta, type LocalViolation, type OutboxEntry, type WindowDutyDb } from '../db/database';
import { LOCAL_TABLES, deleteOutboxEntries, localTarget } from '../db/outbox';
import { NetworkError, call, errorMessage, type FetchFn } from './api';

/** The answers' zod schemas load with the first sync, not with the app (zod stays off the first screen). */
const protocolSchemas = () => import('../../domain/sync/protocol');

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

/** lastError when the server could not be reached at all (offline, connection refused). */
export const NETWORK_UNREACHABLE = 'network_unreachable';

export type SyncReason = 'start' | 'online' | 'visible' | 'write' | 'timer' | 'retry' | 'login' | 'manual';

export type SyncResult =
  | { status: 'ok'; pushed: number; rejected: number; pulled: number }
  | { status: 'skipped'; reason: 'signed_out' | 'expired' | 'backoff' }
  | { status: 'expired' }
  | { status: 'retry'; error: string; delayMs: number }
  | { status: 'error'; error: string };

export interface EngineState {
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  clockSkewMs: number | null;
  clockSkewLarge: boolean;
  failures: number;
  nextRetryAt: number | null;
  sessionExpired: boolean;
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

/** Upserts and deletes of one pull page, with the cursor, in one transaction. */
export async function applyPullPage(db: WindowDutyDb, page: PullResponse): Promise<number> {
  const tables = ENTITY_TABLES.map((name) => db.table(name));
  let applied = 0;
  await db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
    const held = await queuedRowKeys(db, page.changes.map((change) => `${change.entity}:${change.id}`));
    // Group the page per table so each table takes one bulkPut and one bulkDelete.
    const puts = new Map<string, Record<string, unknown>[]>();
    const deletes = new Map<string, string[]>();
    for (const change of page.changes) {
      const table = db.table(change.entity);
      if (held.has(`${change.entity}:${change.id}`)) {
        // A local change still waits for the server: keep it, only fill in server-only fields.
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
      if (change.op === 'delete') {
        const queued = puts.get(change.entity);
        if (queued) puts.set(change.entity, queued.filter((row) => row.id !== change.id));
        const ids = deletes.get(change.entity) ?? [];
        ids.push(change.id);
        deletes.set(change.entity, ids);
      } else if (change.data) {
        const row: Record<string, unknown> = { ...change.data, id: change.id };
        // Tables phones also write locally (violations, rounds, disputes) track their sync state.
        if ((LOCAL_TABLES as readonly string[]).includes(change.entity)) row.syncState = 'synced';
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
  return db.transaction('rw', [...tables, db.outbox, db.meta, db.leave_files], async () => {
    const current = (await db.meta.get(META.dataUserId))?.value;
    if (current === userId) return false;
    await Promise.all([db.floors.clear(), db.windows.clear(), db.staff.clear(), db.schemes.clear(), db.duty_roster.clear()]);
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
  const issues = Array.isArray(details) ? details : Array.isArray((details as { issues?: unknown })?.issues) ? (details as { issues: unknown[] }).issues : [];
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
  const extra = details === undefined ? '' : ` (${typeof details === 'string' ? details : JSON.stringify(details).slice(0, 300)})`;
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
  };

  constructor(opts: SyncEngineOptions) {
    this.opts = opts;
    this.db = opts.db;
    this.fetchFn = opts.fetch;
    this.clock = opts.clock ?? systemClock;
    this.batchSize = Math.min(PUSH_BATCH_MAX, Math.max(1, opts.batchSize ?? PUSH_BATCH_MAX));
    this.pullLimit = opts.pullLimit ?? 1000;
    this.pullLimitMax = Math.max(this.pullLimit, Math.min(PULL_LIMIT_MAX, opts.pullLimitMax ?? PULL_LIMIT_MAX));
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
    const [lastSyncAt, skew] = await Promise.all([getMeta<string | null>(this.db, META.lastSyncAt), getMeta<number>(this.db, META.clockSkewMs)]);
    this.set({
      lastSyncAt: lastSyncAt ?? null,
      clockSkewMs: typeof skew === 'number' ? skew : null,
      clockSkewLarge: typeof skew === 'number' && clockSkewIsLarge(skew),
    });
  }

  /** After a new sign-in: sync may run again. */
  resume(): void {
    this.set({ sessionExpired: false, lastError: null });
  }

  /** Stop timers (sign-out, tests). */
  stop(): void {
    if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
    this.retryHandle = null;
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
    if ((reason === 'write' || reason === 'timer') && this._state.nextRetryAt !== null && this.clock.now() < this._state.nextRetryAt) {
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
      let pushed: number, rejected: number, pulled: number;
      try {
        ({ pushed, rejected } = await this.push(user.id));
        pulled = await this.pull();
      } finally {
        await this.settleAcknowledged().catch(() => {}); // kept for the next sync if it fails
      }
      const at = new Date(this.clock.now()).toISOString();
      await this.db.meta.put({ key: META.lastSyncAt, value: at });
      if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
      this.retryHandle = null;
      this.set({ lastSyncAt: at, lastError: null, failures: 0, nextRetryAt: null });
      return { status: 'ok', pushed, rejected, pulled };
    } catch (error) {
      if (error instanceof SessionGone) {
        this.stop();
        this.set({ sessionExpired: true, lastError: null });
        this.opts.onSessionExpired?.(error.code);
        return { status: 'expired' };
      }
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof NetworkError || error instanceof RetryLater) {
        const failures = this._state.failures + 1;
        const delayMs = backoffDelay(failures, () => this.clock.random(), this.opts.backoff);
        if (this.retryHandle !== null) this.clock.clearTimeout(this.retryHandle);
        this.retryHandle = this.clock.setTimeout(() => {
          this.retryHandle = null;
          void this.sync('retry');
        }, delayMs);
        // A phone out of reach of the server is normal: the status bar words it, not the raw error.
        this.set({ failures, nextRetryAt: this.clock.now() + delayMs, lastError: error instanceof NetworkError ? NETWORK_UNREACHABLE : message });
        return { status: 'retry', error: message, delayMs };
      }
      this.set({ lastError: message });
      return { status: 'error', error: message };
    }
  }

  /** Push this user's pending outbox entries in seq order, in batches. */
  private async push(userId: string): Promise<{ pushed: number; rejected: number }> {
    let pushed = 0;
    let rejected = 0;
    let batchSize = this.batchSize;
    // The next batch may already be on its way (sent while the previous answers were written).
    let ahead: { batch: OutboxEntry[]; answer: ReturnType<typeof call> } | null = null;
    for (let round = 0; round < 10_000; round++) {
      const batch = ahead?.batch ?? (await this.pendingBatch(userId, 0, batchSize));
      if (batch.length === 0) break;
      const answering = ahead?.answer ?? this.sendBatch(batch);
      ahead = null;
      // While the server works on this batch, read the one after it (entries are append-only,
      // so what is read now is what would be read after the answer): the next batch then leaves
      // as soon as this answer is in, and the server never waits on IndexedDB.
      const reading = this.pendingBatch(userId, batch.at(-1)?.seq ?? 0, batchSize, batch.length);
      reading.catch(() => {}); // awaited below when the answer is usable
      const answer = await answering;
      if (answer.status === 401) throw new SessionGone((answer.body as { error?: string } | null)?.error ?? 'unauthenticated');
      if (answer.status >= 500) throw new RetryLater(describeBody(answer.body, answer.status));
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
        // Send the next batch now, so the server works on it while these answers are written.
        // The server has answered this batch already, so it still sees the mutations in order.
        const following = await reading;
        if (following.length) {
          ahead = { batch: following, answer: this.sendBatch(following) };
          ahead.answer.catch(() => {}); // awaited on the next turn
        }
        if (parsed.success) {
          const skew = parsed.data.clockSkewMs;
          await this.db.meta.put({ key: META.clockSkewMs, value: skew });
          this.set({ clockSkewMs: skew, clockSkewLarge: clockSkewIsLarge(skew) });
        }
        const outcome = await this.applyResults(batch, results);
        pushed += outcome.applied;
        rejected += outcome.rejected;
        if (outcome.applied + outcome.rejected === 0) break; // no progress: try again next sync
        continue;
      }
      if (answer.status === 400) {
        const named = namedMutation(answer.body, batch);
        if (named) {
          const reason = describeBody(answer.body, answer.status);
          await this.applyResults(batch, [{ id: named.id, status: 'rejected', code: 'invalid', reason }]);
          rejected++;
          continue;
        }
        if (batchSize > 1) {
          batchSize = 1; // find the culprit one by one
          continue;
        }
      }
      throw new Error(describeBody(answer.body, answer.status));
    }
    return { pushed, rejected };
  }

  /**
   * Pending entries of this user after queue position afterSeq, oldest first. An index lists equal
   * keys in primary-key order, so the [userId+state] index gives them in seq order; reading with a
   * plain limit is one getAll. (A Dexie .filter() would walk a cursor, one IndexedDB round trip per
   * entry: 20,000 of them for a 10,000-entry backlog.) The entries at or before afterSeq still
   * pending are the batch in flight, at most `skip` of them.
   */
  private async pendingBatch(userId: string, afterSeq: number, size: number, skip = 0): Promise<OutboxEntry[]> {
    const entries = await this.db.outbox
      .where('[userId+state]')
      .equals([userId, 'pending'])
      .limit(size + skip)
      .toArray();
    return entries
      .filter((entry) => (entry.seq ?? 0) > afterSeq)
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
      .slice(0, size);
  }

  private sendBatch(batch: OutboxEntry[]) {
    return call(this.fetchFn, '/api/sync/push', {
      method: 'POST',
      body: JSON.stringify({
        deviceNow: new Date(this.clock.now()).toISOString(),
        mutations: batch.map(({ id, name, userId, createdAt, args }) => ({ id, name, userId, createdAt, args })),
      }),
    });
  }

  /**
   * Apply the server's answers for one batch in one transaction, with bulk reads and writes: a
   * phone that was offline all day may hold thousands of entries, so nothing here goes row by row
   * on the happy path.
   */
  private async applyResults(batch: OutboxEntry[], results: MutationResult[]): Promise<{ applied: number; rejected: number }> {
    const byId = new Map(batch.map((entry) => [entry.id, entry]));
    let applied = 0;
    let rejected = 0;
    await this.db.transaction('rw', [this.db.outbox, ...LOCAL_TABLES.map((t) => this.db.table(t))], async () => {
      const appliedSeqs: number[] = [];
      const appliedRows = new Map<string, Set<string>>(); // table → row ids now acknowledged
      for (const result of results) {
        const entry = byId.get(result.id);
        if (!entry || entry.seq === undefined) continue;
        byId.delete(result.id);
        const target = localTarget(entry);
        if (result.status === 'applied') {
          appliedSeqs.push(entry.seq);
          if (target) {
            const ids = appliedRows.get(target.table) ?? new Set<string>();
            ids.add(target.rowId);
            appliedRows.set(target.table, ids);
          }
          applied++;
        } else {
          await this.db.outbox.update(entry.seq, { state: 'rejected', code: result.code, reason: result.reason, attempts: entry.attempts + 1 });
          if (target) await this.db.table(target.table).update(target.rowId, { syncState: 'rejected', rejectionCode: result.code, rejectionReason: result.reason });
          rejected++;
        }
      }
      // Acknowledging is only the delete: the pull that follows brings the rows back from the
      // server (marked synced), and settleAcknowledged marks whatever it did not. Rewriting every
      // row here as well doubled the IndexedDB work of a large upload.
      await deleteOutboxEntries(this.db, appliedSeqs);
      for (const [table, ids] of appliedRows) {
        const known = this.acknowledged.get(table) ?? new Set<string>();
        for (const id of ids) known.add(id);
        this.acknowledged.set(table, known);
      }
      for (const entry of byId.values()) {
        if (entry.seq !== undefined) await this.db.outbox.update(entry.seq, { attempts: entry.attempts + 1 });
      }
    });
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
      const stillQueued = await queuedRowKeys(this.db, tables.flatMap(([table, ids]) => ids.map((id) => `${table}:${id}`)));
      for (const [table, ids] of tables) {
        const rows = (await this.db.table(table).bulkGet(ids)) as (Record<string, unknown> | undefined)[];
        const pending = rows.filter(
          (row): row is Record<string, unknown> => !!row && row.syncState === 'pending' && !stillQueued.has(`${table}:${String(row.id)}`),
        );
        if (pending.length) {
          await this.db.table(table).bulkPut(pending.map((row) => ({ ...row, syncState: 'synced', rejectionCode: undefined, rejectionReason: undefined })));
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
    let next: Promise<PullResponse> | null = this.fetchPullPage(cursor, limit);
    for (let page = 0; next && page < 100_000; page++) {
      const current: PullResponse = await next;
      next = null;
      const moved = current.cursor > cursor || current.changes.length > 0; // a server that does not move on stops us
      if (current.hasMore && moved) {
        // Ask for the next page while this one is written: the network and IndexedDB overlap.
        limit = Math.min(this.pullLimitMax, limit * 4);
        next = this.fetchPullPage(current.cursor, limit);
        next.catch(() => {}); // awaited on the next turn; never an unhandled rejection meanwhile
      }
      pulled += await applyPullPage(this.db, current);
      cursor = current.cursor;
    }
    return pulled;
  }

  private async fetchPullPage(cursor: number, limit: number): Promise<PullResponse> {
    const answer = await call(this.fetchFn, `/api/sync/pull?cursor=${cursor}&limit=${limit}`);
    if (answer.status === 401) throw new SessionGone((answer.body as { error?: string } | null)?.error ?? 'unauthenticated');
    if (answer.status >= 500) throw new RetryLater(describeBody(answer.body, answer.status));
    if (!answer.ok) throw new Error(describeBody(answer.body, answer.status));
    const { PullResponseSchema } = await protocolSchemas();
    const parsed = PullResponseSchema.safeParse(answer.body);
    if (!parsed.success) throw new Error(`pull: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }
}
