import fc from 'fast-check';
import { DEFAULT_SCHEME } from '../../../src/domain';
import { DEMO_IDS } from '../../../src/server/seed/demo-center';
import {
  encodePart,
  fresh,
  HOSTILE_DATES,
  HOSTILE_DAYS,
  HOSTILE_MONTHS,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  HOSTILE_UUIDS,
  known,
  mutated,
  raw,
  upper,
  type Labelled,
  type Payload,
} from './fuzz-values';

/**
 * Every JSON route of the API besides push, pull, sign-in and the uploads (those have their own
 * properties), as a spec: who calls it, a URL with fuzzed path and query parameters, and a valid
 * body to mutate. The suite checks that these specs and the routes Fastify registered are the
 * same set, so a new route without a fuzz spec fails the suite.
 */
export interface UrlTemplate {
  path: unknown[];
  query: [string, unknown][];
}

export interface RouteSpec {
  route: string;
  /** The user allowed to call it first; others now and then (403s are fine answers too). */
  users: string[];
  url: fc.Arbitrary<Payload<UrlTemplate>>;
  body?: fc.Arbitrary<Payload>;
  /** 2xx is a file, not JSON. */
  binary?: boolean;
}

type Param = fc.Arbitrary<Labelled<unknown>>;

const valid = (v: unknown): Param => fc.constant(['', v]);
const labelled = (name: string, list: Labelled<unknown>[]): Param =>
  fc.constantFrom(...list).map(([l, v]) => [`${name} ${l}`, v] as Labelled<unknown>);

/** An id path parameter: mostly an existing one of its kind; else fresh, upper-case, broken or raw-encoded junk. */
export function idParam(kind: string): Param {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat(40).map((i) => ['', known(kind, i)] as Labelled<unknown>) },
    { weight: 1, arbitrary: fc.constant(['id unknown', fresh(500)] as Labelled<unknown>) },
    { weight: 1, arbitrary: fc.nat(40).map((i) => ['id upper-case', upper(known(kind, i))] as Labelled<unknown>) },
    { weight: 1, arbitrary: labelled('id', HOSTILE_UUIDS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Labelled<unknown>>(
        ['id %00', raw('%00')],
        ['id %FF', raw('%FF')],
        ['id 300 chars', 'x'.repeat(300)],
        ['id ..%2F', raw('..%2F..%2Fhealth')],
      ),
    },
  );
}

/** A quarter or year path parameter: mostly valid, else out of bounds or hostile. */
function periodParam(): Param {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('2026-Q1', '2026', '2026-Q4').map((v) => ['', v] as Labelled<unknown>) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('2026-Q5', '0000', '9999-Q4', '2026-Q0').map((v) => [v, v] as Labelled<unknown>),
    },
    { weight: 1, arbitrary: labelled('period', HOSTILE_STRINGS) },
  );
}

const MONTHS = ['2026-03', '2026-04', '2026-11', '2027-03'];
export function monthParam(): Param {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...MONTHS).map((m) => ['', m] as Labelled<unknown>) },
    { weight: 2, arbitrary: labelled('', HOSTILE_MONTHS) },
    { weight: 1, arbitrary: labelled('month', HOSTILE_STRINGS) },
  );
}

/** An optional query value: absent, valid, or hostile of any kind. */
function queryParam(
  validValues: unknown[],
  hostile: Labelled<unknown>[] = [...HOSTILE_STRINGS, ...HOSTILE_NUMBERS],
): Param {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(['', undefined] as Labelled<unknown>) },
    { weight: 3, arbitrary: fc.constantFrom(...validValues).map((v) => ['', v] as Labelled<unknown>) },
    { weight: 2, arbitrary: fc.constantFrom(...hostile).map(([l, v]) => [l, v] as Labelled<unknown>) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Labelled<unknown>>(
        ['%00', raw('%00')],
        ['bad %', raw('%')],
        ['%FF', raw('%FF')],
        ['repeated', raw('a&x=b&x=c')],
      ),
    },
  );
}

/** Builds a URL arbitrary from path parts (strings as they are, params fuzzed) and query params. */
export function url(parts: (string | Param)[], query: Record<string, Param> = {}): fc.Arbitrary<Payload<UrlTemplate>> {
  const params = parts.map((p) => (typeof p === 'string' ? valid(p) : p));
  const keys = Object.keys(query);
  return fc.tuple(fc.tuple(...params), fc.tuple(...keys.map((k) => query[k]!))).map(([path, qs]) => ({
    labels: [...path.map(([l]) => l), ...qs.map(([l], i) => (l ? `${keys[i]}=${l}` : ''))].filter(Boolean),
    body: {
      path: path.map(([, v]) => v),
      query: qs.flatMap(([, v], i) => (v === undefined ? [] : [[keys[i]!, v] as [string, unknown]])),
    },
  }));
}

const isRaw = (v: unknown): v is { $raw: string } => typeof v === 'object' && v !== null && '$raw' in v;
const enc = (v: unknown) => (isRaw(v) ? v.$raw : encodePart(typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));

/** The URL text of a resolved URL template. */
export function urlText(t: UrlTemplate): string {
  const path = t.path.map((p, i) => (i % 2 === 0 ? String(p) : enc(p))).join('');
  const qs = t.query.map(([k, v]) => `${k}=${enc(v)}`).join('&');
  return qs ? `${path}?${qs}` : path;
}

/** Path parts alternate: literal, param, literal, … (a literal may be empty). */
const p = (...parts: (string | Param)[]) => {
  const out: (string | Param)[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && typeof out.at(-1) === 'string') out[out.length - 1] = (out.at(-1) as string) + part;
    else {
      if (typeof part !== 'string' && (out.length === 0 || typeof out.at(-1) !== 'string')) out.push('');
      out.push(part);
    }
  }
  if (typeof out.at(-1) !== 'string') out.push('');
  return out;
};

const noBody: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Payload>({ labels: [], body: undefined }) },
  { weight: 1, arbitrary: mutated(fc.constant({})) },
);
const reasonBody = mutated(fc.record({ reason: fc.constantFrom('复核后撤回', '原因') }));
const name = (max: number) => fc.constantFrom('三楼', 'Floor X', '综合窗口', '测试局', 'a'.repeat(max));
const windowIds = fc.constantFrom(DEMO_IDS.window102, DEMO_IDS.window101, DEMO_IDS.window201, DEMO_IDS.window105);
const staffIds = fc.constantFrom(DEMO_IDS.window102StaffA, DEMO_IDS.window102StaffB, DEMO_IDS.window101StaffA, null);
const at = fc.constantFrom('2026-03-02T09:15:00+08:00', '2026-04-10T15:00:00+08:00');
const monthBody = fc.constantFrom(...MONTHS);
const dayOf = (m: string, d: number) => `${m}-${String(d).padStart(2, '0')}`;

const floorBody = fc.record({ name: name(40), level: fc.integer({ min: -3, max: 60 }) });
const windowBody = fc.record({
  floorId: fc.oneof(
    fc.constantFrom(DEMO_IDS.floor1, DEMO_IDS.floor2),
    fc.nat(20).map((i) => known('floor', i)),
  ),
  number: fc.integer({ min: 100, max: 999 }).map(String),
  name: name(60),
  department: fc.constantFrom('公安局', '税务局', '测试局'),
  kind: fc.constantFrom('approval', 'public_service'),
  position: fc.nat(50),
});
const staffBody = fc.record({
  name: fc.constantFrom('张三', '李四', 'a'.repeat(40)),
  windowId: windowIds,
  post: fc.constantFrom('A', 'B', 'C', 'D'),
  phone: fc.constantFrom('13900001111', null, ''),
});
const userBody = fc.record({
  username: fc.nat(100_000).map((n) => `fz${n}`),
  password: fc.constant('password123'),
  displayName: name(40),
  role: fc.constantFrom('staff', 'window_head', 'duty_leader', 'dept_leader', 'supervision', 'center_leader'),
  staffId: fc.option(staffIds, { nil: undefined }),
  windowId: fc.option(windowIds, { nil: undefined }),
  floorId: fc.option(fc.constantFrom(DEMO_IDS.floor1, DEMO_IDS.floor2), { nil: undefined }),
});
const partial = <T extends object>(arb: fc.Arbitrary<T>) =>
  arb.chain((full) =>
    fc
      .subarray(Object.keys(full), { minLength: 1 })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, (full as Record<string, unknown>)[k]]))),
  );
const rosterBody = monthBody.chain((month) =>
  fc.record({
    month: fc.constant(month),
    floorId: fc.constantFrom(DEMO_IDS.floor1, DEMO_IDS.floor2),
    userId: fc.nat(40).map((i) => known('user', i)),
    dates: fc.array(
      fc.integer({ min: 1, max: 28 }).map((d) => dayOf(month, d)),
      { maxLength: 3 },
    ),
    standIns: fc.array(
      fc.record({
        date: fc.integer({ min: 1, max: 28 }).map((d) => dayOf(month, d)),
        userId: fc.nat(40).map((i) => known('user', i)),
      }),
      { maxLength: 1 },
    ),
  }),
);
const schemeBody = fc.record({
  effectiveFrom: fc.constantFrom('2027-01', '2027-06', '2026-03'),
  scheme: fc.constant(DEFAULT_SCHEME),
});
const bonusBody = fc.record({
  windowId: windowIds,
  staffId: staffIds,
  bonusCode: fc.constantFrom('PUBLIC_THANKS', 'MEDIA_CITY', 'NOT_A_CODE'),
  points: fc.constantFrom(1, 2, 3, 5),
  eventId: fc.constantFrom('e1', 'e2'),
  note: fc.constantFrom('', '表扬'),
});
const disqualificationBody = fc.record({
  windowId: windowIds,
  code: fc.constantFrom('SELF_SET_FEES', 'COMPLAINT_OR_MEDIA', 'NOT_A_CODE'),
  reason: fc.constantFrom('投诉属实'),
});
const deductionBody = fc.record({
  windowId: windowIds,
  staffId: staffIds,
  substituteFor: fc.constant(null),
  itemCode: fc.constantFrom('MEETING_ABSENT', 'EATING'),
  count: fc.integer({ min: 1, max: 20 }),
  observedAt: at,
  source: fc.constantFrom('section', 'complaint', 'public_rating', 'meeting', 'leave'),
  note: fc.constantFrom('', '会议缺席'),
});

const ADMIN = ['super1', 'leader1', 'duty1'];
const SUPER = ['super1', 'leader1', 'staff1'];
const LEADER = ['leader1', 'super1'];
const ANYONE = ['duty1', 'staff1', 'head1', 'super1', 'leader1', 'dept1'];

export const ROUTE_SPECS: RouteSpec[] = [
  // Admin (src/server/admin/*)
  {
    route: 'GET /api/admin/audit',
    users: ADMIN,
    url: url(p('/api/admin/audit'), {
      action: queryParam(['login', 'create']),
      entity: queryParam(['user', 'floor']),
      actor: queryParam(['super1', '郑', DEMO_IDS.floor1]),
      from: queryParam(['2026-03-01', '2026-03-01T00:00:00+08:00'], [...HOSTILE_DATES, ...HOSTILE_DAYS]),
      to: queryParam(['2026-12-31'], [...HOSTILE_DATES, ...HOSTILE_DAYS]),
      cursor: queryParam([1, 100]),
      limit: queryParam([1, 500]),
    }),
  },
  {
    route: 'GET /api/admin/audit.csv',
    users: ADMIN,
    binary: true,
    url: url(p('/api/admin/audit.csv'), {
      actor: queryParam(['super1']),
      from: queryParam(['2026-03-01'], [...HOSTILE_DATES, ...HOSTILE_DAYS]),
      limit: queryParam([10]),
    }),
  },
  { route: 'GET /api/admin/floors', users: ADMIN, url: url(p('/api/admin/floors')) },
  { route: 'POST /api/admin/floors', users: SUPER, url: url(p('/api/admin/floors')), body: mutated(floorBody) },
  {
    route: 'PATCH /api/admin/floors/:id',
    users: SUPER,
    url: url(p('/api/admin/floors/', idParam('floor'))),
    body: mutated(partial(floorBody)),
  },
  {
    route: 'DELETE /api/admin/floors/:id',
    users: SUPER,
    url: url(p('/api/admin/floors/', idParam('floor'))),
    body: noBody,
  },
  { route: 'GET /api/admin/windows', users: ADMIN, url: url(p('/api/admin/windows')) },
  { route: 'POST /api/admin/windows', users: SUPER, url: url(p('/api/admin/windows')), body: mutated(windowBody) },
  {
    route: 'PATCH /api/admin/windows/:id',
    users: SUPER,
    url: url(p('/api/admin/windows/', idParam('window'))),
    body: mutated(partial(windowBody)),
  },
  {
    route: 'DELETE /api/admin/windows/:id',
    users: SUPER,
    url: url(p('/api/admin/windows/', idParam('window'))),
    body: noBody,
  },
  { route: 'GET /api/admin/staff', users: ADMIN, url: url(p('/api/admin/staff')) },
  { route: 'POST /api/admin/staff', users: SUPER, url: url(p('/api/admin/staff')), body: mutated(staffBody) },
  {
    route: 'PATCH /api/admin/staff/:id',
    users: SUPER,
    url: url(p('/api/admin/staff/', idParam('staff'))),
    body: mutated(partial(staffBody)),
  },
  {
    route: 'DELETE /api/admin/staff/:id',
    users: SUPER,
    url: url(p('/api/admin/staff/', idParam('staff'))),
    body: noBody,
  },
  { route: 'GET /api/admin/users', users: ADMIN, url: url(p('/api/admin/users')) },
  { route: 'POST /api/admin/users', users: SUPER, url: url(p('/api/admin/users')), body: mutated(userBody) },
  {
    route: 'PATCH /api/admin/users/:id',
    users: SUPER,
    url: url(p('/api/admin/users/', idParam('user'))),
    body: mutated(partial(userBody.map(({ username: _u, password: _p, ...rest }) => rest))),
  },
  {
    route: 'POST /api/admin/users/:id/reset-password',
    users: SUPER,
    url: url(p('/api/admin/users/', idParam('user'), '/reset-password')),
    body: mutated(fc.record({ password: fc.constantFrom('password123', 'x'.repeat(200)) })),
  },
  {
    route: 'POST /api/admin/users/:id/disable',
    users: SUPER,
    url: url(p('/api/admin/users/', idParam('user'), '/disable')),
    body: noBody,
  },
  {
    route: 'POST /api/admin/users/:id/enable',
    users: SUPER,
    url: url(p('/api/admin/users/', idParam('user'), '/enable')),
    body: noBody,
  },
  // Quarter and year inputs (issue #15): the 优秀 quota (the score files have their own property).
  { route: 'GET /api/admin/periods/:period', users: ADMIN, url: url(p('/api/admin/periods/', periodParam())) },
  {
    route: 'PUT /api/admin/periods/:period/quota',
    users: SUPER,
    url: url(p('/api/admin/periods/', periodParam(), '/quota')),
    body: mutated(
      fc.record({
        quota: fc.oneof(
          fc.constant(null),
          fc.record({
            quota: fc.constantFrom(0, 1, 3, 10_000),
            tieRule: fc.constantFrom('include_all_tied', 'exclude_all_tied'),
          }),
        ),
      }),
    ),
  },
  { route: 'GET /api/admin/schemes', users: ADMIN, url: url(p('/api/admin/schemes')) },
  { route: 'POST /api/admin/schemes', users: SUPER, url: url(p('/api/admin/schemes')), body: mutated(schemeBody) },
  {
    route: 'POST /api/admin/schemes/preview',
    users: SUPER,
    url: url(p('/api/admin/schemes/preview')),
    body: mutated(fc.record({ scheme: fc.constant(DEFAULT_SCHEME), month: monthBody }, { requiredKeys: ['scheme'] })),
  },
  {
    route: 'GET /api/admin/schemes/:id/preview',
    users: ADMIN,
    url: url(p('/api/admin/schemes/', idParam('scheme'), '/preview'), { month: queryParam(MONTHS, HOSTILE_MONTHS) }),
  },
  {
    route: 'GET /api/admin/duty-roster',
    users: ADMIN,
    url: url(p('/api/admin/duty-roster'), { month: queryParam(MONTHS, HOSTILE_MONTHS) }),
  },
  {
    route: 'POST /api/admin/duty-roster',
    users: SUPER,
    url: url(p('/api/admin/duty-roster')),
    body: mutated(rosterBody),
  },
  {
    route: 'PATCH /api/admin/duty-roster/:id',
    users: SUPER,
    url: url(p('/api/admin/duty-roster/', idParam('roster'))),
    body: mutated(partial(rosterBody)),
  },
  {
    route: 'DELETE /api/admin/duty-roster/:id',
    users: SUPER,
    url: url(p('/api/admin/duty-roster/', idParam('roster'))),
    body: noBody,
  },

  // Monthly assessment (src/server/assessment/*)
  { route: 'GET /api/assessments', users: ANYONE, url: url(p('/api/assessments')) },
  {
    route: 'GET /api/assessments/periods/:period',
    users: ANYONE,
    url: url(
      p(
        '/api/assessments/periods/',
        fc.oneof(
          fc
            .constantFrom('2026-Q1', '2026', '2026-Q4', '2026-Q5', '0000', '9999-Q4', '2026-Q0')
            .map((v) => [v, v] as Labelled<unknown>),
          labelled('period', HOSTILE_STRINGS),
        ),
      ),
    ),
  },
  {
    route: 'GET /api/assessments/periods/:period/inputs',
    users: ANYONE,
    url: url(p('/api/assessments/periods/', periodParam(), '/inputs')),
  },
  { route: 'GET /api/assessments/:month', users: ANYONE, url: url(p('/api/assessments/', monthParam())) },
  {
    route: 'GET /api/assessments/:month/versions',
    users: ANYONE,
    url: url(p('/api/assessments/', monthParam(), '/versions')),
  },
  {
    route: 'GET /api/assessments/:month/versions/:version/windows/:windowId',
    users: ANYONE,
    url: url(
      p(
        '/api/assessments/',
        monthParam(),
        '/versions/',
        fc.oneof(
          fc.constantFrom(1, 2).map((v) => ['', v] as Labelled<unknown>),
          labelled('version', HOSTILE_NUMBERS),
        ),
        '/windows/',
        idParam('window'),
      ),
    ),
  },
  {
    route: 'GET /api/assessments/:month/versions/:version',
    users: ANYONE,
    url: url(
      p(
        '/api/assessments/',
        monthParam(),
        '/versions/',
        fc.oneof(
          fc.constantFrom(1, 2).map((v) => ['', v] as Labelled<unknown>),
          labelled('version', HOSTILE_NUMBERS),
        ),
      ),
    ),
  },
  {
    route: 'POST /api/assessments/:month/compile',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/compile')),
    body: noBody,
  },
  {
    route: 'POST /api/assessments/:month/open-verification',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/open-verification')),
    body: noBody,
  },
  {
    route: 'POST /api/assessments/:month/approve',
    users: LEADER,
    url: url(p('/api/assessments/', monthParam(), '/approve')),
    body: noBody,
  },
  {
    route: 'POST /api/assessments/:month/return',
    users: LEADER,
    url: url(p('/api/assessments/', monthParam(), '/return')),
    body: reasonBody,
  },
  {
    route: 'POST /api/assessments/:month/publish',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/publish')),
    body: noBody,
  },
  {
    route: 'POST /api/assessments/:month/corrections',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/corrections')),
    body: reasonBody,
  },
  {
    route: 'GET /api/assessments/:month/disputes',
    users: ANYONE,
    url: url(p('/api/assessments/', monthParam(), '/disputes')),
  },
  {
    route: 'POST /api/disputes/:id/decide',
    users: SUPER,
    url: url(p('/api/disputes/', idParam('dispute'), '/decide')),
    body: mutated(fc.record({ decision: fc.constantFrom('uphold', 'overturn'), reason: fc.constant('核实') })),
  },
  {
    route: 'GET /api/assessments/:month/bonuses',
    users: ANYONE,
    url: url(p('/api/assessments/', monthParam(), '/bonuses')),
  },
  {
    route: 'POST /api/assessments/:month/bonuses',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/bonuses')),
    body: mutated(bonusBody),
  },
  {
    route: 'POST /api/bonuses/:id/withdraw',
    users: SUPER,
    url: url(p('/api/bonuses/', idParam('bonus'), '/withdraw')),
    body: reasonBody,
  },
  {
    route: 'GET /api/assessments/:month/disqualifications',
    users: ANYONE,
    url: url(p('/api/assessments/', monthParam(), '/disqualifications')),
  },
  {
    route: 'POST /api/assessments/:month/disqualifications',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/disqualifications')),
    body: mutated(disqualificationBody),
  },
  {
    route: 'POST /api/disqualifications/:id/withdraw',
    users: SUPER,
    url: url(p('/api/disqualifications/', idParam('disqualification'), '/withdraw')),
    body: reasonBody,
  },
  {
    route: 'GET /api/assessments/:month/deductions',
    users: ANYONE,
    url: url(p('/api/assessments/', monthParam(), '/deductions')),
  },
  {
    route: 'POST /api/assessments/:month/deductions',
    users: SUPER,
    url: url(p('/api/assessments/', monthParam(), '/deductions')),
    body: mutated(deductionBody),
  },
  {
    route: 'POST /api/assessments/deductions/:id/withdraw',
    users: SUPER,
    url: url(p('/api/assessments/deductions/', idParam('violation'), '/withdraw')),
    body: reasonBody,
  },
  {
    route: 'GET /api/assessments/:month/bulletin.xlsx',
    users: ANYONE,
    binary: true,
    url: url(p('/api/assessments/', monthParam(), '/bulletin.xlsx'), {
      version: queryParam([1, 2]),
      preliminary: queryParam(['1', 'true']),
    }),
  },

  // Patrol (src/server/patrol/*)
  { route: 'GET /api/periods', users: ANYONE, url: url(p('/api/periods')) },
  {
    route: 'POST /api/periods/:month/close',
    users: SUPER,
    url: url(p('/api/periods/', monthParam(), '/close')),
    body: noBody,
  },
  {
    route: 'GET /api/late-submissions',
    users: SUPER,
    url: url(p('/api/late-submissions'), { status: queryParam(['pending', 'accepted', 'refused']) }),
  },
  {
    route: 'POST /api/late-submissions/:id/decide',
    users: SUPER,
    url: url(p('/api/late-submissions/', idParam('late'), '/decide')),
    body: mutated(
      fc.record(
        { decision: fc.constantFrom('accept', 'refuse'), note: fc.constantFrom('ok', '') },
        { requiredKeys: ['decision'] },
      ),
    ),
  },
  {
    route: 'GET /api/patrol/coverage',
    users: SUPER,
    url: url(p('/api/patrol/coverage'), { month: queryParam(MONTHS, HOSTILE_MONTHS) }),
  },
  {
    route: 'GET /api/photos/:hash',
    users: ANYONE,
    binary: true,
    url: url(
      p(
        '/api/photos/',
        fc.oneof(
          fc.constantFrom('a'.repeat(64), 'A'.repeat(64)).map((h) => ['', h] as Labelled<unknown>),
          labelled('hash', HOSTILE_STRINGS),
        ),
      ),
    ),
  },
  {
    route: 'GET /api/violations/:id/photos',
    users: ANYONE,
    url: url(p('/api/violations/', idParam('violation'), '/photos')),
  },

  // Leave (src/server/leave/routes.ts)
  {
    route: 'GET /api/leave-files/:hash',
    users: ANYONE,
    binary: true,
    url: url(
      p(
        '/api/leave-files/',
        fc.oneof(
          fc.constantFrom('a'.repeat(64), 'b'.repeat(64)).map((h) => ['', h] as Labelled<unknown>),
          labelled('hash', HOSTILE_STRINGS),
        ),
      ),
    ),
  },
  {
    route: 'GET /api/dispute-files/:hash',
    users: ANYONE,
    url: url(
      p(
        '/api/dispute-files/',
        fc.oneof(
          fc.constantFrom('a'.repeat(64), 'c'.repeat(64)).map((h) => ['', h] as Labelled<unknown>),
          labelled('hash', HOSTILE_STRINGS),
        ),
      ),
    ),
  },
  {
    route: 'GET /api/leave/consequences',
    users: SUPER,
    url: url(p('/api/leave/consequences'), { month: queryParam(MONTHS, HOSTILE_MONTHS) }),
  },

  // Session and health
  { route: 'GET /api/auth/me', users: ANYONE, url: url(p('/api/auth/me')) },
  { route: 'GET /api/health', users: ANYONE, url: url(p('/api/health')) },
  { route: 'GET /api/health/live', users: ANYONE, url: url(p('/api/health/live')) },
  { route: 'GET /api/health/ready', users: ANYONE, url: url(p('/api/health/ready')) },
];

/** Routes with a property of their own (push, pull, sign-in, sign-out, uploads). */
export const OWN_PROPERTY_ROUTES = [
  'POST /api/sync/push',
  'GET /api/sync/pull',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/admin/import/preview',
  'POST /api/admin/import/commit',
  // Score files of a quarter/year (issue #15): test/integration/period-inputs.test.ts.
  'POST /api/admin/periods/:period/scores/preview',
  'POST /api/admin/periods/:period/scores/commit',
  'PUT /api/photos/:hash',
  'PUT /api/leave-files/:hash',
  // Dispute evidence (issue #15 point 11): test/integration/dispute-evidence.test.ts.
  'PUT /api/dispute-files/:hash',
];

/** "METHOD /path" of every route Fastify registered, from printRoutes' tree (HEAD left out: it is GET). */
export function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (depth ? stack[depth - 1]! : '') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]!.split(',').map((s) => s.trim())) if (method !== 'HEAD') out.push(`${method} ${path}`);
  }
  return out;
}
