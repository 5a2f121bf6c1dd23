import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PullResponseSchema } from '../../src/domain';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { checkProperty, FUZZ_RUNS, FUZZ_SEED, FUZZ_SURVEY, FuzzClient, runs, type Answer } from './support/fuzz-client';
import {
  FILES,
  fileKind,
  importBytes,
  importFile,
  realType,
  sha256,
  UPLOAD_TYPES,
  XLSX_TYPE,
  type FileKind,
} from './support/fuzz-files';
import { batchTemplate } from './support/fuzz-mutations';
import { OWN_PROPERTY_ROUTES, registeredRoutes, ROUTE_SPECS, urlText, type UrlTemplate } from './support/fuzz-routes';
import {
  DEEP_BODIES,
  encodePart,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  mutated,
  preview,
  resolve,
  serialise,
  type Labelled,
  type Resolver,
} from './support/fuzz-values';
import { expectedDelta, loggedIds, pushCounts, World, type PushCounts } from './support/fuzz-world';
import { createFuzzHarness, type FuzzHarness } from './support/fuzz-harness';
import { envelope, push } from './support/sync';

/**
 * Property-based fuzz suite (issue 11 §2): generated payloads, valid ones mutated into hostile
 * ones, across push, pull, sign-in, every other API route, the import, photo and leave-file
 * uploads, on PGlite and PostgreSQL. Every answer must be JSON 2xx/4xx (never 5xx), the server
 * must stay healthy after each, and a push must change row counts by exactly what it answered
 * applied, and answer a replay the same without changing anything.
 * FUZZ_SEED, FUZZ_RUNS and FUZZ_SURVEY: see support/fuzz-client.ts.
 */
const USERS = ['duty1', 'duty2', 'staff1', 'head1', 'super1', 'leader1', 'dept1'];
const RUNS = {
  signIn: runs(40),
  signOut: runs(15),
  pull: runs(60),
  push: runs(150),
  photo: runs(60),
  leaveFile: runs(60),
  route: runs(10),
  import: runs(60),
};
/** Generated payloads per database (each push batch is also sent a second time, as its replay). */
const PLANNED =
  RUNS.signIn +
  RUNS.signOut +
  RUNS.pull +
  RUNS.push +
  RUNS.photo +
  RUNS.leaveFile +
  RUNS.route * ROUTE_SPECS.length +
  RUNS.import;
const TIMEOUT = 600_000;

describeEachTarget('fuzz', (target) => {
  let h: FuzzHarness;
  let client: FuzzClient;
  let world: World;
  const cookie: Record<string, string> = {};
  const userId: Record<string, string> = {};
  let failedProperties = 0;
  /** Outcomes of the pushed mutations by name, e.g. "violation.record applied" → 41: the push property is only as good as what it gets applied. */
  const pushOutcomes = new Map<string, number>();
  let photoRecord = '';
  const leaveOf: Partial<Record<FileKind, { leaveId: string; mime: string }>> = {};

  const refreshSessions = async () => {
    for (const u of USERS) cookie[u] = await h.loginAs(u);
  };
  const resolverFor = (user: string): Resolver => ({
    known: (kind) => (kind === 'self' ? [userId[user]!] : world.known(kind)),
  });
  const property = async <T>(
    name: string,
    arb: fc.Arbitrary<T>,
    predicate: (v: T) => Promise<void>,
    numRuns: number,
  ) => {
    try {
      await checkProperty(name, arb, predicate, numRuns);
    } catch (error) {
      failedProperties++;
      throw error;
    }
  };

  beforeAll(async () => {
    h = await createFuzzHarness(target);
    client = new FuzzClient(h.app, h.lastError);
    world = new World(h.db);
    for (const u of USERS) userId[u] = await h.userId(u);
    await refreshSessions();

    // A record of duty1's for the photo uploads.
    photoRecord = randomUUID();
    const rec = {
      id: photoRecord,
      windowId: DEMO_IDS.window102,
      staffId: null,
      itemCode: 'EATING',
      count: 1,
      observedAt: '2026-03-02T09:15:00+08:00',
      note: '',
      deviceRecordedAt: '2026-03-02T09:15:00+08:00',
    };
    expect((await push(h.app, cookie.duty1!, [envelope(userId.duty1!, 'violation.record', rec)])).status).toBe(200);

    // Leaves of staff1 listing each file as some type (HTML listed as a PNG, SVG as a JPEG, …), for the leave-file uploads.
    const listed: [FileKind, string][][] = [
      [
        ['jpeg', 'image/jpeg'],
        ['png', 'image/png'],
        ['pdf', 'application/pdf'],
        ['html', 'image/png'],
        ['svg', 'image/jpeg'],
      ],
      [
        ['random', 'application/pdf'],
        ['jpeg-then-html', 'image/jpeg'],
        ['zip', 'application/pdf'],
        ['script', 'image/jpeg'],
      ],
    ];
    for (const [n, files] of listed.entries()) {
      const leaveId = randomUUID();
      const day = `2027-03-0${n + 1}`;
      const args = {
        id: leaveId,
        staffId: DEMO_IDS.window102StaffA,
        windowId: DEMO_IDS.window102,
        type: 'personal',
        from: { date: day, half: 'am' },
        to: { date: day, half: 'pm' },
        reason: '家中有事',
        attachments: files.map(([k, mime]) => ({ hash: sha256(FILES[k]), kind: 'other', mime })),
        extensionOf: null,
        submittedAt: '2027-02-20T09:00:00+08:00',
      };
      const res = await push(h.app, cookie.staff1!, [envelope(userId.staff1!, 'leave.request', args)]);
      expect(res.body.results, JSON.stringify(res.body)).toEqual([{ id: expect.any(String), status: 'applied' }]);
      for (const [k, mime] of files) leaveOf[k] = { leaveId, mime };
    }
  });
  afterAll(async () => {
    if (FUZZ_SURVEY && client?.failures.size)
      console.warn(`\nfuzz survey [${target.name}], seed ${FUZZ_SEED}:\n${client.report()}\n`);
    await h?.close();
  });

  it('has a property for every route the server registers', () => {
    const routes = registeredRoutes(h.app.printRoutes({ commonPrefix: false })).filter((r) => r.includes(' /api/'));
    const fuzzed = [...ROUTE_SPECS.map((s) => s.route), ...OWN_PROPERTY_ROUTES];
    expect([...new Set(routes)].sort()).toEqual([...new Set(fuzzed)].sort());
  });

  // ── Sign-in and sign-out ───────────────────────────────────────────────────────────────────

  it('sign-in: odd usernames and passwords answer 2xx/4xx JSON', { timeout: TIMEOUT }, async () => {
    const body = mutated(
      fc.record({
        username: fc.constantFrom('duty1', 'DUTY1', ' duty1 ', 'nobody', 'super1'),
        password: fc.constantFrom('demo1234', 'wrong-password', ''),
      }),
    );
    await property(
      'sign-in',
      fc.tuple(body, fc.nat(250)),
      async ([p, ip]) => {
        await client.send(
          'POST /api/auth/login',
          { method: 'POST', url: '/api/auth/login', body: serialise(p.body), remoteAddress: `10.1.0.${ip}` },
          p.labels,
        );
      },
      RUNS.signIn,
    );
  });

  it('sign-out: odd cookies and bodies answer 2xx/4xx JSON', { timeout: TIMEOUT }, async () => {
    const cookieValue = fc.oneof(
      fc.constant<Labelled<string | null>>(['own session', null]),
      fc
        .constantFrom(...HOSTILE_STRINGS)
        .map(([l, v]) => [`cookie ${l}`, encodePart(String(v))] as Labelled<string | null>),
    );
    await property(
      'sign-out',
      fc.tuple(cookieValue, mutated(fc.constant({}))),
      async ([[label, value], p]) => {
        const own = await h.loginAs('duty2');
        const c = value === null ? own : `wd_session=${value}`;
        const body = p.body === undefined ? undefined : serialise(p.body);
        await client.send(
          'POST /api/auth/logout',
          { method: 'POST', url: '/api/auth/logout', cookie: c, body },
          [label, ...p.labels].filter(Boolean),
        );
      },
      RUNS.signOut,
    );
  });

  // ── Pull ───────────────────────────────────────────────────────────────────────────────────

  it('pull: odd cursors and limits answer 2xx/4xx JSON', { timeout: TIMEOUT }, async () => {
    await refreshSessions();
    const param = (validValues: string[]) =>
      fc.oneof(
        fc.constantFrom(...validValues).map((v) => ['', v] as Labelled<string | undefined>),
        fc
          .constantFrom(...HOSTILE_NUMBERS, ...HOSTILE_STRINGS)
          .map(
            ([l, v]) =>
              [l, encodePart(typeof v === 'object' && v ? (v as { $raw: string }).$raw : String(v))] as Labelled<
                string | undefined
              >,
          ),
        fc.constantFrom<Labelled<string | undefined>>(
          ['absent', undefined],
          ['2^63', '9223372036854775808'],
          ['hex', '0x10'],
          ['1.5', '1.5'],
          ['%00', '%00'],
          ['bad %', '%'],
          ['array', '1&cursor=2'],
        ),
      );
    await property(
      'pull',
      fc.tuple(fc.constantFrom(...USERS), param(['0', '1', '5']), param(['1', '100', '5000'])),
      async ([user, [cl, cursor], [ll, limit]]) => {
        const qs = [cursor === undefined ? '' : `cursor=${cursor}`, limit === undefined ? '' : `limit=${limit}`]
          .filter(Boolean)
          .join('&');
        const labels = [cl && `cursor ${cl}`, ll && `limit ${ll}`].filter(Boolean) as string[];
        const answer = await client.send(
          'GET /api/sync/pull',
          { method: 'GET', url: `/api/sync/pull?${qs}`, cookie: cookie[user] },
          labels,
        );
        if (answer.status === 200 && !PullResponseSchema.safeParse(answer.json).success)
          client.fail('GET /api/sync/pull → 200 not a PullResponse', `${labels.join(' + ')}: ${preview(answer.text)}`);
      },
      RUNS.pull,
    );
  });

  // ── Push ───────────────────────────────────────────────────────────────────────────────────

  it(
    'push: good and bad mutations mixed; counts change by exactly what was applied; a replay answers the same and changes nothing',
    { timeout: TIMEOUT },
    async () => {
      await refreshSessions();
      const resultsOf = (a: Answer) => {
        const results = (a.json as { results?: unknown } | undefined)?.results;
        return Array.isArray(results)
          ? (results as { id: string; status: 'applied' | 'rejected'; code?: string }[])
          : undefined;
      };
      const diff = (before: PushCounts, after: PushCounts) =>
        Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - before[k]!]));
      await property(
        'push',
        batchTemplate(USERS.map((u) => userId[u]!)),
        async (batch) => {
          await world.refresh();
          const body = resolve(batch.body, resolverFor(batch.user), new Map(), randomUUID) as { mutations?: unknown };
          const sent = (Array.isArray(body?.mutations) ? body.mutations : []) as { id?: unknown; name?: unknown }[];
          const text = serialise(body);
          const request = { method: 'POST' as const, url: '/api/sync/push', cookie: cookie[batch.user], body: text };
          const route = 'POST /api/sync/push';

          const loggedBefore = await loggedIds(
            h.db,
            sent.map((m) => m?.id),
          );
          const before = await pushCounts(h.db);
          const first = await client.send(route, request, batch.labels);
          const afterFirst = await pushCounts(h.db);
          const results = resultsOf(first);
          if (results && (results.length !== sent.length || results.some((r, i) => r.id !== sent[i]?.id))) {
            client.fail(
              `${route} → results do not match the mutations sent`,
              `${batch.labels.join(' + ')}: ${preview(first.text)}`,
            );
          }
          results?.forEach((r, i) => {
            const key = `${String(sent[i]?.name).slice(0, 30)} ${r.status === 'applied' ? 'applied' : r.code}`;
            pushOutcomes.set(key, (pushOutcomes.get(key) ?? 0) + 1);
          });
          const expected = expectedDelta(sent, results, loggedBefore);
          const actual = diff(before, afterFirst);
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            client.fail(
              `${route} → row counts differ from the answers`,
              `[${batch.labels.join(' + ')}] changed ${JSON.stringify(actual)}, answers say ${JSON.stringify(expected)}\nanswer ${first.status}: ${preview(first.text)}`,
            );
          }

          const again = await client.send(route, request, [...batch.labels, 'replay']);
          const afterReplay = await pushCounts(h.db);
          const outcomes = (a: Answer) =>
            JSON.stringify([a.status, resultsOf(a)?.map((r) => [r.id, r.status, r.code])]);
          if (outcomes(again) !== outcomes(first)) {
            client.fail(
              `${route} → a replay answered differently (first ${first.status}, replay ${again.status})`,
              `[${batch.labels.join(' + ')}]\nfirst ${first.status}: ${preview(first.text, 300)}\nreplay ${again.status}: ${preview(again.text, 300)}`,
            );
          }
          if (JSON.stringify(diff(afterFirst, afterReplay)) !== JSON.stringify(diff(afterFirst, afterFirst))) {
            client.fail(
              `${route} → a replay changed row counts`,
              `[${batch.labels.join(' + ')}] by ${JSON.stringify(diff(afterFirst, afterReplay))}\nreplay ${again.status}: ${preview(again.text)}`,
            );
          }
        },
        RUNS.push,
      );
    },
  );

  // ── Uploads ────────────────────────────────────────────────────────────────────────────────

  const hashChoice = fc.constantFrom('right', 'wrong', 'upper-case', 'not hex');
  const hashFor = (bytes: Buffer, choice: string) =>
    choice === 'right'
      ? sha256(bytes)
      : choice === 'wrong'
        ? 'a'.repeat(64)
        : choice === 'upper-case'
          ? sha256(bytes).toUpperCase()
          : 'zz%00';
  const count = async (sql: string) => (await h.db.query<{ n: number }>(sql))[0]!.n;

  it(
    'photo upload: odd types and bytes that are not JPEGs are never stored as photos',
    { timeout: TIMEOUT },
    async () => {
      await refreshSessions();
      const target = fc.constantFrom<Labelled<string>>(
        ['own record', 'own'],
        ['other record', 'known'],
        ['unknown record', 'fresh'],
        ['record id upper-case', 'upper'],
        ['record id junk', 'junk'],
      );
      await property(
        'photo upload',
        fc.tuple(
          fileKind,
          fc.constantFrom(...UPLOAD_TYPES),
          hashChoice,
          target,
          fc.constantFrom('duty1', 'duty1', 'staff1', 'super1'),
        ),
        async ([kind, type, choice, [tl, t], user]) => {
          await world.refresh();
          const bytes = FILES[kind];
          const violationId =
            t === 'own'
              ? photoRecord
              : t === 'known'
                ? (world.known('violation')[0] ?? randomUUID())
                : t === 'fresh'
                  ? randomUUID()
                  : t === 'upper'
                    ? photoRecord.toUpperCase()
                    : '%00';
          const labels = [`${kind} bytes as ${type || 'no type'}`, `hash ${choice}`, tl, user];
          const before = await count('select count(*)::int as n from photo_links');
          const answer = await client.send(
            'PUT /api/photos/:hash',
            {
              method: 'PUT',
              url: `/api/photos/${hashFor(bytes, choice)}?violationId=${violationId}`,
              cookie: cookie[user],
              body: bytes,
              contentType: type || null,
            },
            labels,
          );
          const after = await count('select count(*)::int as n from photo_links');
          if (answer.status >= 200 && answer.status < 300 && realType(bytes) !== 'image/jpeg')
            client.fail(
              `PUT /api/photos/:hash → ${answer.status}: ${kind} bytes stored as a photo (want 415)`,
              `[${labels.join(' + ')}]`,
            );
          if (after - before !== (answer.status === 201 ? 1 : 0))
            client.fail(
              `PUT /api/photos/:hash → photo links changed by ${after - before} on ${answer.status}`,
              labels.join(' + '),
            );
        },
        RUNS.photo,
      );
    },
  );

  it(
    'leave-file upload: odd types and bytes that are not what they claim are never stored',
    { timeout: TIMEOUT },
    async () => {
      await refreshSessions();
      const target = fc.constantFrom<Labelled<string>>(
        ['its leave', 'own'],
        ['another leave', 'other'],
        ['unknown leave', 'fresh'],
        ['leave id upper-case', 'upper'],
        ['leave id junk', 'junk'],
      );
      await property(
        'leave-file upload',
        fc.tuple(
          fileKind,
          fc.constantFrom(...UPLOAD_TYPES),
          hashChoice,
          target,
          fc.constantFrom('staff1', 'staff1', 'super1', 'head1'),
        ),
        async ([kind, type, choice, [tl, t], user]) => {
          const bytes = FILES[kind];
          const listedIn = leaveOf[kind]?.leaveId ?? randomUUID();
          const other = Object.values(leaveOf).find((l) => l.leaveId !== listedIn)?.leaveId ?? randomUUID();
          const leaveId =
            t === 'own'
              ? listedIn
              : t === 'other'
                ? other
                : t === 'fresh'
                  ? randomUUID()
                  : t === 'upper'
                    ? listedIn.toUpperCase()
                    : '%00';
          const labels = [
            `${kind} bytes (listed as ${leaveOf[kind]?.mime ?? 'nothing'}) sent as ${type || 'no type'}`,
            `hash ${choice}`,
            tl,
            user,
          ];
          const before = await count('select count(*)::int as n from leave_files');
          const answer = await client.send(
            'PUT /api/leave-files/:hash',
            {
              method: 'PUT',
              url: `/api/leave-files/${hashFor(bytes, choice)}?leaveId=${leaveId}`,
              cookie: cookie[user],
              body: bytes,
              contentType: type || null,
            },
            labels,
          );
          const after = await count('select count(*)::int as n from leave_files');
          const declared = type.split(';')[0]!.trim().toLowerCase();
          if (answer.status >= 200 && answer.status < 300 && realType(bytes) !== declared)
            client.fail(
              `PUT /api/leave-files/:hash → ${answer.status}: ${kind} bytes stored as ${declared} (want 415)`,
              `[${labels.join(' + ')}]`,
            );
          if (after - before !== (answer.status === 201 ? 1 : 0))
            client.fail(
              `PUT /api/leave-files/:hash → leave files changed by ${after - before} on ${answer.status}`,
              labels.join(' + '),
            );
        },
        RUNS.leaveFile,
      );
    },
  );

  // ── Every other route ──────────────────────────────────────────────────────────────────────

  // Admin routes last: they disable users, reset passwords and delete floors under the others.
  const specs = [
    ...ROUTE_SPECS.filter((s) => !s.route.includes('/api/admin/')),
    ...ROUTE_SPECS.filter((s) => s.route.includes('/api/admin/')),
  ];
  for (const spec of specs) {
    it(`${spec.route}: mutated parameters and bodies answer 2xx/4xx JSON`, { timeout: TIMEOUT }, async () => {
      await refreshSessions();
      const user = fc.oneof(
        { weight: 4, arbitrary: fc.constant(spec.users[0]!) },
        { weight: 1, arbitrary: fc.constantFrom(...spec.users) },
      );
      const body = spec.body ?? fc.constant({ labels: [], body: undefined });
      await property(
        spec.route,
        fc.tuple(user, spec.url, body),
        async ([u, urlPayload, bodyPayload]) => {
          await world.refresh();
          const fresh = new Map<number, string>();
          const resolver = resolverFor(u);
          const url = urlText(resolve(urlPayload.body, resolver, fresh, randomUUID) as UrlTemplate);
          const resolved =
            bodyPayload.body === undefined
              ? undefined
              : serialise(resolve(bodyPayload.body, resolver, fresh, randomUUID));
          const [method] = spec.route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE'];
          await client.send(
            spec.route,
            { method, url, cookie: cookie[u], body: resolved },
            [...urlPayload.labels, ...bodyPayload.labels, ...(u === spec.users[0] ? [] : [`as ${u}`])],
            { binary: spec.binary },
          );
        },
        RUNS.route,
      );
    });
  }

  // ── Import ─────────────────────────────────────────────────────────────────────────────────

  it(
    'import: odd files and types; a commit changes the hall by exactly its created rows',
    { timeout: TIMEOUT },
    async () => {
      await refreshSessions();
      const otherBytes = fc.constantFrom<Labelled<Buffer>>(
        ...(Object.keys(FILES) as FileKind[]).map((k) => [`${k} bytes`, FILES[k]] as Labelled<Buffer>),
        ...DEEP_BODIES.map(([l, v]) => [l, Buffer.from(v.$raw)] as Labelled<Buffer>),
        ['BOM only', Buffer.from('\uFEFF')],
      );
      const file = fc.oneof(
        {
          weight: 3,
          arbitrary: importFile.chain((f) =>
            fc
              .constantFrom(f.format === 'csv' ? 'text/csv' : XLSX_TYPE, 'application/octet-stream')
              .map((type) => ({ labels: f.labels, file: f, bytes: null as Buffer | null, type })),
          ),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              otherBytes,
              fc.constantFrom(
                'text/csv',
                XLSX_TYPE,
                'application/octet-stream',
                'application/json',
                'image/jpeg',
                'text/plain',
                '',
              ),
            )
            .map(([[l, b], type]) => ({ labels: [l], file: null, bytes: b, type })),
        },
      );
      const kind = fc.constantFrom<Labelled<string | undefined>>(
        ['', undefined],
        ['', 'windows'],
        ['', 'staff'],
        ['kind bogus', 'bogus'],
        ['kind %00', '%00'],
        ['kind upper', 'WINDOWS'],
      );
      const live = () =>
        count(
          'select (select count(*) from windows where deleted_at is null) + (select count(*) from staff where deleted_at is null) as n',
        );
      await property(
        'import',
        fc.tuple(file, fc.constantFrom('preview', 'commit'), kind),
        async ([f, step, [kl, k]]) => {
          const bytes = f.bytes ?? (await importBytes(f.file!));
          const labels = [step, ...f.labels, `as ${f.type || 'no type'}`, kl].filter(Boolean);
          const before = await live();
          const answer = await client.send(
            `POST /api/admin/import/${step}`,
            {
              method: 'POST',
              url: `/api/admin/import/${step}${k === undefined ? '' : `?kind=${k}`}`,
              cookie: cookie.super1,
              body: bytes,
              contentType: f.type || null,
            },
            labels,
          );
          const after = await live();
          const created =
            answer.status === 200 && step === 'commit'
              ? ((answer.json as { summary?: { create?: number } }).summary?.create ?? -1)
              : 0;
          if (after - before !== created)
            client.fail(
              `POST /api/admin/import/${step} → the hall changed by ${after - before} rows on ${answer.status}, the answer says ${created} created`,
              labels.join(' + '),
            );
        },
        RUNS.import,
      );
    },
  );

  // ── Size and survey ────────────────────────────────────────────────────────────────────────

  it('sends at least 1,000 generated payloads per database', () => {
    if (FUZZ_RUNS >= 1) expect(PLANNED).toBeGreaterThanOrEqual(1000);
    const applied = [...pushOutcomes]
      .filter(([k]) => k.endsWith(' applied'))
      .sort(([, x], [, y]) => y - x)
      .map(([k, n]) => `${k.replace(' applied', '')} ${n}`);
    console.info(
      `fuzz [${target.name}] seed ${FUZZ_SEED}: ${PLANNED} generated payloads, ${client.sent} requests sent (with the push replays and shrinking); mutations applied: ${applied.join(', ')}`,
    );
    // Failed properties stop at their first counterexample: then fewer were sent, and the failure is reported above.
    if (failedProperties === 0 && !FUZZ_SURVEY) expect(client.sent).toBeGreaterThanOrEqual(PLANNED + RUNS.push);
  });

  if (FUZZ_SURVEY) {
    it('survey: no failure class', () => {
      expect(client.failures.size, client.report()).toBe(0);
    });
  }
});
