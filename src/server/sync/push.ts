import {
  MUTATIONS,
  describeIssues,
  isMutationName,
  type MutationEnvelope,
  type MutationName,
  type PushRequest,
  type PushResponse,
  type RejectionCode,
  DEFAULT_HALL_TIME_ZONE,
} from '../../domain';
import type { SessionUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { mutationBodyHash } from './canonical-json';
import { closedMonths } from './closed-months';
import type { Candidate, PushContext } from './family';
import { FAMILIES, familyOf } from './families';
import { APPLIED, reject, toResult, type Outcome } from './outcome';

interface StoredMutation {
  id: string;
  body_hash: string;
  outcome: 'applied' | 'rejected';
  code: RejectionCode | null;
  reason: string | null;
}

function storedOutcome(row: StoredMutation): Outcome {
  return row.outcome === 'applied'
    ? APPLIED
    : reject(row.code ?? 'invalid', row.reason ?? 'rejected');
}

const CONFLICT = reject('conflict', 'mutation id reused with a different body');

/**
 * Applies one pushed batch, exactly once per mutation id.
 *
 * Set-based on purpose (a phone may upload 10,000 queued records after a day offline): all
 * validation happens in JS, each mutation family (families.ts) loads what its candidates reference
 * with one query per table and writes with multi-row statements, and the mutation log is one
 * multi-row INSERT … SELECT FROM unnest(…).
 * The log rows and the violations commit in the same transaction, so a mutation is never
 * half-applied, and a replay (same id) gets the first stored outcome back. `zone` is the hall's
 * time zone (months and days of records and rounds are the hall's).
 */
export async function applyPush(db: Db, user: SessionUser, request: PushRequest, zone: string = DEFAULT_HALL_TIME_ZONE): Promise<PushResponse> {
  const serverNow = new Date();
  const clockSkewMs = serverNow.getTime() - Date.parse(request.deviceNow);
  const outcomes = new Map<number, Outcome>(); // by index in the request
  const hashes = request.mutations.map((m) => mutationBodyHash(m));

  // A mutation made by another user says nothing about the mutation itself (e.g. a shared phone
  // switched accounts), so wrong_user is answered but not logged: logging it would block the id
  // for its rightful owner forever.
  request.mutations.forEach((m, i) => {
    if (m.userId !== user.id) {
      outcomes.set(i, reject('wrong_user', `mutation was made by user ${m.userId}, but this session is ${user.username}`));
    }
  });

  return db.transaction(async (tx) => {
    // Taken before anything else: seqs of the violations written here must follow commit order,
    // and a second server process pushing the same ids waits here and then sees our log rows.
    await lockChangeFeed(tx);

    // First pass, JS only: duplicates inside the batch, names, args, roles. Replays of ids
    // already in the log are found by the log insert below (the common case is all-new ids, so
    // no query is spent looking them up first).
    const firstIndex = new Map<string, number>(); // mutation id → index of its first occurrence here
    const candidates = new Map<number, Candidate>();
    const ctx: PushContext = {
      tx,
      user,
      serverNow,
      clockSkewMs,
      zone,
      outcomes,
      applied: (names) => [...candidates.values()].filter((c) => names.includes(c.name) && outcomes.get(c.index)?.status === 'applied'),
      closedMonths: once(() => closedMonths(tx)),
    };
    request.mutations.forEach((m, i) => {
      if (outcomes.has(i)) return;
      const hash = hashes[i]!;
      const first = firstIndex.get(m.id);
      if (first !== undefined) {
        // Decided after the second pass: same body → same outcome as the first occurrence.
        if (hashes[first] !== hash) outcomes.set(i, CONFLICT);
        return;
      }
      firstIndex.set(m.id, i);
      outcomes.set(i, validate(m, user) ?? APPLIED);
      if (outcomes.get(i)!.status === 'applied') candidates.set(i, { index: i, name: m.name as MutationName, args: m.args });
    });

    // Second pass: references, ownership and state, family by family (set-based inside each).
    for (const family of FAMILIES) {
      const mine = [...candidates.values()].filter((c) => family.names.includes(c.name));
      if (mine.length) await family.check(ctx, mine);
    }

    // Duplicates inside the batch take their first occurrence's outcome.
    request.mutations.forEach((m, i) => {
      const first = firstIndex.get(m.id);
      if (first !== undefined && first !== i && !outcomes.has(i)) outcomes.set(i, outcomes.get(first)!);
    });

    // Write the log: one row per new mutation id with its outcome.
    const fresh = [...firstIndex.values()];
    const won = new Set<string>();
    if (fresh.length) {
      const rows = await tx.query<{ id: string }>(
        `insert into mutations (id, user_id, name, body_hash, outcome, code, reason)
         select id, $2::uuid, name, body_hash, outcome, code, reason
           from unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             as t(id, name, body_hash, outcome, code, reason)
         on conflict (id) do nothing
         returning id`,
        [
          fresh.map((i) => request.mutations[i]!.id),
          user.id,
          fresh.map((i) => request.mutations[i]!.name),
          fresh.map((i) => hashes[i]!),
          fresh.map((i) => outcomes.get(i)!.status),
          fresh.map((i) => codeOf(outcomes.get(i)!)),
          fresh.map((i) => reasonOf(outcomes.get(i)!)),
        ],
      );
      for (const row of rows) won.add(row.id);
    }

    // Ids already in the log (a replay, or another process got there first — the log's primary
    // key is the real guarantee): answer with the stored first outcome, apply nothing.
    const lost = fresh.filter((i) => !won.has(request.mutations[i]!.id));
    if (lost.length) {
      const rows = await tx.query<StoredMutation>(
        'select id, body_hash, outcome, code, reason from mutations where id = any($1::uuid[])',
        [lost.map((i) => request.mutations[i]!.id)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      request.mutations.forEach((m, i) => {
        const row = byId.get(m.id);
        if (row && !won.has(m.id)) outcomes.set(i, row.body_hash === hashes[i] ? storedOutcome(row) : CONFLICT);
      });
    }

    for (const family of FAMILIES) {
      const toWrite = [...candidates.values()].filter(
        (c) => family.names.includes(c.name) && outcomes.get(c.index)!.status === 'applied' && won.has(request.mutations[c.index]!.id),
      );
      if (toWrite.length) await family.write(ctx, toWrite);
    }

    return {
      serverTime: serverNow.toISOString(),
      clockSkewMs,
      results: request.mutations.map((m, i) => toResult(m.id, outcomes.get(i)!)),
    };
  });
}

/** Name, args and role; null when the mutation may go on to its family's checks. */
function validate(m: MutationEnvelope, user: SessionUser): Outcome | null {
  if (!isMutationName(m.name)) return reject('unknown_mutation', `unknown mutation "${m.name}"`);
  const parsed = MUTATIONS[m.name].safeParse(m.args);
  if (!parsed.success) return reject('invalid', describeIssues(parsed.error));
  m.args = parsed.data;
  const family = familyOf(m.name);
  if (!family) return reject('unknown_mutation', `mutation "${m.name}" is not handled by this server`);
  if (!family.roles.includes(user.role)) {
    return reject('forbidden', `role ${user.role} may not send ${m.name} (allowed: ${family.roles.join(', ')})`);
  }
  return null;
}

/** A lazily read value, read at most once. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= read());
}

const codeOf = (o: Outcome) => (o.status === 'rejected' ? o.code : null);
const reasonOf = (o: Outcome) => (o.status === 'rejected' ? o.reason : null);
