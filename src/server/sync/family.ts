import type { MutationArgs, MutationName, Role } from '../../domain';
import type { SessionUser } from '../auth/users';
import type { Db } from '../db/types';
import type { Outcome } from './outcome';

/**
 * One pushed mutation that passed its schema and role check, by its index in the request.
 * A union over the names `N` (mapped from the name → args schemas of MUTATIONS): testing `name`
 * narrows `args`, so a family never casts.
 */
export type Candidate<N extends MutationName = MutationName> = {
  [K in N]: {
    index: number;
    name: K;
    args: MutationArgs<K>;
    /** The mutation's id and body hash, for a family that is its own log (see appliedLog). */
    mutationId: string;
    bodyHash: string;
  };
}[N];

/** What a family sees of the push it takes part in. */
export interface PushContext {
  tx: Db;
  user: SessionUser;
  serverNow: Date;
  /** Server time minus the device's clock at sending, in ms. */
  clockSkewMs: number;
  /** The hall's time zone (HALL_TIME_ZONE): a record's month is the hall month of its observedAt. */
  zone: string;
  /** Decisions so far, by request index; a family's check sets a rejection for each failing candidate. */
  outcomes: Map<number, Outcome>;
  /**
   * Candidates of this batch with one of these names that are still applied — how a later family
   * sees rows an earlier family accepts in the same batch (a record and its correction, say).
   */
  applied<N extends MutationName>(names: readonly N[]): Candidate<N>[];
  /** Months closed for recording, with the moment each was closed (read at most once per push). */
  closedMonths(): Promise<Map<string, string>>;
}

/**
 * A family of mutations with one server-side handler. Checks are set-based (a phone may push
 * 500 queued changes at once): load what the candidates reference with one query per table,
 * then decide each in request order. Checks and writes see only mutations whose id is new to the
 * log (replays are answered from it first); writes run for candidates that stayed applied, inside
 * the same transaction as the log rows.
 */
export interface MutationFamily<N extends MutationName = MutationName> {
  names: readonly N[];
  /** Roles that may send these mutations at all; finer ownership rules belong in check. */
  roles: readonly Role[];
  /** Gets only candidates named in `names` (push dispatches by name). */
  check(ctx: PushContext, candidates: Candidate<N>[]): Promise<void>;
  write(ctx: PushContext, applied: Candidate<N>[]): Promise<void>;
  /**
   * Set when the family's own rows are the exactly-once log of its applied mutations: write stores
   * each candidate's mutationId and bodyHash in these columns of `table` (a unique index on the
   * mutation id column), and push logs only the family's rejections in `mutations`. For the hot
   * path (violation.record) that is one multi-row insert less per batch. See mutation-log.ts.
   */
  appliedLog?: AppliedLog;
}

/** Where a family that is its own log keeps the mutation id and body hash of each applied mutation. */
export interface AppliedLog {
  table: string;
  mutationIdColumn: string;
  bodyHashColumn: string;
}

/** Declares a family: its candidates are typed by the names it lists. */
export function family<const N extends MutationName>(f: MutationFamily<N>): MutationFamily<N> {
  return f;
}
