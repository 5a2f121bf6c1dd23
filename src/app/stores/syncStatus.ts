import { create } from 'zustand';
import { idleTransfers, type TransfersState } from '../sync/transfer-status';

export interface SyncStatusState {
  online: boolean;
  running: boolean;
  pendingCount: number;
  rejectedCount: number;
  /** Changes the server failed on again and again, held until the user acts (Rejected screen). */
  stuckCount: number;
  /** createdAt (ms) of the oldest unsent change of the signed-in user. */
  oldestPendingAt: number | null;
  lastSyncAt: string | null;
  lastError: string | null;
  clockSkewMs: number | null;
  clockSkewLarge: boolean;
  storagePersisted: boolean | 'unsupported' | null;
  /** The sync engine's background transfers (photos, leave documents, ranking summaries). */
  transfers: TransfersState;
  patch: (p: Partial<Omit<SyncStatusState, 'patch'>>) => void;
}

export const useSyncStatus = create<SyncStatusState>((set) => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  running: false,
  pendingCount: 0,
  rejectedCount: 0,
  stuckCount: 0,
  oldestPendingAt: null,
  lastSyncAt: null,
  lastError: null,
  clockSkewMs: null,
  clockSkewLarge: false,
  storagePersisted: null,
  transfers: idleTransfers(),
  patch: (p) => set(p),
}));

/** An unsent change older than this gets a warning. */
export const STALE_PENDING_MS = 24 * 60 * 60 * 1000;

/** Mirrors sync/engine NETWORK_UNREACHABLE (kept here so the shell does not load the engine). */
export const NETWORK_UNREACHABLE = 'network_unreachable';
