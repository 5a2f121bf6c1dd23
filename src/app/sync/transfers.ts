import type { WindowDutyDb } from '../db/database';
import type { FetchFn } from '../http/client';

/**
 * Background transfers the sync engine owns beside the push and the pull (issue 12 §7): photo
 * evidence and leave documents uploaded once the server has the change that lists them, and the
 * ranking summaries of newly pulled assessment versions. Each kind is a queue kept in IndexedDB
 * (nothing in memory is lost on a reload); a run goes through what is ready, stops at the first
 * sign of being offline, signed out or a server error and is tried again with backoff, like the
 * push. A refusal is kept on the phone with its HTTP status (never dropped) and counted. The
 * engine's state carries one status for all of them; the status bar reads it.
 */

export const TRANSFER_KINDS = ['photos', 'leaveFiles', 'disputeFiles', 'explanations'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Why a run stopped before the end of its queue (the items stay queued). */
export type TransferStop = 'offline' | 'server_error' | 'signed_out';

/** What one run did. */
export interface TransferRun {
  done: number;
  stopped?: TransferStop;
}

/** What a queue holds, as the status bar counts it. */
export interface TransferCounts {
  /** Queued, not sent yet (including those waiting for the server to have their change). */
  waiting: number;
  /** Refused by the server for good: kept on the phone, not sent again. */
  refused: number;
  /** The HTTP status of the latest refusal (the status bar words it). */
  refusedStatus: number | null;
}

/** One kind of transfer: how to count it and how to run it once (loaded on demand, off the first screen). */
export interface TransferQueue {
  count(db: WindowDutyDb): Promise<TransferCounts>;
  run(db: WindowDutyDb, fetchFn: FetchFn): Promise<TransferRun>;
}

export interface TransferStatus extends TransferCounts {
  running: boolean;
  /** Why the last run stopped (null once a run went through). */
  stopped: TransferStop | null;
  /** When the next try is due after a failed run (ms), or null. */
  nextRetryAt: number | null;
  /** Failed runs in a row (the backoff grows with them). */
  failures: number;
}

export type TransfersState = Record<TransferKind, TransferStatus>;

export const IDLE_TRANSFER: TransferStatus = {
  waiting: 0,
  refused: 0,
  refusedStatus: null,
  running: false,
  stopped: null,
  nextRetryAt: null,
  failures: 0,
};

export const idleTransfers = (): TransfersState => ({
  photos: { ...IDLE_TRANSFER },
  leaveFiles: { ...IDLE_TRANSFER },
  disputeFiles: { ...IDLE_TRANSFER },
  explanations: { ...IDLE_TRANSFER },
});

/** The app's queues: each module loads when its queue first runs or is counted. */
export const DEFAULT_TRANSFER_QUEUES: Record<TransferKind, () => Promise<TransferQueue>> = {
  photos: () => import('../features/patrol/photos').then((m) => m.photoQueue),
  leaveFiles: () => import('../features/leave/files').then((m) => m.leaveFileQueue),
  disputeFiles: () => import('../features/assessment/dispute-files').then((m) => m.disputeFileQueue),
  explanations: () => import('../features/assessment/explanations').then((m) => m.explanationQueue),
};

export interface TransfersOptions {
  db: WindowDutyDb;
  fetch: FetchFn;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  /** The wait before try number `failures + 1` (the engine's backoff with jitter). */
  delay(failures: number): number;
  queues?: Partial<Record<TransferKind, () => Promise<TransferQueue>>>;
  onChange(state: TransfersState): void;
}

export class Transfers {
  private state: TransfersState = idleTransfers();
  private readonly running = new Map<TransferKind, Promise<void>>();
  private readonly again = new Set<TransferKind>();
  private readonly timers = new Map<TransferKind, unknown>();
  private readonly queues: Record<TransferKind, () => Promise<TransferQueue>>;
  private stopped = false;

  constructor(private readonly opts: TransfersOptions) {
    this.queues = { ...DEFAULT_TRANSFER_QUEUES, ...opts.queues };
  }

  get status(): TransfersState {
    return this.state;
  }

  private patch(kind: TransferKind, patch: Partial<TransferStatus>): void {
    this.state = { ...this.state, [kind]: { ...this.state[kind], ...patch } };
    this.opts.onChange(this.state);
  }

  /** Count every queue again (after a local write, at start, after a failed sync). */
  async refresh(kinds: readonly TransferKind[] = TRANSFER_KINDS): Promise<void> {
    await Promise.all(
      kinds.map(async (kind) => {
        try {
          const counts = await (await this.queues[kind]()).count(this.opts.db);
          this.patch(kind, counts);
        } catch {
          /* counted again on the next run */
        }
      }),
    );
  }

  /** Run the queues (all, or one kind): one run per kind at a time; a request during a run runs it again after. */
  run(kinds: readonly TransferKind[] = TRANSFER_KINDS): Promise<void> {
    this.stopped = false;
    return Promise.all(kinds.map((kind) => this.runKind(kind))).then(() => undefined);
  }

  private runKind(kind: TransferKind): Promise<void> {
    const current = this.running.get(kind);
    if (current) {
      this.again.add(kind);
      return current;
    }
    const timer = this.timers.get(kind);
    if (timer !== undefined) this.opts.clearTimeout(timer);
    this.timers.delete(kind);
    const loop = (async () => {
      do {
        this.again.delete(kind);
        await this.runOnce(kind);
      } while (this.again.has(kind) && !this.stopped);
    })().finally(() => this.running.delete(kind));
    this.running.set(kind, loop);
    return loop;
  }

  private async runOnce(kind: TransferKind): Promise<void> {
    this.patch(kind, { running: true });
    let outcome: TransferRun;
    try {
      const queue = await this.queues[kind]();
      outcome = await queue.run(this.opts.db, this.opts.fetch);
      this.patch(kind, await queue.count(this.opts.db));
    } catch {
      // The module would not load (offline before it was cached) or IndexedDB failed: try later.
      outcome = { done: 0, stopped: 'server_error' };
    }
    if (!outcome.stopped || outcome.stopped === 'signed_out') {
      // Signed out: the next sign-in's sync runs it again; no timer meanwhile.
      this.patch(kind, { running: false, stopped: outcome.stopped ?? null, failures: 0, nextRetryAt: null });
      return;
    }
    const failures = this.state[kind].failures + 1;
    const delayMs = this.opts.delay(failures);
    this.patch(kind, { running: false, stopped: outcome.stopped, failures, nextRetryAt: this.opts.now() + delayMs });
    if (this.stopped) return;
    this.timers.set(
      kind,
      this.opts.setTimeout(() => {
        this.timers.delete(kind);
        void this.runKind(kind);
      }, delayMs),
    );
  }

  /** Resolves when no run is in progress (the ones a sync started, tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  /** Stop the retry timers (sign-out, tests); what is queued stays. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) this.opts.clearTimeout(timer);
    this.timers.clear();
    for (const kind of TRANSFER_KINDS)
      if (this.state[kind].nextRetryAt !== null) this.patch(kind, { nextRetryAt: null });
  }
}
