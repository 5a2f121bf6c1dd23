import type { WindowDutyDb } from '../db/database';
import type { FetchFn } from '../http/client';
import { PEEK_TRANSFERS, type TransferPeek } from './transfer-counts';
import {
  TRANSFER_KINDS,
  idleTransfers,
  type TransferCounts,
  type TransferKind,
  type TransferStatus,
  type TransferStop,
  type TransfersState,
} from './transfer-status';

/**
 * Background transfers the sync engine owns beside the push and the pull (issue 12 §7): photo
 * evidence and leave documents uploaded once the server has the change that lists them, and the
 * ranking summaries of newly pulled assessment versions. Each kind is a queue kept in IndexedDB
 * (nothing in memory is lost on a reload); a run goes through what is ready, stops at the first
 * sign of being offline, signed out or a server error and is tried again with backoff, like the
 * push. A refusal is kept on the phone with its HTTP status (never dropped) and counted. The
 * engine's state carries one status for all of them; the status bar reads it.
 */

/** What one run did. */
export interface TransferRun {
  done: number;
  stopped?: TransferStop;
}

/**
 * One kind of transfer: how to run it once (loaded when a run has something to do; what a queue
 * holds is read without it, transfer-counts.ts).
 */
export interface TransferQueue {
  run(db: WindowDutyDb, fetchFn: FetchFn): Promise<TransferRun>;
}

/** The app's queues: each module loads when its queue first has something to send. */
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
  /** What each queue holds (tests replace it with their own queues). */
  peek?: Partial<Record<TransferKind, (db: WindowDutyDb) => Promise<TransferPeek>>>;
  onChange(state: TransfersState): void;
}

const countsOf = ({ waiting, refused, refusedStatus }: TransferPeek): TransferCounts => ({
  waiting,
  refused,
  refusedStatus,
});

export class Transfers {
  private state: TransfersState = idleTransfers();
  private readonly running = new Map<TransferKind, Promise<void>>();
  private readonly again = new Set<TransferKind>();
  private readonly timers = new Map<TransferKind, unknown>();
  private readonly queues: Record<TransferKind, () => Promise<TransferQueue>>;
  private readonly peek: Record<TransferKind, (db: WindowDutyDb) => Promise<TransferPeek>>;
  private stopped = false;

  constructor(private readonly opts: TransfersOptions) {
    this.queues = { ...DEFAULT_TRANSFER_QUEUES, ...opts.queues };
    this.peek = { ...PEEK_TRANSFERS, ...opts.peek };
  }

  get status(): TransfersState {
    return this.state;
  }

  private patch(kind: TransferKind, patch: Partial<TransferStatus>): void {
    const current = this.state[kind];
    // Unchanged: no new state, so the status bar does not render again for nothing.
    if ((Object.keys(patch) as (keyof TransferStatus)[]).every((key) => current[key] === patch[key])) return;
    this.state = { ...this.state, [kind]: { ...current, ...patch } };
    this.opts.onChange(this.state);
  }

  /** Count every queue again (after a local write, at start, after a failed sync). */
  async refresh(kinds: readonly TransferKind[] = TRANSFER_KINDS): Promise<void> {
    await Promise.all(
      kinds.map(async (kind) => {
        try {
          this.patch(kind, countsOf(await this.peek[kind](this.opts.db)));
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
    let outcome: TransferRun;
    try {
      const before = await this.peek[kind](this.opts.db);
      if (!before.due) {
        // Nothing to send: the queue's module is not loaded, and nothing shows as running.
        outcome = { done: 0 };
        this.patch(kind, countsOf(before));
      } else {
        this.patch(kind, { running: true });
        const queue = await this.queues[kind]();
        outcome = await queue.run(this.opts.db, this.opts.fetch);
        this.patch(kind, countsOf(await this.peek[kind](this.opts.db)));
      }
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
