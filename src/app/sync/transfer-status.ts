/**
 * The transfers' kinds and their status as the status bar shows it: apart from the transfers
 * themselves (transfers.ts, in the sync chunk), so the status store carries nothing else.
 */

export const TRANSFER_KINDS = ['photos', 'leaveFiles', 'disputeFiles', 'explanations'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Why a run stopped before the end of its queue (the items stay queued). */
export type TransferStop = 'offline' | 'server_error' | 'signed_out';

/** What a queue holds, as the status bar counts it. */
export interface TransferCounts {
  /** Queued, not sent yet (including those waiting for the server to have their change). */
  waiting: number;
  /** Refused by the server for good: kept on the phone, not sent again. */
  refused: number;
  /** The HTTP status of the latest refusal (the status bar words it). */
  refusedStatus: number | null;
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

const IDLE_TRANSFER: TransferStatus = {
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
