import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { AssessmentVersion } from '../../../src/domain/assessment';
import {
  assessMonth,
  monthInputFromRecords,
  summarizeVersion,
  windowExplanationResult,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { closeLeaveChain, decideStep } from '../../../src/domain';
import * as leaveFx from '../leave/fixtures';
import { META } from '../../../src/app/db/database';
import { InvalidMutationError } from '../../../src/app/db/outbox';
import { AlreadyDisputedError, fileDispute } from '../../../src/app/features/assessment/disputes';
import { computeProvisional } from '../../../src/app/features/assessment/provisional';
import { hallMonth } from '../../../src/domain/hall-time';
import { loadVersion, versionIndex } from '../../../src/app/features/assessment/versions';
import { windowRecordsOfMonth } from '../../../src/app/features/assessment/window-records';
import { SyncEngine, applyPullPage, prepareForUser } from '../../../src/app/sync/engine';
import {
  FLOOR_1,
  FakeClock,
  SERVER_TIME,
  STAFF_1,
  USER_A,
  USER_B,
  WINDOW_1,
  WINDOW_2,
  json,
  fakeFetch,
  makeDb,
  route,
  violationArgs,
} from './helpers';

const HEAD = { id: USER_A.id, displayName: '窗口负责人' };
const ZONE = 'Asia/Shanghai';
const at = (iso: string) => () => new Date(iso);
const windows = [
  {
    id: WINDOW_1,
    floorId: FLOOR_1,
    number: '101',
    name: '公安',
    department: '公安局',
    kind: 'approval' as const,
    position: 1,
  },
  {
    id: WINDOW_2,
    floorId: FLOOR_1,
    number: '102',
    name: '税务',
    department: '税务局',
    kind: 'approval' as const,
    position: 2,
  },
];
const staff = [{ id: STAFF_1, name: '张三', windowId: WINDOW_1, post: 'A' as const, phone: null }];
const synced = (overrides: Record<string, unknown>) => ({
  ...violationArgs(overrides),
  recordedBy: USER_B.id,
  status: 'active' as const,
  syncState: 'synced' as const,
});

describe('a window head disputes a record on the phone', () => {
  it('writes the dispute and its outbox entry together, offline; one record, one dispute; an empty reason writes nothing', async () => {
    const db = makeDb();
    const record = synced({ windowId: WINDOW_1 });
    await db.violations.put(record);
    const args = await fileDispute(
      db,
      { violationId: record.id, reason: '  当时在办理业务  ' },
      HEAD,
      at('2026-03-03T02:00:00Z'),
    );
    expect(args).toMatchObject({
      violationId: record.id,
      reason: '当时在办理业务',
      filedAt: '2026-03-03T02:00:00.000Z',
    });
    expect(await db.disputes.get(args.id)).toMatchObject({
      violationId: record.id,
      filedBy: HEAD.id,
      filedByName: HEAD.displayName,
      status: 'pending',
      syncState: 'pending',
    });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      name: 'dispute.file',
      userId: HEAD.id,
      args,
      state: 'pending',
      rowKey: `disputes:${args.id}`,
    });

    await expect(fileDispute(db, { violationId: record.id, reason: 'again' }, HEAD)).rejects.toBeInstanceOf(
      AlreadyDisputedError,
    );
    const other = synced({ windowId: WINDOW_1 });
    await db.violations.put(other);
    await expect(fileDispute(db, { violationId: other.id, reason: '   ' }, HEAD)).rejects.toBeInstanceOf(
      InvalidMutationError,
    );
    expect(await db.disputes.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('syncs: the server applies it, the pull brings the decision (synced, with the reason); a rejection keeps the reason', async () => {
    const db = makeDb();
    const record = synced({ windowId: WINDOW_1 });
    const refused = synced({ windowId: WINDOW_1 });
    await db.violations.bulkPut([record, refused]);
    const ok = await fileDispute(db, { violationId: record.id, reason: '照片不是本窗口' }, HEAD);
    const no = await fileDispute(db, { violationId: refused.id, reason: '太晚了' }, HEAD);
    const decided = {
      ...ok,
      windowId: WINDOW_1,
      month: '2026-03',
      filedBy: HEAD.id,
      filedByName: HEAD.displayName,
      status: 'overturned',
      decidedBy: USER_B.id,
      decidedByName: '督查科',
      decisionReason: '监控显示在岗',
      decidedAt: SERVER_TIME,
    };
    const server = fakeFetch(
      route({
        push: (req) =>
          json(200, {
            serverTime: SERVER_TIME,
            clockSkewMs: 0,
            results: req.body.mutations.map((m: { id: string; args: { id: string } }) =>
              m.args.id === no.id
                ? { id: m.id, status: 'rejected', code: 'closed', reason: '不在核实阶段，不能提出异议' }
                : { id: m.id, status: 'applied' },
            ),
          }),
        pull: () =>
          json(200, {
            serverTime: SERVER_TIME,
            changes: [{ seq: 5, entity: 'disputes', id: ok.id, op: 'upsert', data: decided }],
            cursor: 5,
            hasMore: false,
          }),
      }),
    );
    const engine = new SyncEngine({ db, fetch: server.fn, clock: new FakeClock(), getUser: () => ({ id: HEAD.id }) });
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 1, rejected: 1 });
    expect(await db.disputes.get(ok.id)).toMatchObject({
      status: 'overturned',
      decisionReason: '监控显示在岗',
      syncState: 'synced',
    });
    expect(await db.disputes.get(no.id)).toMatchObject({
      status: 'pending',
      syncState: 'rejected',
      rejectionCode: 'closed',
      rejectionReason: '不在核实阶段，不能提出异议',
    });
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['rejected']);
  });

  it('another user signing in on the phone does not see the previous window head’s disputes', async () => {
    const db = makeDb();
    await prepareForUser(db, HEAD.id);
    await applyPullPage(db, {
      serverTime: SERVER_TIME,
      cursor: 3,
      hasMore: false,
      changes: [
        {
          seq: 3,
          entity: 'disputes',
          id: crypto.randomUUID(),
          op: 'upsert',
          data: { violationId: crypto.randomUUID(), status: 'pending' },
        },
      ],
    });
    expect(await db.disputes.count()).toBe(1);
    await prepareForUser(db, USER_B.id);
    expect(await db.disputes.count()).toBe(0);
  });
});

describe('a window head verifies the window’s records of a month', () => {
  it('lists the synced records of the window observed in the hall month, oldest first', async () => {
    const db = makeDb();
    const firstOfMarch = synced({ windowId: WINDOW_1, observedAt: '2026-02-28T16:30:00.000Z' }); // 03-01 00:30 in the hall
    const midMarch = synced({ windowId: WINDOW_1, observedAt: '2026-03-15T02:00:00.000Z' });
    const firstOfApril = synced({ windowId: WINDOW_1, observedAt: '2026-03-31T16:30:00.000Z' }); // 04-01 00:30 in the hall
    const otherWindow = synced({ windowId: WINDOW_2, observedAt: '2026-03-10T02:00:00.000Z' });
    const unsent = {
      ...synced({ windowId: WINDOW_1, observedAt: '2026-03-11T02:00:00.000Z' }),
      syncState: 'pending' as const,
    };
    await db.violations.bulkPut([midMarch, firstOfApril, otherWindow, unsent, firstOfMarch]);
    expect((await windowRecordsOfMonth(db, WINDOW_1, '2026-03', ZONE)).map((v) => v.id)).toEqual([
      firstOfMarch.id,
      midMarch.id,
    ]);
    expect((await windowRecordsOfMonth(db, WINDOW_1, '2026-04', ZONE)).map((v) => v.id)).toEqual([firstOfApril.id]);
    expect((await windowRecordsOfMonth(db, WINDOW_1, '2026-02', 'UTC')).map((v) => v.id)).toEqual([firstOfMarch.id]);
  });
});

describe('"this month so far" on the phone', () => {
  async function seed(month: string) {
    const db = makeDb();
    const inMonth = (day: number) => `${month}-${String(day).padStart(2, '0')}T02:00:00.000Z`;
    await db.windows.bulkPut(windows);
    await db.staff.bulkPut(staff);
    await db.schemes.put({
      id: crypto.randomUUID(),
      version: DEFAULT_SCHEME.version,
      effectiveFrom: '2020-01',
      scheme: DEFAULT_SCHEME,
    });
    const eating = synced({ windowId: WINDOW_1, staffId: STAFF_1, itemCode: 'EATING', observedAt: inMonth(3) });
    const gaming = synced({ windowId: WINDOW_1, itemCode: 'GAMING', observedAt: inMonth(4) });
    const badge = synced({ windowId: WINDOW_2, itemCode: 'NO_BADGE', observedAt: inMonth(5) });
    const pendingLocal = {
      ...synced({ windowId: WINDOW_2, itemCode: 'CHATTING', observedAt: inMonth(6) }),
      syncState: 'pending' as const,
    };
    const rejected = {
      ...synced({ windowId: WINDOW_2, itemCode: 'GAMING', observedAt: inMonth(7) }),
      syncState: 'rejected' as const,
    };
    const lastMonth = synced({ windowId: WINDOW_2, itemCode: 'GAMING', observedAt: '2020-01-15T02:00:00.000Z' });
    await db.violations.bulkPut([eating, gaming, badge, pendingLocal, rejected, lastMonth]);
    await db.disputes.put({
      id: crypto.randomUUID(),
      violationId: gaming.id,
      windowId: WINDOW_1,
      month,
      filedBy: HEAD.id,
      reason: 'x',
      filedAt: inMonth(7),
      status: 'overturned',
      syncState: 'synced',
    });
    await db.bonuses.put({
      id: crypto.randomUUID(),
      month,
      windowId: WINDOW_2,
      staffId: null,
      bonusCode: 'PUBLIC_THANKS',
      points: 2,
      eventId: 'e1',
      note: '',
      status: 'active',
    });
    await db.meta.put({ key: META.lastSyncAt, value: '2026-03-09T01:02:03.000Z' });
    return { db, eating, gaming };
  }

  it('scores the month on the phone with the pure engine: overturned, rejected and other months do not count, this phone’s unsent record does; labelled with the last sync', async () => {
    const month = hallMonth(new Date('2026-03-10T00:00:00Z'), ZONE);
    expect(month).toBe('2026-03');
    const { db, gaming } = await seed(month);
    const provisional = await computeProvisional(db, month, 'supervision', ZONE);
    expect(provisional).toMatchObject({
      kind: 'provisional',
      month,
      dataAsOf: '2026-03-09T01:02:03.000Z',
      complete: true,
    });
    const w1 = provisional!.result.windows.find((w) => w.windowId === WINDOW_1)!;
    const w2 = provisional!.result.windows.find((w) => w.windowId === WINDOW_2)!;
    expect(w1.score).toBe(98); // EATING 2; GAMING overturned
    expect(w1.sheet.notCounted).toEqual([expect.objectContaining({ recordId: gaming.id, reason: 'overturned' })]);
    expect(w2.score).toBe(100 - 1 - 0.5 + 2); // NO_BADGE 1, the unsent CHATTING 0.5, bonus 2; the rejected GAMING never counts
    expect(provisional!.result.groups.approval!.entries.map((e) => e.windowId)).toEqual([WINDOW_2, WINDOW_1]);
    expect(provisional!.label.zh).toContain('暂计');
  });

  it('counts the consequences of the leave this phone holds in full (an overstay), not of redacted rows', async () => {
    const { db } = await seed('2026-03');
    const approved = leaveFx.request().steps.reduce((acc, _s, i) => {
      const r = decideStep(
        acc,
        { step: i, decision: 'approve', comment: '', decidedAt: '2026-03-01T10:00:00+08:00' },
        leaveFx.head,
        leaveFx.window(leaveFx.W2),
        null,
        leaveFx.rules,
      );
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    }, leaveFx.request());
    const closed = closeLeaveChain(
      [approved],
      { returnedOn: leaveFx.hd('2026-03-04', 'am'), note: '', certificate: null, at: '2026-03-04T09:00:00+08:00' },
      leaveFx.supervision,
      leaveFx.rules,
    );
    if (!closed.ok) throw new Error(closed.reason);
    const mine = { ...closed.value[0]!, staffId: STAFF_1, windowId: WINDOW_1, syncState: 'synced' as const };
    // Someone else's leave arrives redacted (no closure): nothing can be concluded from it here.
    const others = {
      id: crypto.randomUUID(),
      staffId: STAFF_1,
      windowId: WINDOW_2,
      from: mine.from,
      to: mine.to,
      until: mine.until,
      status: 'closed' as const,
      substituteRequired: true,
      substituteId: null,
      extensionOf: null,
      filedAfterwards: false,
      redacted: true as const,
      syncState: 'synced' as const,
    };
    await db.leaves.bulkPut([mine, others] as never);
    const provisional = await computeProvisional(db, '2026-03', 'supervision', ZONE);
    const w1 = provisional!.result.windows.find((w) => w.windowId === WINDOW_1)!;
    expect(w1.score).toBe(98 - 2); // EATING 2 and ABSENCE 1 × 2 half days (03-03)
    expect(provisional!.result.leaveSources).toEqual([
      expect.objectContaining({ reason: 'overstay', sourceId: mine.id, windowId: WINDOW_1, quantity: 2 }),
    ]);
    expect(
      provisional!.result.windows
        .find((w) => w.windowId === WINDOW_2)!
        .sheet.categories.flatMap((c) => c.records)
        .some((r) => r.source === 'leave'),
    ).toBe(false);
  });

  it('counts a record in the hall month of its time: 00:30 on the 1st in Shanghai is that month, though UTC still has the month before', async () => {
    const db = makeDb();
    await db.windows.bulkPut(windows);
    await db.schemes.put({
      id: crypto.randomUUID(),
      version: DEFAULT_SCHEME.version,
      effectiveFrom: '2020-01',
      scheme: DEFAULT_SCHEME,
    });
    const firstOfMarch = synced({ windowId: WINDOW_1, itemCode: 'EATING', observedAt: '2026-02-28T16:30:00.000Z' }); // 03-01 00:30 in the hall
    const firstOfApril = synced({ windowId: WINDOW_1, itemCode: 'GAMING', observedAt: '2026-03-31T16:30:00.000Z' }); // 04-01 00:30 in the hall
    await db.violations.bulkPut([firstOfMarch, firstOfApril]);
    const score = async (month: string, zone: string) =>
      (await computeProvisional(db, month, 'supervision', zone))!.result.windows.find((w) => w.windowId === WINDOW_1)!
        .score;
    expect(await score('2026-02', ZONE)).toBe(100);
    expect(await score('2026-03', ZONE)).toBe(98); // EATING 2; the GAMING of 04-01 is April's
    expect(await score('2026-04', ZONE)).toBe(95);
    // A hall on UTC counts both in the month before.
    expect(await score('2026-02', 'UTC')).toBe(98);
    expect(await score('2026-03', 'UTC')).toBe(95);
  });

  it('is marked incomplete for roles whose phone holds only their own records', async () => {
    const { db } = await seed('2026-03');
    expect((await computeProvisional(db, '2026-03', 'window_head', ZONE))!.complete).toBe(false);
    expect((await computeProvisional(db, '2026-03', 'center_leader', ZONE))!.complete).toBe(true);
  });
});

describe('published versions on the phone', () => {
  it('lists months and versions from the index and loads the one asked for', async () => {
    const db = makeDb();
    const result = assessMonth(
      monthInputFromRecords({ month: '2026-02', zone: ZONE, scheme: DEFAULT_SCHEME, windows, staff, violations: [] }),
    );
    const version = (month: string, n: number, reason: string | null): AssessmentVersion => ({
      id: crypto.randomUUID(),
      month,
      version: n,
      schemeVersion: 1,
      dataAsOf: SERVER_TIME,
      reason,
      approvedBy: null,
      approvedByName: null,
      approvedAt: null,
      publishedBy: USER_B.id,
      publishedByName: '督查科',
      publishedAt: SERVER_TIME,
      result: { ...result, month },
    });
    await db.assessments.bulkPut(
      [version('2026-01', 1, null), version('2026-02', 2, '更正'), version('2026-02', 1, null)].map(summarizeVersion),
    );
    expect((await versionIndex(db)).months).toEqual([
      { month: '2026-02', versions: [1, 2], latest: 2 },
      { month: '2026-01', versions: [1], latest: 1 },
    ]);
    expect(await loadVersion(db, '2026-02', 2)).toMatchObject({ month: '2026-02', version: 2, reason: '更正' });
    expect(await loadVersion(db, '2026-03', 1)).toBeNull();
  });
});

describe('ranking summaries of published versions', () => {
  it('the phone holds the summary: it ranks as the result does, and a full row is summarized on the way out', async () => {
    const { loadSummary, summaryRows } = await import('../../../src/app/features/assessment/summaries');
    const db = makeDb();
    const violations = [synced({ windowId: WINDOW_1, itemCode: 'GAMING', observedAt: '2026-02-03T02:00:00.000Z' })];
    const result = assessMonth(
      monthInputFromRecords({ month: '2026-02', zone: ZONE, scheme: DEFAULT_SCHEME, windows, staff, violations }),
    );
    const id = crypto.randomUUID();
    const full: AssessmentVersion = {
      id,
      month: '2026-02',
      version: 1,
      schemeVersion: 1,
      dataAsOf: SERVER_TIME,
      reason: null,
      approvedBy: null,
      approvedByName: null,
      approvedAt: null,
      publishedBy: USER_B.id,
      publishedByName: '督查科',
      publishedAt: SERVER_TIME,
      result,
    };
    await db.assessments.put(summarizeVersion(full));
    const summary = await loadSummary(db, '2026-02', 1);
    expect(summary).toMatchObject({ id, month: '2026-02', version: 1 });
    expect(summary!.result.windows.find((w) => w.windowId === WINDOW_1)).toMatchObject({
      score: result.windows.find((w) => w.windowId === WINDOW_1)!.score,
      deductionsTaken: result.windows.find((w) => w.windowId === WINDOW_1)!.sheet.deductionsTaken,
    });
    expect(summary!.result.staff).toEqual([
      expect.objectContaining({ staffId: STAFF_1, score: result.staff[0]!.score }),
    ]);
    expect(summaryRows(summary!.result).map((r) => [r.number, r.rank, r.score])).toEqual(
      Object.values(result.groups).flatMap((g) =>
        g!.entries.map((e) => [result.windows.find((w) => w.windowId === e.windowId)!.number, e.rank, e.score]),
      ),
    );
    expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(result).length);
    await db.assessments.put(full as never);
    expect(await loadSummary(db, '2026-02', 1)).toEqual(summary);
    expect(await loadSummary(db, '2026-03', 1)).toBeNull();
  });
});

describe('explanations of published windows on the phone (#14 §4)', () => {
  const result = () =>
    assessMonth(
      monthInputFromRecords({
        month: '2026-02',
        zone: ZONE,
        scheme: DEFAULT_SCHEME,
        windows,
        staff,
        violations: [synced({ windowId: WINDOW_1, itemCode: 'GAMING', observedAt: '2026-02-03T02:00:00.000Z' })],
      }),
    );
  const summaryOf = (month: string, version = 1) =>
    summarizeVersion({
      id: crypto.randomUUID(),
      month,
      version,
      schemeVersion: 1,
      dataAsOf: SERVER_TIME,
      reason: version > 1 ? '更正' : null,
      approvedBy: null,
      approvedByName: null,
      approvedAt: null,
      publishedBy: USER_B.id,
      publishedByName: '督查科',
      publishedAt: SERVER_TIME,
      result: { ...result(), month },
    });
  /** The explanation route, answering from the full results; offline when `offline.now` is set. */
  const server = (offline = { now: false }) =>
    fakeFetch((req) => {
      if (offline.now) throw new TypeError('Failed to fetch');
      const m = /^\/api\/assessments\/([^/]+)\/versions\/(\d+)\/windows\/([^/]+)$/.exec(req.path);
      if (!m) return json(404, { error: 'not_found' });
      const explanation = windowExplanationResult({ ...result(), month: m[1]! }, m[3]!);
      if (!explanation) return json(404, { error: 'not_found', message: 'no such window' });
      return json(200, {
        versionId: ids.get(`${m[1]}:${m[2]}`),
        month: m[1],
        version: Number(m[2]),
        result: explanation,
        records: [{ id: RECORD_OF_OLD_MONTH, windowId: m[3], note: '三个月前的记录' }],
      });
    });
  const ids = new Map<string, string>();
  const RECORD_OF_OLD_MONTH = '7d1e2c3b-0000-4000-8000-000000000001';
  const hold = async (db: ReturnType<typeof makeDb>, ...summaries: ReturnType<typeof summaryOf>[]) => {
    for (const s of summaries) ids.set(`${s.month}:${s.version}`, s.id);
    await db.assessments.bulkPut(summaries);
  };

  it('a window opened online is fetched and kept; offline it reads from the phone; never fetched, offline says so', async () => {
    const { fetchExplanation, readExplanation } = await import('../../../src/app/features/assessment/explanations');
    const db = makeDb();
    const v = summaryOf('2026-02');
    await hold(db, v);
    const offline = { now: false };
    const { fn, requests } = server(offline);
    expect(await readExplanation(db, v.id, WINDOW_2)).toBeUndefined();
    expect(await fetchExplanation(db, v, WINDOW_2, fn)).toBe('ok');
    expect(requests.map((r) => r.path)).toEqual([`/api/assessments/2026-02/versions/1/windows/${WINDOW_2}`]);
    offline.now = true;
    const kept = await readExplanation(db, v.id, WINDOW_2);
    expect(kept!.result.windows.map((w) => w.windowId)).toEqual([WINDOW_2]);
    // The records behind its lines came with it (the phone holds no rows of older months).
    expect(kept!.records).toEqual([{ id: RECORD_OF_OLD_MONTH, windowId: WINDOW_2, note: '三个月前的记录' }]);
    expect(await fetchExplanation(db, v, WINDOW_1, fn)).toBe('offline');
    expect(await readExplanation(db, v.id, WINDOW_1)).toBeUndefined();
    offline.now = false;
    expect(await fetchExplanation(db, v, '00000000-0000-4000-8000-000000000000', fn)).toBe('not_found');
  });

  it('one’s own window’s explanations are fetched after a sync and always kept; others, the most recently opened', async () => {
    const { fetchExplanation, keepOwnExplanations, pruneExplanations } =
      await import('../../../src/app/features/assessment/explanations');
    const db = makeDb();
    const jan = summaryOf('2026-01');
    const feb = summaryOf('2026-02');
    await hold(db, jan, feb);
    const { fn, requests } = server();
    // A staff member without a window of their own: the window their staff sheet is at.
    const profile = { windowId: null, staffId: STAFF_1 };
    await db.meta.put({ key: META.profile, value: profile });
    expect(await keepOwnExplanations(db, fn)).toBe(2);
    expect(requests.map((r) => r.path)).toEqual([
      `/api/assessments/2026-02/versions/1/windows/${WINDOW_1}`,
      `/api/assessments/2026-01/versions/1/windows/${WINDOW_1}`,
    ]);
    expect(await keepOwnExplanations(db, fn)).toBe(0); // kept: not fetched again
    expect(requests).toHaveLength(2);
    // Other windows: only the `keep` most recently opened stay; one's own stay whatever the count.
    let minute = 0;
    const clock = () => new Date(Date.parse('2026-03-01T00:00:00Z') + ++minute * 60_000);
    await fetchExplanation(db, jan, WINDOW_2, fn, clock);
    await fetchExplanation(db, feb, WINDOW_2, fn, clock);
    expect(await db.explanations.count()).toBe(4);
    expect(await pruneExplanations(db, 1)).toBe(1);
    expect((await db.explanations.toArray()).map((e) => `${e.month}:${e.windowId}`).sort()).toEqual(
      [`2026-01:${WINDOW_1}`, `2026-02:${WINDOW_1}`, `2026-02:${WINDOW_2}`].sort(),
    );
    // A version no longer held takes its explanations with it.
    await db.assessments.delete(jan.id);
    await pruneExplanations(db, 1);
    expect((await db.explanations.toArray()).map((e) => e.month)).toEqual(['2026-02', '2026-02']);
  });

  it('offline, keeping one’s own stops at the first failure and tries again after the next sync', async () => {
    const { keepOwnExplanations } = await import('../../../src/app/features/assessment/explanations');
    const db = makeDb();
    await hold(db, summaryOf('2026-01'), summaryOf('2026-02'));
    const offline = { now: true };
    const { fn, requests } = server(offline);
    expect(await keepOwnExplanations(db, fn, { windowId: WINDOW_2, staffId: null })).toBe(0);
    expect(requests).toHaveLength(1);
    offline.now = false;
    expect(await keepOwnExplanations(db, fn, { windowId: WINDOW_2, staffId: null })).toBe(2);
  });
});
