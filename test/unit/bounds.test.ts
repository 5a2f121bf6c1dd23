import { describe, expect, it } from 'vitest';
import {
  FUTURE_TOLERANCE_MS,
  INT32_MAX,
  INT32_MIN,
  boundedText,
  dayInRange,
  hallDate,
  instant,
  int32,
  isCleanText,
  isInFuture,
  month,
  requiredText,
  storableText,
  uint32,
  uuid,
} from '../../src/domain/bounds';
import {
  FloorSchema,
  MUTATIONS,
  MutationEnvelopeSchema,
  PushRequestSchema,
  RecordViolationArgsSchema,
  WindowSchema,
  futureProblem,
} from '../../src/domain';
import { AuditQuerySchema, FloorInputSchema, UserCreateSchema } from '../../src/domain/admin';
import { RequestLeaveArgsSchema } from '../../src/domain/leave/mutations';
import { SchemeSchema } from '../../src/domain/scheme/schema';
import { DEFAULT_SCHEME } from '../../src/domain/scheme/default-scheme';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe('text', () => {
  it('refuses NUL and lone surrogates, keeps real pairs (emoji, rare 汉字)', () => {
    expect(isCleanText('窗口 101 😀 𠀀')).toBe(true);
    expect(isCleanText('a\u0000b')).toBe(false);
    expect(isCleanText('a\uD800b')).toBe(false); // a high surrogate alone
    expect(isCleanText('a\uDC00')).toBe(false); // a low surrogate alone
    expect(isCleanText('\uDC00\uD800')).toBe(false); // the pair the wrong way round
    expect(ok(boundedText(5), 'abcde')).toBe(true);
    expect(ok(boundedText(5), 'abcdef')).toBe(false);
    expect(boundedText(5).safeParse('a\u0000').error?.issues[0]?.message).toMatch(/NUL/);
  });

  it('requiredText trims, needs something, says what is missing', () => {
    expect(requiredText(10).parse('  一楼 ')).toBe('一楼');
    expect(requiredText(10, 'a reason is required').safeParse('   ').error?.issues[0]?.message).toBe(
      'a reason is required',
    );
    expect(ok(requiredText(10), 'x\u0000')).toBe(false);
  });

  it('storableText replaces what cannot be stored', () => {
    expect(storableText('a\u0000b\uD800')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('😀')).toBe('😀');
  });
});

describe('integers', () => {
  it('int32 is the PostgreSQL int range; uint32 its non-negative half', () => {
    expect(ok(int32, INT32_MAX)).toBe(true);
    expect(ok(int32, INT32_MIN)).toBe(true);
    for (const v of [2 ** 31, INT32_MIN - 1, 1e15, 1.5, Number.NaN, Infinity])
      expect(ok(int32, v), String(v)).toBe(false);
    expect(ok(uint32, 0)).toBe(true);
    expect(ok(uint32, -1)).toBe(false);
    expect(ok(uint32, 2 ** 31)).toBe(false);
  });
});

describe('ids', () => {
  it('a UUID in any case reads as lower case; not a UUID is refused', () => {
    const id = '8F2A1C3E-1D2B-4C5D-8E9F-0A1B2C3D4E5F';
    expect(uuid.parse(id)).toBe(id.toLowerCase());
    expect(uuid.parse(id.toLowerCase())).toBe(id.toLowerCase());
    expect(ok(uuid, 'not-a-uuid')).toBe(false);
    expect(ok(uuid, `${id}\u0000`)).toBe(false);
  });

  it('the push envelope and mutation args canonicalise every id', () => {
    const upper = '8F2A1C3E-1D2B-4C5D-8E9F-0A1B2C3D4E5F';
    const env = MutationEnvelopeSchema.parse({
      id: upper,
      name: 'violation.record',
      userId: upper,
      createdAt: '2026-03-02T09:15:00+08:00',
      args: {},
    });
    expect([env.id, env.userId]).toEqual([upper.toLowerCase(), upper.toLowerCase()]);
    const args = RecordViolationArgsSchema.parse({
      id: upper,
      windowId: upper,
      staffId: upper,
      itemCode: 'LATE',
      count: 1,
      observedAt: '2026-03-02T09:15:00+08:00',
      note: '',
      deviceRecordedAt: '2026-03-02T09:15:00+08:00',
      roundId: upper,
    });
    expect([args.id, args.windowId, args.staffId, args.roundId]).toEqual(Array(4).fill(upper.toLowerCase()));
  });
});

describe('instants and days', () => {
  it('instants lie in 2000-01-01 … 2099-12-30 (any offset); malformed ones say so once', () => {
    for (const v of ['2000-01-01T00:00:00Z', '2026-03-02T09:15:00+08:00', '2099-12-30T23:59:59Z'])
      expect(ok(instant, v), v).toBe(true);
    for (const v of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '1999-12-31T23:59:59Z',
      '2099-12-31T00:00:00Z',
      '9999-12-31T00:00:00Z',
    ]) {
      expect(
        instant.safeParse(v).error?.issues.map((i) => i.message),
        v,
      ).toEqual(['must lie between 2000-01-01 and 2099-12-31']);
    }
    expect(instant.safeParse('yesterday').error?.issues.map((i) => i.message)).toEqual([
      'must be an ISO 8601 date-time',
    ]);
  });

  it('hall days are real calendar days in range; a malformed day never throws', () => {
    expect(ok(hallDate, '2028-02-29')).toBe(true);
    expect(hallDate.safeParse('2026-02-30').error?.issues.map((i) => i.message)).toEqual(['no such date']);
    expect(hallDate.safeParse('9999-12-31').error?.issues.map((i) => i.message)).toEqual([
      'must lie between 2000-01-01 and 2099-12-31',
    ]);
    for (const v of ['abc', '2026-13-01', '2026-1-1', ''])
      expect(
        hallDate.safeParse(v).error?.issues.map((i) => i.message),
        v,
      ).toEqual(['must be a date YYYY-MM-DD']);
    expect(ok(dayInRange, '2026-04-31')).toBe(true); // the roster says itself it is "not a day of 2026-04"
  });

  it('months lie in 2000-01 … 2099-12', () => {
    expect(ok(month, '2026-03')).toBe(true);
    expect(ok(month, '1999-12')).toBe(false);
    expect(ok(month, '10000-01')).toBe(false);
    expect(ok(month, '2100-01')).toBe(false);
  });

  it('in the future: beyond the server clock plus the tolerance', () => {
    const now = new Date('2026-03-02T01:00:00Z');
    expect(isInFuture(new Date(now.getTime() + FUTURE_TOLERANCE_MS).toISOString(), now)).toBe(false);
    expect(isInFuture(new Date(now.getTime() + FUTURE_TOLERANCE_MS + 1000).toISOString(), now)).toBe(true);
    expect(isInFuture('2026-03-02T09:05:00+08:00', now)).toBe(false); // the same instant as 01:05Z
  });

  it('futureProblem looks at the observation of a record and of a late submission only', () => {
    const now = new Date('2026-03-02T01:00:00Z');
    const late = '2026-03-02T02:00:00Z';
    expect(futureProblem('violation.record', { observedAt: late }, now)).toMatch(
      /observedAt 2026-03-02T02:00:00Z is later than the server's time/,
    );
    expect(futureProblem('violation.late_submit', { violation: { observedAt: late } }, now)).toMatch(/later than/);
    expect(futureProblem('violation.record', { observedAt: '2026-03-02T01:05:00Z' }, now)).toBeNull();
    expect(futureProblem('round.start', { startedAt: late }, now)).toBeNull();
  });
});

describe('the shared schemas use the bounds', () => {
  it('floors and windows: level and position within int, names without NUL', () => {
    const id = '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
    expect(ok(FloorSchema, { id, name: '一楼', level: -2 })).toBe(true);
    expect(ok(FloorSchema, { id, name: '一楼', level: 2 ** 31 })).toBe(false);
    expect(ok(FloorInputSchema, { name: '一\u0000楼', level: 1 })).toBe(false);
    const w = { id, floorId: id, number: '101', name: '户籍', department: '公安局', kind: 'approval', position: 0 };
    expect(ok(WindowSchema, w)).toBe(true);
    expect(ok(WindowSchema, { ...w, position: 2 ** 31 })).toBe(false);
    expect(ok(WindowSchema, { ...w, department: '公安\u0000局' })).toBe(false);
  });

  it('users and audit filters', () => {
    expect(
      ok(UserCreateSchema, {
        username: 'duty1\u0000',
        password: 'longenough',
        displayName: '值班',
        role: 'supervision',
      }),
    ).toBe(false);
    expect(
      ok(UserCreateSchema, {
        username: 'x'.repeat(10_000),
        password: 'longenough',
        displayName: '值班',
        role: 'supervision',
      }),
    ).toBe(false);
    expect(ok(AuditQuerySchema, { actor: '\u0000' })).toBe(false);
    expect(ok(AuditQuerySchema, { from: '0000-01-01T00:00:00Z' })).toBe(false);
    expect(ok(AuditQuerySchema, { from: '2026-03-01', to: '2026-03-02T00:00:00+08:00', actor: '张' })).toBe(true);
  });

  it('a leave spans at most 366 calendar days', () => {
    const base = {
      id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
      staffId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
      windowId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
      type: 'maternity',
      reason: '产假',
      attachments: [],
      extensionOf: null,
      submittedAt: '2026-03-01T09:00:00+08:00',
    };
    expect(
      ok(RequestLeaveArgsSchema, {
        ...base,
        from: { date: '2027-03-01', half: 'am' },
        to: { date: '2028-02-29', half: 'pm' },
      }),
    ).toBe(true); // 366 days
    expect(
      ok(RequestLeaveArgsSchema, {
        ...base,
        from: { date: '2027-03-01', half: 'am' },
        to: { date: '2028-03-01', half: 'pm' },
      }),
    ).toBe(false);
  });

  it('the default scheme still parses; a scheme with more rounds than slots does not', () => {
    expect(ok(SchemeSchema, DEFAULT_SCHEME)).toBe(true);
    expect(ok(SchemeSchema, { ...DEFAULT_SCHEME, patrol: { roundsPerDay: 13 } })).toBe(false);
  });

  it('a push envelope may carry any device clock (a reset phone can still push) and any name within its length (an unknown one is refused per mutation)', () => {
    const base = {
      id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
      name: 'violation.record',
      userId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
      createdAt: '1970-01-01T00:00:00Z',
      args: {},
    };
    expect(ok(PushRequestSchema, { deviceNow: '1970-01-01T00:00:05Z', mutations: [base] })).toBe(true);
    expect(
      ok(PushRequestSchema, {
        deviceNow: '1970-01-01T00:00:05Z',
        mutations: [{ ...base, name: 'violation.record\u0000' }],
      }),
    ).toBe(true);
    expect(
      ok(PushRequestSchema, { deviceNow: '1970-01-01T00:00:05Z', mutations: [{ ...base, name: 'x'.repeat(61) }] }),
    ).toBe(false);
  });

  it('every mutation schema refuses NUL in its text', () => {
    // One text field per schema, sent with a NUL: none may pass.
    const samples: [keyof typeof MUTATIONS, Record<string, unknown>][] = [
      ['violation.withdraw', { id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f', reason: 'x\u0000' }],
      [
        'dispute.file',
        {
          id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          violationId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          reason: 'x\u0000',
          filedAt: '2026-03-02T09:15:00+08:00',
        },
      ],
      [
        'leave.decide',
        {
          leaveId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          step: 0,
          decision: 'approve',
          comment: 'x\u0000',
          decidedAt: '2026-03-02T09:15:00+08:00',
        },
      ],
      [
        'substitute.badge_issue',
        { id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f', badgeNumber: 'T\u0000', at: '2026-03-02T09:15:00+08:00' },
      ],
      [
        'outing.start',
        {
          id: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          staffId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          windowId: '8f2a1c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f',
          purpose: '\u0000',
          startedAt: '2026-03-02T09:15:00+08:00',
          expectedReturnAt: null,
        },
      ],
    ];
    for (const [name, args] of samples) {
      expect(MUTATIONS[name].safeParse(args).success, name).toBe(false);
      const clean = Object.fromEntries(
        Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.replace('\u0000', '') || '说明' : v]),
      );
      expect(MUTATIONS[name].safeParse(clean).success, `${name} without the NUL`).toBe(true);
    }
  });
});
