import { z } from 'zod';
import type { RejectionCode } from '../../domain';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import type { AppliedLog, MutationFamily } from './family';
import { FAMILIES } from './families';
import { APPLIED, reject, type Outcome } from './outcome';

/**
 * The exactly-once log: one entry per mutation id with its body hash and first outcome.
 *
 * It lives in two kinds of place: the `mutations` table (every logged rejection, and applied
 * mutations of ordinary families), and the rows of a family that declares `appliedLog` (an applied
 * violation.record is logged by its violation row: mutation_id + body_hash, unique on mutation_id).
 * Push reads and writes the log only while holding the change-feed lock, so the look-up below sees
 * every entry committed before it and an id is logged in exactly one place; the unique indexes
 * remain the backstop (a clash fails the whole batch, which the phone then retries as a replay).
 */
export interface LoggedMutation {
  bodyHash: string;
  outcome: Outcome;
}

export interface LogEntry {
  id: string;
  name: string;
  bodyHash: string;
  outcome: Outcome;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

// "is not null" spelled out: PostgreSQL 15 does not infer it from "= any($1)", and without it
// would not use a partial unique index (a sequential scan of every violation, each push).
function appliedLogSelect(log: AppliedLog): string {
  for (const name of [log.table, log.mutationIdColumn, log.bodyHashColumn]) {
    if (!IDENTIFIER.test(name)) throw new Error(`appliedLog: "${name}" is not a plain SQL identifier`);
  }
  return `select ${log.mutationIdColumn} as id, ${log.bodyHashColumn} as body_hash, 'applied' as outcome, null::text as code, null::text as reason
            from ${log.table} where ${log.mutationIdColumn} = any($1::uuid[]) and ${log.mutationIdColumn} is not null`;
}

/** One statement over every place of the log (built once from the registry). */
export function lookupSql(families: readonly MutationFamily[]): string {
  return [
    'select id, body_hash, outcome, code, reason from mutations where id = any($1::uuid[])',
    ...families.flatMap((f) => (f.appliedLog ? [appliedLogSelect(f.appliedLog)] : [])),
  ].join('\n union all\n');
}

const LOOKUP = lookupSql(FAMILIES);

/**
 * A logged entry, parsed: this look-up runs on every push, but returns only the ids already logged
 * (replays, a handful at most a batch), so parsing them costs nothing measurable.
 */
const LogRowSchema = z.object({
  id: z.string(),
  body_hash: z.string(),
  outcome: z.enum(['applied', 'rejected']),
  // Text, not the enum: an entry logged by an older release answers its replays as it did then.
  code: z
    .string()
    .nullable()
    .transform((code) => code as RejectionCode | null),
  reason: z.string().nullable(),
});

/** The logged entries among these mutation ids. Call under the change-feed lock. */
export async function findLogged(tx: Db, ids: string[]): Promise<Map<string, LoggedMutation>> {
  if (!ids.length) return new Map();
  const rows = await queryRows(tx, LOOKUP, [ids], LogRowSchema);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        bodyHash: r.body_hash,
        outcome: r.outcome === 'applied' ? APPLIED : reject(r.code ?? 'invalid', r.reason ?? 'rejected'),
      },
    ]),
  );
}

/**
 * Writes entries to the `mutations` table in one multi-row insert (ids known to be new: looked up
 * under the same lock). Entries a family logs itself are not passed here.
 */
export async function logInMutationsTable(tx: Db, userId: string, entries: LogEntry[]): Promise<void> {
  if (!entries.length) return;
  // Names and reasons may echo what a phone sent (an unknown name); PostgreSQL text cannot hold NUL.
  const storable = (text: string) => text.replaceAll('\u0000', '\uFFFD');
  await tx.query(
    `insert into mutations (id, user_id, name, body_hash, outcome, code, reason)
     select id, $2::uuid, name, body_hash, outcome, code, reason
       from unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         as t(id, name, body_hash, outcome, code, reason)`,
    [
      entries.map((e) => e.id),
      userId,
      entries.map((e) => storable(e.name)),
      entries.map((e) => e.bodyHash),
      entries.map((e) => e.outcome.status),
      entries.map((e) => (e.outcome.status === 'rejected' ? e.outcome.code : null)),
      entries.map((e) => (e.outcome.status === 'rejected' ? storable(e.outcome.reason) : null)),
    ],
  );
}
