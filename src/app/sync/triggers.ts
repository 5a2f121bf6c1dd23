import { liveQuery } from 'dexie';
import { META, type WindowDutyDb } from '../db/database';
import { onLocalWrite } from '../db/local-writes';
import type { SyncReason } from './engine';
import { afterFirstScreen } from '../first-screen';

export interface TriggerOptions {
  /** Starts a sync (the engine runs one at a time); it loads the engine when first called. */
  sync: (reason: SyncReason) => void;
  db: WindowDutyDb;
  /** Outbox counts for the status bar. */
  onCounts: (counts: {
    pendingCount: number;
    rejectedCount: number;
    stuckCount: number;
    oldestPendingAt: number | null;
  }) => void;
  onOnline: (online: boolean) => void;
  writeDebounceMs?: number;
  pendingIntervalMs?: number;
}

/**
 * When to sync: app start, back online, app visible again, ~1 s after a local write, and every
 * 30 s while anything is pending. The engine runs one sync at a time.
 */
export function startSyncTriggers(opts: TriggerOptions): () => void {
  const { sync, db } = opts;
  const debounceMs = opts.writeDebounceMs ?? 1000;
  const intervalMs = opts.pendingIntervalMs ?? 30_000;
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  let interval: ReturnType<typeof setInterval> | null = null;

  const onOnline = () => {
    opts.onOnline(true);
    sync('online');
  };
  const onOffline = () => opts.onOnline(false);
  const onVisible = () => {
    if (document.visibilityState === 'visible') sync('visible');
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  const offWrite = onLocalWrite(() => {
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = setTimeout(() => {
      writeTimer = null;
      sync('write');
    }, debounceMs);
  });

  const subscription = liveQuery(async () => {
    // The user whose queue counts is the one whose profile the phone holds (read here so the
    // query re-runs when someone else signs in).
    const profile = (await db.meta.get(META.profile))?.value as { id?: string } | undefined;
    const userId = profile?.id ?? null;
    if (userId === null) return { pendingCount: 0, rejectedCount: 0, stuckCount: 0, oldestPendingAt: null };
    // Key-only counts on [userId+state]: cheap even with thousands queued.
    // A fresh collection per query: Dexie collections are mutable (first() sets a limit).
    const byState = (state: 'pending' | 'rejected' | 'stuck') =>
      db.outbox.where('[userId+state]').equals([userId, state]);
    const [pendingCount, rejectedCount, stuckCount, first] = await Promise.all([
      byState('pending').count(),
      byState('rejected').count(),
      byState('stuck').count(),
      byState('pending').first(), // queue order: the oldest pending change
    ]);
    const oldest = first ? Date.parse(first.createdAt) : NaN;
    return { pendingCount, rejectedCount, stuckCount, oldestPendingAt: Number.isNaN(oldest) ? null : oldest };
  }).subscribe({
    next: (counts) => {
      opts.onCounts(counts);
      if (counts.pendingCount > 0 && !interval) {
        interval = setInterval(() => sync('timer'), intervalMs);
      } else if (counts.pendingCount === 0 && interval) {
        clearInterval(interval);
        interval = null;
      }
    },
    error: () => {},
  });

  // The first sync (zod, parsing, IndexedDB writes) after the home has painted: the home shows
  // what the phone holds, so it need not wait for the sync, nor the sync hold up its first paint.
  const cancelStart = afterFirstScreen(() => sync('start'));

  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
    cancelStart();
    offWrite();
    subscription.unsubscribe();
    if (writeTimer) clearTimeout(writeTimer);
    if (interval) clearInterval(interval);
  };
}
