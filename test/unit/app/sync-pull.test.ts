import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, type Change } from '../../../src/domain';
import { META } from '../../../src/app/db/database';
import { enqueueMutation } from '../../../src/app/db/outbox';
import { SyncEngine, applyPullPage, prepareForUser } from '../../../src/app/sync/engine';
import {
  FLOOR_1,
  FakeClock,
  STAFF_1,
  USER_A,
  USER_B,
  WINDOW_1,
  WINDOW_2,
  fakeFetch,
  makeDb,
  pullFrom,
  route,
  violationArgs,
} from './helpers';

const floor = (seq: number): Change => ({
  seq,
  entity: 'floors',
  id: FLOOR_1,
  op: 'upsert',
  data: { id: FLOOR_1, name: '一楼', level: 1 },
});
const win = (seq: number, id: string, position: number): Change => ({
  seq,
  entity: 'windows',
  id,
  op: 'upsert',
  data: {
    id,
    floorId: FLOOR_1,
    number: `A${position}`,
    name: `窗口${position}`,
    department: '公安局',
    kind: 'approval',
    position,
  },
});
const staff = (seq: number): Change => ({
  seq,
  entity: 'staff',
  id: STAFF_1,
  op: 'upsert',
  data: { id: STAFF_1, name: '张三', windowId: WINDOW_1, post: 'A', phone: null },
});
const scheme = (seq: number, id: string, version: number): Change => ({
  seq,
  entity: 'schemes',
  id,
  op: 'upsert',
  data: { id, version, effectiveFrom: '2026-01-01', scheme: { ...DEFAULT_SCHEME, version } },
});
const serverViolation = (
  seq: number,
  args: ReturnType<typeof violationArgs>,
  extra: Record<string, unknown> = {},
): Change => ({
  seq,
  entity: 'violations',
  id: args.id,
  op: 'upsert',
  data: {
    ...args,
    recordedBy: USER_B.id,
    recordedByName: '乙',
    status: 'active',
    serverReceivedAt: '2026-03-02T09:20:00.000Z',
    clockSkewMs: 0,
    ...extra,
  },
});

function engineFor(
  db: ReturnType<typeof makeDb>,
  fetchFn: (input: string, init?: RequestInit) => Promise<Response>,
  userId = USER_A.id,
  pullLimit = 2,
  pullLimitMax = pullLimit,
) {
  let user: { id: string } | null = { id: userId };
  const engine = new SyncEngine({
    db,
    fetch: fetchFn,
    clock: new FakeClock(),
    getUser: () => user,
    pullLimit,
    pullLimitMax,
    onSessionExpired: () => (user = null),
  });
  return engine;
}

describe('sync engine: pull', () => {
  it('grows pages four-fold while the server has more, up to the maximum', async () => {
    const db = makeDb();
    const changes: Change[] = Array.from({ length: 40 }, (_, i) => {
      const id = crypto.randomUUID();
      return { seq: i + 1, entity: 'floors', id, op: 'upsert', data: { id, name: `${i + 1}楼`, level: i + 1 } };
    });
    const server = fakeFetch(route({ pull: pullFrom(changes) }));
    const engine = engineFor(db, server.fn, USER_A.id, 2, 16);

    expect(await engine.sync()).toMatchObject({ status: 'ok', pulled: 40 });
    const pages = server.requests
      .filter((r) => r.path.startsWith('/api/sync/pull'))
      .map((r) => Object.fromEntries(new URL(r.path, 'http://x').searchParams));
    expect(pages).toEqual([
      { cursor: '0', limit: '2' },
      { cursor: '2', limit: '8' },
      { cursor: '10', limit: '16' },
      { cursor: '26', limit: '16' },
    ]);
    expect(await db.floors.count()).toBe(40);
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 40 });
  });

  it('pages until hasMore is false, persisting the cursor', async () => {
    const db = makeDb();
    const s1 = crypto.randomUUID();
    const s2 = crypto.randomUUID();
    const changes = [floor(1), win(2, WINDOW_1, 1), win(3, WINDOW_2, 2), staff(4), scheme(5, s1, 1), scheme(6, s2, 2)];
    const server = fakeFetch(route({ pull: pullFrom(changes) }));
    const engine = engineFor(db, server.fn);

    expect(await engine.sync()).toMatchObject({ status: 'ok', pulled: 6 });
    const cursors = server.requests
      .filter((r) => r.path.startsWith('/api/sync/pull'))
      .map((r) => new URL(r.path, 'http://x').searchParams.get('cursor'));
    expect(cursors).toEqual(['0', '2', '4']);
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 6 });
    expect(await db.windows.orderBy('position').toArray()).toHaveLength(2);
    expect((await db.staff.get(STAFF_1))?.name).toBe('张三');
    expect((await db.schemes.orderBy('version').last())?.id).toBe(s2);

    // The next sync starts where the last one ended.
    await engine.sync();
    expect(server.requests.at(-1)!.path).toBe('/api/sync/pull?cursor=6&limit=2');
  });

  it('applies a page and its cursor in one transaction: a failing page leaves neither', async () => {
    const db = makeDb();
    const changes = [floor(1), win(2, WINDOW_1, 1), win(3, WINDOW_2, 2), staff(4)];
    db.windows.hook('creating', (_key, obj) => {
      if ((obj as { id: string }).id === WINDOW_2) throw new Error('broken row');
    });
    const server = fakeFetch(route({ pull: pullFrom(changes) }));
    const engine = engineFor(db, server.fn);

    expect(await engine.sync()).toMatchObject({ status: 'error' });
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 2 }); // first page only
    expect(await db.floors.count()).toBe(1);
    expect(await db.windows.get(WINDOW_1)).toBeDefined();
    expect(await db.windows.get(WINDOW_2)).toBeUndefined(); // page 2 rolled back as a whole …
    expect(await db.staff.count()).toBe(0); // … and page 3 never applied
  });

  it('deletes rows on tombstones', async () => {
    const db = makeDb();
    const other = violationArgs();
    const changes: Change[] = [
      floor(1),
      win(2, WINDOW_1, 1),
      serverViolation(3, other),
      { seq: 4, entity: 'windows', id: WINDOW_1, op: 'delete', data: null },
      { seq: 5, entity: 'violations', id: other.id, op: 'delete', data: null },
    ];
    const server = fakeFetch(route({ pull: pullFrom(changes) }));
    await engineFor(db, server.fn, USER_A.id, 3).sync();
    expect(await db.windows.count()).toBe(0);
    expect(await db.violations.count()).toBe(0);
    expect(await db.floors.count()).toBe(1);
  });

  it('marks pulled violations synced but never overwrites a row that still waits in the outbox', async () => {
    const db = makeDb();
    await prepareForUser(db, USER_A.id);
    const mine = violationArgs({ note: '本地备注' });
    await enqueueMutation(db, 'violation.record', mine, USER_A);
    const theirs = violationArgs({ note: 'server row' });
    await applyPullPage(db, {
      serverTime: '2026-03-02T10:00:00.000Z',
      cursor: 2,
      hasMore: false,
      changes: [
        serverViolation(
          1,
          { ...mine, note: 'server version' },
          { recordedBy: USER_A.id, recordedByName: '甲', clockSkewMs: 999 },
        ),
        serverViolation(2, theirs),
      ],
    });
    const local = await db.violations.get(mine.id);
    expect(local).toMatchObject({ note: '本地备注', syncState: 'pending', recordedBy: USER_A.id });
    expect(local?.serverReceivedAt).toBe('2026-03-02T09:20:00.000Z'); // server-only fields filled in
    expect((await db.violations.get(theirs.id))?.syncState).toBe('synced');

    await applyPullPage(db, {
      serverTime: '2026-03-02T10:00:00.000Z',
      cursor: 3,
      hasMore: false,
      changes: [{ seq: 3, entity: 'violations', id: mine.id, op: 'delete', data: null }],
    });
    expect(await db.violations.get(mine.id)).toBeDefined();
  });

  it('stops on 401 during pull and keeps the cursor', async () => {
    const db = makeDb();
    await db.meta.put({ key: META.cursor, value: 7 });
    await db.meta.put({ key: META.dataUserId, value: USER_A.id });
    const server = fakeFetch(
      route({ pull: () => new Response(JSON.stringify({ error: 'unauthenticated', message: 'x' }), { status: 401 }) }),
    );
    expect(await engineFor(db, server.fn).sync()).toEqual({ status: 'expired' });
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 7 });
  });
});

describe('another user signs in on the same phone', () => {
  it('clears pulled data and the cursor but keeps every outbox entry and its row', async () => {
    const db = makeDb();
    const theirs = violationArgs({ note: 'pulled for A' });
    const server = fakeFetch(
      route({
        pull: pullFrom([
          floor(1),
          win(2, WINDOW_1, 1),
          staff(3),
          scheme(4, crypto.randomUUID(), 1),
          serverViolation(5, theirs),
        ]),
      }),
    );
    await engineFor(db, server.fn, USER_A.id, 10).sync();
    const pendingArgs = violationArgs({ note: 'A offline' });
    await enqueueMutation(db, 'violation.record', pendingArgs, USER_A);
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 5 });

    expect(await prepareForUser(db, USER_B.id)).toBe(true);
    expect(await db.floors.count()).toBe(0);
    expect(await db.windows.count()).toBe(0);
    expect(await db.staff.count()).toBe(0);
    expect(await db.schemes.count()).toBe(0);
    expect(await db.violations.get(theirs.id)).toBeUndefined();
    expect(await db.violations.get(pendingArgs.id)).toMatchObject({ syncState: 'pending', note: 'A offline' });
    expect(await db.outbox.count()).toBe(1);
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 0 });

    // Same user again: nothing to reset.
    expect(await prepareForUser(db, USER_B.id)).toBe(false);

    // B's sync pulls from 0 and does not send A's change.
    const serverB = fakeFetch(route({ pull: pullFrom([floor(1)]) }));
    expect(await engineFor(db, serverB.fn, USER_B.id).sync()).toMatchObject({ status: 'ok', pushed: 0 });
    expect(serverB.requests.map((r) => r.path)).toEqual(['/api/sync/pull?cursor=0&limit=2']);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('applyPullPage: one page, bulk writes', () => {
  it('applies changes of the same row in page order (delete then re-create, upsert then delete)', async () => {
    const db = makeDb();
    const page = {
      serverTime: '2026-03-02T09:00:00.000Z',
      cursor: 5,
      hasMore: false,
      changes: [
        win(1, WINDOW_1, 1),
        { seq: 2, entity: 'windows', id: WINDOW_1, op: 'delete', data: null },
        { seq: 3, entity: 'windows', id: WINDOW_1, op: 'upsert', data: { ...win(3, WINDOW_1, 7).data } },
        win(4, WINDOW_2, 2),
        { seq: 5, entity: 'windows', id: WINDOW_2, op: 'delete', data: null },
      ] as Change[],
    };
    expect(await applyPullPage(db, page)).toBe(5);
    expect((await db.windows.get(WINDOW_1))?.position).toBe(7);
    expect(await db.windows.get(WINDOW_2)).toBeUndefined();
    expect(await db.meta.get(META.cursor)).toEqual({ key: META.cursor, value: 5 });
  });
});
