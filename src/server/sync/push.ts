import {
  MUTATIONS,
  RECORDER_ROLES,
  SchemeSchema,
  describeIssues,
  isMutationName,
  type MutationEnvelope,
  type MutationResult,
  type PushRequest,
  type PushResponse,
  type FinishRoundArgs,
  type RecordViolationArgs,
  type RejectionCode,
  type StartRoundArgs,
  type Scheme,
  DEFAULT_HALL_TIME_ZONE,
  hallMonth,
} from '../../domain';
import type { SessionUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { mutationBodyHash } from './canonical-json';
import { checkCorrections, closedMonths, rejectClosedRecords, writeCorrections, type CorrectionArgs } from './corrections';
import { checkRounds, writeRounds } from './rounds';

type Rejection = { code: RejectionCode; reason: string };
type Outcome = { status: 'applied' } | ({ status: 'rejected' } & Rejection);

interface StoredMutation {
  id: string;
  body_hash: string;
  outcome: 'applied' | 'rejected';
  code: RejectionCode | null;
  reason: string | null;
}

/** A mutation that passed validation and waits for its references to be checked. */
interface Candidate {
  envelope: MutationEnvelope;
  hash: string;
  args: RecordViolationArgs;
}

const reject = (code: RejectionCode, reason: string): Outcome => ({ status: 'rejected', code, reason });

function toResult(id: string, outcome: Outcome): MutationResult {
  return outcome.status === 'applied'
    ? { id, status: 'applied' }
    : { id, status: 'rejected', code: outcome.code, reason: outcome.reason };
}

function storedOutcome(row: StoredMutation): Outcome {
  return row.outcome === 'applied'
    ? { status: 'applied' }
    : reject(row.code ?? 'invalid', row.reason ?? 'rejected');
}

const CONFLICT = reject('conflict', 'mutation id reused with a different body');

/**
 * Applies one pushed batch, exactly once per mutation id.
 *
 * Set-based on purpose (a phone may upload 10,000 queued records after a day offline): all
 * validation happens in JS, references are loaded with one query per table, and the mutation
 * log and the violations are each written with one multi-row INSERT … SELECT FROM unnest(…).
 * The log rows and the violations commit in the same transaction, so a mutation is never
 * half-applied, and a replay (same id) gets the first stored outcome back. `zone` is the hall's
 * time zone: a record's month is the hall month of its observedAt.
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
      outcomes.set(i, validate(m, user) ?? { status: 'applied' });
      if (outcomes.get(i)!.status === 'applied') {
        candidates.set(i, { envelope: m, hash, args: m.args as RecordViolationArgs });
      }
    });

    // Second pass: references, one query per table.
    const records = new Map([...candidates].filter(([, c]) => c.envelope.name === 'violation.record'));
    const rounds = new Map([...candidates].filter(([, c]) => c.envelope.name.startsWith('round.')));
    if (records.size) await checkReferences(tx, records, outcomes, zone);
    const corrections = [...candidates].filter(([, c]) => c.envelope.name.startsWith('violation.') && c.envelope.name !== 'violation.record');
    if (records.size || corrections.length) {
      const closed = await closedMonths(tx);
      rejectClosedRecords(closed, [...records].map(([index, c]) => ({ index, args: c.args })), outcomes, zone);
      if (corrections.length) {
        const batchRecords = new Map([...records].filter(([i]) => outcomes.get(i)?.status === 'applied').map(([, c]) => [c.args.id, c.args]));
        await checkCorrections(tx, user, corrections.map(([index, c]) => ({ index, name: c.envelope.name, args: c.args as unknown as CorrectionArgs })), outcomes, batchRecords, closed, zone);
      }
    }
    if (rounds.size) {
      await checkRounds(tx, user, [...rounds].map(([i, c]) => ({ index: i, name: c.envelope.name, args: c.args as unknown as StartRoundArgs | FinishRoundArgs })), outcomes);
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

    const toInsert = [...candidates.entries()].filter(
      ([i, c]) => outcomes.get(i)!.status === 'applied' && won.has(c.envelope.id),
    );
    const toRecord = toInsert.filter(([, c]) => c.envelope.name === 'violation.record');
    if (toRecord.length) await insertViolations(tx, toRecord.map(([, c]) => c.args), user.id, serverNow, clockSkewMs);
    const toRound = toInsert.filter(([, c]) => c.envelope.name.startsWith('round.'));
    if (toRound.length) {
      await writeRounds(tx, user.id, toRound.map(([, c]) => ({ name: c.envelope.name, args: c.args as unknown as StartRoundArgs | FinishRoundArgs })), serverNow, zone);
    }
    const toCorrect = toInsert.filter(([, c]) => c.envelope.name.startsWith('violation.') && c.envelope.name !== 'violation.record');
    if (toCorrect.length) await writeCorrections(tx, user, toCorrect.map(([, c]) => ({ name: c.envelope.name, args: c.args as unknown as CorrectionArgs })), zone);

    return {
      serverTime: serverNow.toISOString(),
      clockSkewMs,
      results: request.mutations.map((m, i) => toResult(m.id, outcomes.get(i)!)),
    };
  });
}

/** Name, args and role; null when the mutation may go on to the reference checks. */
function validate(m: MutationEnvelope, user: SessionUser): Outcome | null {
  if (!isMutationName(m.name)) return reject('unknown_mutation', `unknown mutation "${m.name}"`);
  const parsed = MUTATIONS[m.name].safeParse(m.args);
  if (!parsed.success) return reject('invalid', describeIssues(parsed.error));
  m.args = parsed.data;
  if (!RECORDER_ROLES.includes(user.role)) {
    return reject('forbidden', `role ${user.role} may not record violations (allowed: ${RECORDER_ROLES.join(', ')})`);
  }
  return null;
}

const codeOf = (o: Outcome) => (o.status === 'rejected' ? o.code : null);
const reasonOf = (o: Outcome) => (o.status === 'rejected' ? o.reason : null);

async function checkReferences(tx: Db, candidates: Map<number, Candidate>, outcomes: Map<number, Outcome>, zone: string) {
  const all = [...candidates.values()].map((c) => c.args);
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  // One query per table, one after another (a transaction is one connection).
  const windows = await tx.query<{ id: string }>(
    'select id from windows where id = any($1::uuid[]) and deleted_at is null',
    [unique(all.map((a) => a.windowId))],
  );
  const staff = await tx.query<{ id: string; window_id: string }>(
    'select id, window_id from staff where id = any($1::uuid[]) and deleted_at is null',
    [unique(all.map((a) => a.staffId))],
  );
  const existing = await tx.query<{ id: string }>('select id from violations where id = any($1::uuid[])', [
    all.map((a) => a.id),
  ]);
  const schemes = await tx.query<{ effective_from: string; data: unknown }>(
    'select effective_from, data from schemes where deleted_at is null order by effective_from, version',
  );
  const windowIds = new Set(windows.map((w) => w.id));
  const staffWindow = new Map(staff.map((s) => [s.id, s.window_id]));
  const takenViolationIds = new Set(existing.map((v) => v.id)); // grows with ids claimed in this batch
  const schemeList = schemes.map((s) => ({ from: s.effective_from, codes: itemCodes(s.data) }));

  for (const [i, { args }] of candidates) {
    const outcome = referenceProblem(args, windowIds, staffWindow, takenViolationIds, schemeList, zone);
    if (outcome) outcomes.set(i, outcome);
    else takenViolationIds.add(args.id); // a second mutation with the same record id in this batch
  }
}

function itemCodes(data: unknown): Set<string> {
  const parsed = SchemeSchema.safeParse(data);
  return new Set(parsed.success ? parsed.data.items.map((item: Scheme['items'][number]) => item.code) : []);
}

function referenceProblem(
  args: RecordViolationArgs,
  windowIds: Set<string>,
  staffWindow: Map<string, string>,
  takenViolationIds: Set<string>,
  schemes: { from: string; codes: Set<string> }[],
  zone: string,
): Outcome | null {
  if (!windowIds.has(args.windowId)) return reject('not_found', `window ${args.windowId} not found`);
  if (args.staffId) {
    const at = staffWindow.get(args.staffId);
    if (!at) return reject('not_found', `staff member ${args.staffId} not found`);
    if (at !== args.windowId) {
      return reject('not_found', `staff member ${args.staffId} does not work at window ${args.windowId}`);
    }
  }
  // The scheme in force in the hall month the record was observed in.
  const month = hallMonth(args.observedAt, zone);
  const scheme = schemes.filter((s) => s.from <= month).at(-1) ?? schemes[0];
  if (!scheme) return reject('not_found', 'no assessment scheme is configured');
  if (!scheme.codes.has(args.itemCode)) {
    return reject('not_found', `item ${args.itemCode} is not in the assessment scheme in force for ${month}`);
  }
  if (takenViolationIds.has(args.id)) return reject('conflict', `violation ${args.id} already exists`);
  return null;
}

/**
 * One multi-row insert. Record ids were checked free under the change-feed lock (every writer of
 * violations holds it), so a clash here is a bug and fails the whole batch rather than half-applying.
 */
async function insertViolations(tx: Db, rows: RecordViolationArgs[], recordedBy: string, receivedAt: Date, skewMs: number) {
  await tx.query(
    `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at,
                             recorded_by, server_received_at, clock_skew_ms, round_id)
     select id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, $9::uuid, $10::timestamptz, $11::bigint, round_id
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::timestamptz[], $12::uuid[])
         as t(id, window_id, staff_id, item_code, count, observed_at, note, device_recorded_at, round_id)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.windowId),
      rows.map((r) => r.staffId),
      rows.map((r) => r.itemCode),
      rows.map((r) => r.count),
      rows.map((r) => r.observedAt),
      rows.map((r) => r.note),
      rows.map((r) => r.deviceRecordedAt),
      recordedBy,
      receivedAt.toISOString(),
      skewMs,
      rows.map((r) => r.roundId ?? null),
    ],
  );
}
