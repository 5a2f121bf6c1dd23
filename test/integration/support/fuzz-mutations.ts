import fc from 'fast-check';
import { MUTATIONS } from '../../../src/domain';
import { DEMO_IDS } from '../../../src/server/seed/demo-center';
import { fresh, HOSTILE_DATES, HOSTILE_UUIDS, known, mutated, upper, type Payload } from './fuzz-values';

/**
 * Valid args of every mutation of MUTATIONS (src/domain/sync/mutations.ts) as templates, with
 * the demo seed's ids and the ids of what exists ({$known}), then mutated (fuzz-values.ts).
 * The fixed dates lie in 2026–2027, months no test closes before the push properties run.
 */
const A = DEMO_IDS.window102StaffA;
const W = DEMO_IDS.window102;
const SUB = DEMO_IDS.window101StaffA;

const time = fc.constantFrom(
  '2026-03-02T09:15:00+08:00',
  '2026-04-10T15:00:00+08:00',
  '2026-11-03T10:30:00+08:00',
  '2026-03-31T23:59:59+08:00',
  '2026-03-01T00:00:00Z',
);
/** A hall day of 2027–2028 (spread out, so generated leaves of one person seldom overlap). */
const dayFrom = (offset: number) => new Date(Date.UTC(2027, 0, 4) + offset * 86_400_000).toISOString().slice(0, 10);
const day = fc.nat(700).map(dayFrom);
const halfDay = fc.record({ date: day, half: fc.constantFrom('am', 'pm') });
/** A leave's from and to, to on or after from. */
const leaveSpan = fc
  .tuple(fc.nat(700), fc.nat(4), fc.constantFrom('am', 'pm'), fc.constantFrom('am', 'pm'))
  .map(([start, days, h1, h2]) => ({
    from: { date: dayFrom(start), half: h1 },
    to: { date: dayFrom(start + days), half: days === 0 ? 'pm' : h2 },
  }));
const text = fc.constantFrom('早餐在窗口', 'note', '', '家中有事', 'a'.repeat(500));
/** Comments and notes of leave (COMMENT_MAX 300). */
const comment = fc.constantFrom('同意', '', 'a'.repeat(300));
const reason = fc.constantFrom('家中有事', 'reason', '复核后撤回');
const windowAndStaff = fc.constantFrom(
  [W, A],
  [W, DEMO_IDS.window102StaffB],
  [W, null],
  [DEMO_IDS.window101, DEMO_IDS.window101StaffA],
  [DEMO_IDS.window201, DEMO_IDS.window201StaffA],
  [DEMO_IDS.window105, DEMO_IDS.window105Staff],
) as fc.Arbitrary<[string, string | null]>;
const itemCode = fc.constantFrom('EATING', 'NO_BADGE', 'OFF_POST', 'CHATTING', 'GAMING', 'NOT_A_CODE');
const ref = (kind: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.nat(40).map((i) => known(kind, i)) },
    { weight: 1, arbitrary: fc.nat(3).map((k) => fresh(k)) },
  );
const hash = fc.constantFrom('a'.repeat(64), 'b'.repeat(64), '0123456789abcdef'.repeat(4));
const attachment = fc.record({
  hash,
  kind: fc.constantFrom('certificate', 'notice', 'other'),
  mime: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf'),
});

const recordArgs = (k: number) =>
  fc
    .tuple(
      windowAndStaff,
      itemCode,
      fc.integer({ min: 1, max: 20 }),
      time,
      text,
      fc.option(ref('round'), { nil: undefined }),
    )
    .map(([[windowId, staffId], code, count, observedAt, note, roundId]) => ({
      id: fresh(k),
      windowId,
      staffId,
      itemCode: code,
      count,
      observedAt,
      note,
      deviceRecordedAt: observedAt,
      ...(roundId ? { roundId } : {}),
    }));

const ARGS: Record<keyof typeof MUTATIONS, fc.Arbitrary<unknown>> = {
  'violation.record': recordArgs(10),
  'round.start': fc.record({
    id: fc.constant(fresh(20)),
    floorId: fc.constantFrom(DEMO_IDS.floor1, DEMO_IDS.floor2),
    slot: fc.integer({ min: 0, max: 1 }),
    startedAt: time,
  }),
  'round.finish': fc.record({
    id: fc.oneof(fc.constant(fresh(20)), ref('round')),
    finishedAt: time,
    checkedWindowIds: fc.array(fc.constantFrom(W, DEMO_IDS.window101), { maxLength: 2 }),
    allInOrderWindowIds: fc.array(fc.constantFrom(DEMO_IDS.window101), { maxLength: 1 }),
  }),
  'round.check_window': fc.record({
    id: fc.oneof(fc.constant(fresh(20)), ref('round')),
    windowId: fc.constantFrom(W, DEMO_IDS.window101),
    inOrder: fc.boolean(),
    checkedAt: time,
  }),
  'round.abandon': fc.record({ id: fc.oneof(fc.constant(fresh(20)), ref('round')), reason, abandonedAt: time }),
  'violation.update': fc
    .record(
      {
        id: fc.oneof(fc.constant(fresh(10)), ref('violation')),
        count: fc.integer({ min: 1, max: 20 }),
        note: text,
        // #15: the return time of an off-post record (any time, or null to clear it).
        returnedAt: fc.option(time, { nil: null }),
      },
      { requiredKeys: ['id'] },
    )
    .map((a) => ('count' in a || 'note' in a ? a : { ...a, note: 'x' })),
  'violation.withdraw': fc.record({ id: fc.oneof(fc.constant(fresh(10)), ref('violation')), reason }),
  'violation.late_submit': fc.record({ id: fc.constant(fresh(30)), violation: recordArgs(31), reason }),
  'dispute.file': fc.record({ id: fc.constant(fresh(40)), violationId: ref('violation'), reason, filedAt: time }),
  'leave.request': fc
    .record({
      id: fc.constant(fresh(50)),
      staffId: fc.constantFrom(A, A, DEMO_IDS.window102StaffB, DEMO_IDS.window105Staff),
      windowId: fc.constantFrom(W, W, DEMO_IDS.window105),
      type: fc.constantFrom('personal', 'sick', 'annual', 'official'),
      span: leaveSpan,
      reason,
      attachments: fc.array(attachment, { maxLength: 2 }),
      extensionOf: fc.option(ref('leave'), { nil: null, freq: 4 }),
      submittedAt: time,
    })
    .map(({ span, ...rest }) => ({ ...rest, ...span })),
  'leave.decide': fc.record({
    leaveId: fc.oneof(fc.constant(fresh(50)), ref('leave')),
    step: fc.integer({ min: 0, max: 3 }),
    decision: fc.constantFrom('approve', 'reject'),
    comment: comment,
    decidedAt: time,
  }),
  'leave.withdraw': fc.record({ leaveId: fc.oneof(fc.constant(fresh(50)), ref('leave')), at: time }),
  'leave.revoke_request': fc.record({ leaveId: ref('leave'), reason, at: time }),
  'leave.revoke_answer': fc.record({ leaveId: ref('leave'), consent: fc.boolean(), comment: comment, at: time }),
  'leave.attach': fc.record({ leaveId: fc.oneof(fc.constant(fresh(50)), ref('leave')), attachment, at: time }),
  'leave.close': fc.record({
    leaveId: ref('leave'),
    returnedOn: halfDay,
    note: comment,
    certificate: fc.option(attachment, { nil: null }),
    at: time,
  }),
  'leave.mark_deceit': fc.record({ leaveId: ref('leave'), reason, at: time }),
  'substitute.name': fc.record({
    id: fc.constant(fresh(60)),
    leaveId: fc.oneof(fc.constant(fresh(50)), ref('leave')),
    substituteStaffId: fc.constantFrom(SUB, null),
    substituteName: fc.constantFrom('替岗人', 'x'),
    substitutePhone: fc.constantFrom('13900001111', null),
    at: time,
  }),
  'substitute.confirm': fc.record({ id: fc.oneof(fc.constant(fresh(60)), ref('substitute')), at: time }),
  'substitute.badge_issue': fc.record({
    id: ref('substitute'),
    badgeNumber: fc.constantFrom('LS-01', 'LS-99'),
    at: time,
  }),
  'substitute.badge_return': fc.record({ id: ref('substitute'), at: time }),
  'outing.start': fc.record({
    id: fc.constant(fresh(70)),
    staffId: fc.constantFrom(A, DEMO_IDS.window101StaffA),
    windowId: fc.constantFrom(W, DEMO_IDS.window101),
    purpose: fc.constantFrom('取材料', 'x'),
    startedAt: time,
    expectedReturnAt: fc.option(time, { nil: null }),
  }),
  'outing.return': fc.record({ id: fc.oneof(fc.constant(fresh(70)), ref('outing')), returnedAt: time }),
};

export const MUTATION_NAMES = Object.keys(ARGS) as (keyof typeof MUTATIONS)[];

/** Names that are not mutations: wrong case, prototype keys, NUL, too long, random. */
const ODD_NAMES = fc.oneof(
  fc.constantFrom(
    'VIOLATION.RECORD',
    'violation.record\u0000',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '',
    'x'.repeat(61),
    'violation.record ',
    'leave.*',
  ),
  fc.string({ maxLength: 30 }),
);

export interface EnvelopeTemplate {
  labels: string[];
  envelope: unknown;
}

/**
 * One queued mutation: valid args of a named mutation, mutated or not; an envelope that may be
 * another user's (wrong_user), carry a hostile createdAt, an odd name, or an id that is upper-case,
 * the same as another in the batch ({$fresh: 0} is shared) or not a UUID.
 */
export function envelopeTemplate(user: string, userIds: readonly string[]): fc.Arbitrary<EnvelopeTemplate> {
  // Mostly what the pusher's role may send (so many are applied and the row counts mean
  // something), the creating mutations most; any name now and then.
  const names = fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...MUTATION_NAMES) },
    { weight: 3, arbitrary: fc.constantFrom(...ROLE_NAMES[user]!) },
  );
  const named = names.chain((name) =>
    mutated(ARGS[name]!, { wholeBody: true, validWeight: 8 }).map((p: Payload) => ({ name, p })),
  );
  return fc
    .tuple(
      named,
      fc.oneof(
        { weight: 20, arbitrary: fc.constant<[string, unknown]>(['', null]) },
        { weight: 1, arbitrary: ODD_NAMES.map<[string, unknown]>((n) => ['odd name', n]) },
        { weight: 1, arbitrary: fc.constant<[string, unknown]>(['other user', 'other']) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...HOSTILE_DATES).map<[string, unknown]>(([l, v]) => [`createdAt ${l}`, v]),
        },
        { weight: 1, arbitrary: fc.constant<[string, unknown]>(['upper-case mutation id', 'upper']) },
        { weight: 1, arbitrary: fc.constant<[string, unknown]>(['shared mutation id', 'shared']) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...HOSTILE_UUIDS).map<[string, unknown]>(([l, v]) => [`mutation id ${l}`, v]),
        },
      ),
      fc.nat(1000),
    )
    .map(([{ name, p }, [envLabel, envValue], k]) => {
      const id =
        envLabel === 'upper-case mutation id'
          ? upper(fresh(1000 + k))
          : envLabel === 'shared mutation id'
            ? fresh(0)
            : envLabel.startsWith('mutation id')
              ? envValue
              : fresh(1000 + k);
      const otherUser = userIds[k % userIds.length];
      const envelope = {
        id,
        name: envLabel === 'odd name' ? envValue : name,
        userId: envLabel === 'other user' ? otherUser : known('self'),
        createdAt: envLabel.startsWith('createdAt') ? envValue : '2026-03-02T09:20:00+08:00',
        args: p.body,
      };
      return {
        labels: [`${name}${p.labels.length ? `: ${p.labels.join(', ')}` : ''}`, ...(envLabel ? [envLabel] : [])],
        envelope,
      };
    });
}

export interface BatchTemplate {
  user: string;
  labels: string[];
  /** The body: {deviceNow, mutations}, or a broken whole body. */
  body: unknown;
}

const PUSHERS = ['duty1', 'duty1', 'duty2', 'staff1', 'staff1', 'head1', 'super1', 'leader1', 'dept1'];

type Name = keyof typeof MUTATIONS;
const RECORDER: Name[] = [
  'violation.record',
  'violation.record',
  'round.start',
  'round.finish',
  'round.check_window',
  'round.abandon',
  'violation.update',
  'violation.withdraw',
  'violation.late_submit',
];
const APPROVER: Name[] = ['leave.decide', 'leave.revoke_answer', 'substitute.name', 'substitute.confirm'];
/** What each demo user's role may send (src/server/sync families' roles and the leave rules). */
const ROLE_NAMES: Record<string, Name[]> = {
  duty1: RECORDER,
  duty2: RECORDER,
  staff1: [
    'leave.request',
    'leave.request',
    'outing.start',
    'outing.return',
    'leave.withdraw',
    'leave.attach',
    'leave.close',
    'leave.revoke_request',
    'substitute.name',
  ],
  head1: ['leave.request', 'dispute.file', 'outing.start', ...APPROVER],
  super1: [
    ...RECORDER,
    'leave.request',
    'outing.start',
    'leave.mark_deceit',
    'substitute.badge_issue',
    'substitute.badge_return',
    'leave.close',
  ],
  leader1: APPROVER,
  dept1: APPROVER,
};

/** A batch of 1–6 mutations by one user, good and bad mixed; sometimes a broken deviceNow or body. */
export function batchTemplate(userIds: readonly string[]): fc.Arbitrary<BatchTemplate> {
  return fc.constantFrom(...PUSHERS).chain((pusher) =>
    fc
      .tuple(
        fc.constant(pusher),
        fc.array(envelopeTemplate(pusher, userIds), { minLength: 1, maxLength: 6 }),
        fc.oneof(
          { weight: 10, arbitrary: fc.constant<[string, unknown]>(['', '2026-03-02T09:20:00+08:00']) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(...HOSTILE_DATES).map<[string, unknown]>(([l, v]) => [`deviceNow ${l}`, v]),
          },
        ),
      )
      .map(([user, envelopes, [nowLabel, deviceNow]]) => ({
        user,
        labels: [...envelopes.flatMap((e) => e.labels), ...(nowLabel ? [nowLabel] : [])],
        body: { deviceNow, mutations: envelopes.map((e) => e.envelope) },
      })),
  );
}
