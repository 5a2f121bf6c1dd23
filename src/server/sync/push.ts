import type { FastifyBaseLogger } from 'fastify';
import {
  MUTATIONS,
  describeIssues,
  isMutationName,
  type MutationEnvelope,
  type MutationName,
  type PushRequest,
  type PushResponse,
  DEFAULT_HALL_TIME_ZONE,
  futureProblem,
} from '../../domain';
import type { z } from 'zod';
import type { SessionUser } from '../auth/users';
import { LOCK_CHANGE_FEED } from '../db/locks';
import type { Db } from '../db/types';
import { mutationBodyHash } from './canonical-json';
import { closedMonths } from './closed-months';
import type { Candidate, PushContext } from './family';
import { FAMILIES, familyOf } from './families';
import { findLogged, logInMutationsTable } from './mutation-log';
import { APPLIED, reject, toResult, type Outcome } from './outcome';
import { writeIsolated } from './write-isolated';
import { databaseRefusal } from '../http/database-errors';

const CONFLICT = reject('conflict', 'mutation id reused with a different body');

/**
 * Applies one pushed batch, exactly once per mutation id.
 *
 * Set-based on purpose (a phone may upload 10,000 queued records after a day offline): all
 * validation happens in JS, each mutation family (families.ts) loads what its candidates reference
 * with one query per table and writes with multi-row statements, and the log (mutation-log.ts) is
 * read with one statement and written with at most one more. The log entries and the rows they
 * apply commit in the same transaction, so a mutation is never half-applied, and a replay (same
 * id) gets the first stored outcome back.
 * `zone` is the hall's time zone (months and days of records and rounds are the hall's).
 *
 * A value the database refuses (a NUL in a text, a number out of range…: database-errors.ts) rolls
 * the whole transaction back; the batch then runs once more with each family's write in a
 * savepoint (write-isolated.ts), so only the refused mutations are rejected and the rest applied.
 * The usual batch pays nothing for that.
 */
export async function applyPush(
  db: Db,
  user: SessionUser,
  request: PushRequest,
  zone: string = DEFAULT_HALL_TIME_ZONE,
  log?: Pick<FastifyBaseLogger, 'warn'>,
  /** The server's clock (future checks, skew); tests inject one instead of depending on today. */
  now: () => Date = () => new Date(),
): Promise<PushResponse> {
  const sentArgs = request.mutations.map((m) => m.args); // validate() swaps in the parsed args
  try {
    return await applyOnce(db, user, request, zone, log, false, now);
  } catch (error) {
    const refusal = databaseRefusal(error);
    if (!refusal) throw error;
    log?.warn({ sqlState: refusal.sqlState }, 'push: the database refused a value; isolating the mutations');
    request.mutations.forEach((m, i) => (m.args = sentArgs[i]));
    return applyOnce(db, user, request, zone, log, true, now);
  }
}

async function applyOnce(
  db: Db,
  user: SessionUser,
  request: PushRequest,
  zone: string,
  log: Pick<FastifyBaseLogger, 'warn'> | undefined,
  isolate: boolean,
  now: () => Date,
): Promise<PushResponse> {
  const serverNow = now();
  const clockSkewMs = serverNow.getTime() - Date.parse(request.deviceNow);
  const outcomes = new Map<number, Outcome>(); // by index in the request

  // A mutation made by another user says nothing about the mutation itself (e.g. a shared phone
  // switched accounts), so wrong_user is answered but not logged: logging it would block the id
  // for its rightful owner forever.
  request.mutations.forEach((m, i) => {
    if (m.userId !== user.id) {
      outcomes.set(
        i,
        reject('wrong_user', `mutation was made by user ${m.userId}, but this session is ${user.username}`),
      );
    }
  });

  // The change-feed lock is taken with BEGIN, before anything else: seqs of the rows written here
  // must follow commit order, and a second server process pushing the same ids waits there and
  // then finds our log entries.
  return db.transaction(async (tx) => {
    const firstIndex = new Map<string, number>(); // mutation id → index of its first occurrence here
    request.mutations.forEach((m, i) => {
      if (!outcomes.has(i) && !firstIndex.has(m.id)) firstIndex.set(m.id, i);
    });

    // Replays first: an id already in the log gets its first outcome (or conflict when the body
    // changed), and takes no further part. The look-up only needs the ids, so it is sent before
    // the JS-only work (parsing args, body hashes, then names, times and roles) and the database
    // answers while that runs.
    const lookingUp = findLogged(tx, [...firstIndex.keys()]);
    // Args are parsed before hashing: the schemas canonicalise them (ids in lower case, trimmed
    // text), so a replay spelled differently (an upper-case id) hashes the same as its first push.
    // Args that fail their schema are hashed as sent. The phone queues parsed args, so hashes
    // logged before this ordering are the same for what phones send.
    const parses = request.mutations.map((m) => (isMutationName(m.name) ? MUTATIONS[m.name].safeParse(m.args) : null));
    const hashes = request.mutations.map((m, i) => {
      const parsed = parses[i];
      return mutationBodyHash({ name: m.name, userId: m.userId, args: parsed?.success ? parsed.data : m.args });
    });
    const verdicts = new Map<number, Outcome | null>(); // first occurrences: null = on to the checks
    for (const i of firstIndex.values())
      verdicts.set(i, validate(request.mutations[i]!, parses[i] ?? null, user, serverNow));
    const logged = await lookingUp;
    request.mutations.forEach((m, i) => {
      const entry = outcomes.has(i) ? undefined : logged.get(m.id);
      if (entry) outcomes.set(i, entry.bodyHash === hashes[i] ? entry.outcome : CONFLICT);
    });

    // Duplicates inside the batch; the verdicts of names, args and roles.
    const candidates = new Map<number, Candidate>();
    const ctx: PushContext = {
      tx,
      user,
      serverNow,
      clockSkewMs,
      zone,
      outcomes,
      // Filtered by name, so of those names (TypeScript cannot follow a generic name through the filter).
      applied: <N extends MutationName>(names: readonly N[]) =>
        [...candidates.values()].filter(
          (c) => (names as readonly MutationName[]).includes(c.name) && outcomes.get(c.index)?.status === 'applied',
        ) as unknown as Candidate<N>[],
      closedMonths: once(() => closedMonths(tx)),
    };
    request.mutations.forEach((m, i) => {
      if (outcomes.has(i)) return;
      const first = firstIndex.get(m.id)!;
      if (first !== i) {
        // Decided after the second pass: same body → same outcome as the first occurrence.
        if (hashes[first] !== hashes[i]) outcomes.set(i, CONFLICT);
        return;
      }
      outcomes.set(i, verdicts.get(i) ?? APPLIED);
      if (outcomes.get(i)!.status === 'applied') {
        // The one place name and args meet untyped: validate() applied MUTATIONS[name] to these args.
        candidates.set(i, {
          index: i,
          name: m.name as MutationName,
          args: m.args,
          mutationId: m.id,
          bodyHash: hashes[i]!,
        } as Candidate);
      }
    });

    // Second pass: references, ownership and state, family by family (set-based inside each).
    for (const family of FAMILIES) {
      const mine = [...candidates.values()].filter((c) => family.names.includes(c.name));
      if (mine.length) await family.check(ctx, mine);
    }

    // Writes, family by family, before the log (which records the final outcomes). Isolated on the
    // second run only: a refused value then rejects just its own mutation (write-isolated.ts).
    for (const family of FAMILIES) {
      const toWrite = [...candidates.values()].filter(
        (c) => family.names.includes(c.name) && outcomes.get(c.index)!.status === 'applied',
      );
      if (!toWrite.length) continue;
      if (!isolate) await family.write(ctx, toWrite);
      else {
        await writeIsolated(ctx, family, toWrite, (c, sqlState) => {
          log?.warn({ mutationId: c.mutationId, name: c.name, sqlState }, 'push: the database refused a mutation');
        });
      }
    }

    // Duplicates inside the batch take their first occurrence's outcome.
    request.mutations.forEach((m, i) => {
      if (!outcomes.has(i)) outcomes.set(i, outcomes.get(firstIndex.get(m.id)!)!);
    });

    // Log every new id with its outcome: in `mutations`, unless its family's write is the log.
    const fresh = [...firstIndex.values()].filter((i) => !logged.has(request.mutations[i]!.id));
    await logInMutationsTable(
      tx,
      user.id,
      fresh
        .filter(
          (i) =>
            !(
              outcomes.get(i)!.status === 'applied' && familyOf(request.mutations[i]!.name as MutationName)?.appliedLog
            ),
        )
        .map((i) => ({
          id: request.mutations[i]!.id,
          name: request.mutations[i]!.name,
          bodyHash: hashes[i]!,
          outcome: outcomes.get(i)!,
        })),
    );

    return {
      serverTime: serverNow.toISOString(),
      clockSkewMs,
      results: request.mutations.map((m, i) => toResult(m.id, outcomes.get(i)!)),
    };
  }, LOCK_CHANGE_FEED);
}

type ArgsParse = { success: true; data: unknown } | { success: false; error: z.ZodError };

/** Name, args (parsed already), times against the server's clock and role; null when the mutation may go on to its family's checks. */
function validate(m: MutationEnvelope, parsed: ArgsParse | null, user: SessionUser, serverNow: Date): Outcome | null {
  if (!isMutationName(m.name) || !parsed) return reject('unknown_mutation', `unknown mutation "${m.name}"`);
  if (!parsed.success) return reject('invalid', describeIssues(parsed.error));
  m.args = parsed.data;
  const future = futureProblem(m.name, parsed.data, serverNow);
  if (future) return reject('in_future', future);
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
