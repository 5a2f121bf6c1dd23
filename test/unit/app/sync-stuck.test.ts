import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { discardRejected, enqueueMutation } from '../../../src/app/db/outbox';
import { BISECT_AFTER_FAILURES, SUSPECT_RUN_MAX, SyncEngine } from '../../../src/app/sync/engine';
import { FakeClock, USER_A, applyAll, fakeFetch, json, makeDb, route, violationArgs, type Recorded } from './helpers';

type Db = ReturnType<typeof makeDb>;

/** Queue n records of USER_A; returns their outbox entries (mutation id and record id). */
async function queue(db: Db, n: number, note = 'record') {
  const queued: { entryId: string; rowId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const args = violationArgs({ note: `${note} ${i}` });
    const entry = await enqueueMutation(db, 'violation.record', args, USER_A);
    queued.push({ entryId: entry.id, rowId: args.id });
  }
  return queued;
}

const pushes = (requests: Recorded[]) => requests.filter((r) => r.path === '/api/sync/push');
const sentIds = (requests: Recorded[]) =>
  pushes(requests).flatMap((r) => r.body.mutations.map((m: { id: string }) => m.id as string));

/**
 * A server that answers 500 to any batch holding a poisoned mutation and applies the others,
 * remembering what it applied (a mutation id is applied once, as on the real server).
 */
function poisonedServer(
  poisoned: Set<string>,
  failure: () => Response = () => json(500, { error: 'internal', message: 'Internal Server Error' }),
) {
  const applied: string[] = [];
  const server = fakeFetch(
    route({
      push: (req) => {
        const ids: string[] = req.body.mutations.map((m: { id: string }) => m.id);
        if (ids.some((id) => poisoned.has(id))) return failure();
        for (const id of ids) if (!applied.includes(id)) applied.push(id);
        return applyAll(req);
      },
    }),
  );
  return { ...server, applied };
}

function engineFor(db: Db, fetchFn: (input: string, init?: RequestInit) => Promise<Response>, batchSize?: number) {
  const clock = new FakeClock();
  let user: { id: string } | null = { id: USER_A.id };
  const engine = new SyncEngine({
    db,
    fetch: fetchFn,
    clock,
    getUser: () => user,
    onSessionExpired: () => (user = null),
    ...(batchSize ? { batchSize } : {}),
  });
  return { engine, clock };
}

/** Sync until the engine stops asking to retry (the retry timer's waits are skipped). */
async function syncUntilSettled(engine: SyncEngine, clock: FakeClock, tries = 10) {
  let result = await engine.sync('manual');
  for (let i = 0; i < tries && result.status === 'retry'; i++) {
    clock.t += result.delayMs;
    result = await engine.sync('manual');
  }
  return result;
}

describe('sync engine: a change the server fails on never stops the queue', () => {
  it('finds the poisoned change in a batch of 50 by halving it: the 49 others are acknowledged, it is held as stuck, nothing is lost', async () => {
    const db = makeDb();
    const queued = await queue(db, 50);
    const poison = queued[23]!;
    const server = poisonedServer(new Set([poison.entryId]));
    const { engine, clock } = engineFor(db, server.fn);

    // A server error may pass: the batch is tried again with backoff, unchanged, before it is split.
    for (let i = 1; i < BISECT_AFTER_FAILURES; i++) {
      const result = await engine.sync('manual');
      expect(result).toMatchObject({ status: 'retry' });
      expect(pushes(server.requests)).toHaveLength(i);
      expect(pushes(server.requests).at(-1)!.body.mutations).toHaveLength(50);
      clock.t += 60_000;
    }
    expect((await db.outbox.toArray()).filter((e) => e.state === 'stuck').length).toBe(0);

    const result = await engine.sync('manual');
    expect(result).toMatchObject({ status: 'ok', pushed: 49, rejected: 0, stuck: 1 });
    // Halving 50 finds it in a handful of requests, not 50.
    expect(pushes(server.requests).length).toBeLessThan(BISECT_AFTER_FAILURES + 16);

    expect([...server.applied].sort()).toEqual(
      queued
        .filter((q) => q !== poison)
        .map((q) => q.entryId)
        .sort(),
    );
    // Queue order kept: what reached the server came in the order it was queued.
    const order = queued.map((q) => q.entryId);
    expect(server.applied).toEqual([...server.applied].sort((a, b) => order.indexOf(a) - order.indexOf(b)));

    const left = await db.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: poison.entryId, state: 'stuck', stuck: { kind: 'server_error', status: 500 } });
    const rows = await db.violations.toArray();
    expect(rows).toHaveLength(50); // nothing lost on the phone
    expect(rows.filter((r) => r.syncState === 'synced')).toHaveLength(49);
    expect((await db.violations.get(poison.rowId))?.syncState).toBe('pending');
    expect(engine.state.lastError).toBeNull();
    expect(engine.state.failures).toBe(0);

    // Held: a later sync does not send it again on its own.
    const before = pushes(server.requests).length;
    await queue(db, 1, 'later');
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 1, stuck: 0 });
    expect(pushes(server.requests)).toHaveLength(before + 1);
    expect(
      pushes(server.requests)
        .at(-1)!
        .body.mutations.map((m: { id: string }) => m.id),
    ).not.toContain(poison.entryId);
  });

  it('try again sends it once the server is fixed, and the row is synced', async () => {
    const db = makeDb();
    const queued = await queue(db, 8);
    const poisoned = new Set([queued[5]!.entryId]);
    const server = poisonedServer(poisoned);
    const { engine, clock } = engineFor(db, server.fn);
    expect(await syncUntilSettled(engine, clock)).toMatchObject({ status: 'ok', stuck: 1 });

    // Still broken: tried again alone, at once; it stays stuck and the answer says so.
    expect(await syncUntilSettled(engine, clock)).toMatchObject({ status: 'ok', stuck: 0 });
    const sent = pushes(server.requests).length;
    expect(await engine.retryStuck(queued[5]!.entryId)).toMatchObject({ status: 'error' });
    expect(pushes(server.requests)).toHaveLength(sent + 1);
    expect(
      pushes(server.requests)
        .at(-1)!
        .body.mutations.map((m: { id: string }) => m.id),
    ).toEqual([queued[5]!.entryId]);
    const still = await db.outbox.toArray();
    expect(still.map((e) => [e.id, e.state, e.attempts])).toEqual([[queued[5]!.entryId, 'stuck', 2]]);

    // Offline: nothing changes.
    const offline = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const away = engineFor(db, offline.fn).engine;
    expect(await away.retryStuck(queued[5]!.entryId)).toEqual({ status: 'error', error: 'network_unreachable' });
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['stuck']);

    poisoned.clear(); // the server is fixed
    expect(await engine.retryStuck(queued[5]!.entryId)).toMatchObject({ status: 'ok', stuck: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(server.applied).toHaveLength(8);
    expect((await db.violations.get(queued[5]!.rowId))?.syncState).toBe('synced');
  });

  it('holds later changes of the same row behind the stuck one and sends them after it, in order', async () => {
    const db = makeDb();
    const before = await queue(db, 3);
    const args = violationArgs({ note: 'poison' });
    const record = await enqueueMutation(db, 'violation.record', args, USER_A);
    const edit = await enqueueMutation(db, 'violation.update', { id: args.id, note: 'edited' }, USER_A);
    const after = await queue(db, 3, 'after');
    const poisoned = new Set([record.id]);
    const server = poisonedServer(poisoned);
    const { engine, clock } = engineFor(db, server.fn);

    expect(await syncUntilSettled(engine, clock)).toMatchObject({ status: 'ok', pushed: 6, stuck: 1 });
    expect(server.applied).not.toContain(edit.id); // never applied ahead of its record
    expect(server.applied.sort()).toEqual([...before, ...after].map((q) => q.entryId).sort());
    const left = await db.outbox.orderBy('seq').toArray();
    expect(left.map((e) => [e.id, e.state])).toEqual([
      [record.id, 'stuck'],
      [edit.id, 'pending'],
    ]);
    // Still held on the next sync: not even sent.
    const sent = pushes(server.requests).length;
    await engine.sync('manual');
    expect(pushes(server.requests)).toHaveLength(sent);

    poisoned.clear();
    expect(await engine.retryStuck(record.id)).toMatchObject({ status: 'ok', pushed: 1 }); // the record alone, then the edit
    expect(server.applied.slice(-2)).toEqual([record.id, edit.id]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('discarding a stuck change reverts its local row like a rejection discard', async () => {
    const db = makeDb();
    const queued = await queue(db, 4);
    const server = poisonedServer(new Set([queued[2]!.entryId]));
    const { engine, clock } = engineFor(db, server.fn);
    await syncUntilSettled(engine, clock);
    expect((await db.outbox.toArray()).filter((e) => e.state === 'stuck').length).toBe(1);

    await discardRejected(db, queued[2]!.entryId);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.violations.get(queued[2]!.rowId)).toBeUndefined();
    expect((await db.violations.toArray()).map((r) => r.syncState)).toEqual(['synced', 'synced', 'synced']);
  });

  it('being offline or signed out never splits a batch nor holds a change', async () => {
    const db = makeDb();
    await queue(db, 6);
    let mode: 'offline' | '401' = 'offline';
    const server = fakeFetch((req) => {
      if (mode === 'offline') throw new TypeError('Failed to fetch');
      return req.path.startsWith('/api/sync/push')
        ? json(401, { error: 'session_expired', message: 'expired' })
        : json(404, {});
    });
    const { engine, clock } = engineFor(db, server.fn);
    for (let i = 0; i < BISECT_AFTER_FAILURES + 3; i++) {
      expect(await engine.sync('manual')).toMatchObject({ status: 'retry', error: 'Failed to fetch' });
      clock.t += 600_000;
    }
    // Every try sent the whole queue again, never a part of it.
    expect(pushes(server.requests).every((r) => r.body.mutations.length === 6)).toBe(true);
    mode = '401';
    const sent = pushes(server.requests).length;
    expect(await engine.sync('manual')).toEqual({ status: 'expired' });
    expect(pushes(server.requests)).toHaveLength(sent + 1); // the 401 ends the sync
    const states = (await db.outbox.toArray()).map((e) => e.state);
    expect(states).toEqual(Array(6).fill('pending'));
  });

  it('a batch the server cannot read (400 naming nothing) is split at once; the change it refuses alone is rejected', async () => {
    const db = makeDb();
    const queued = await queue(db, 10);
    const bad = queued[7]!;
    const server = poisonedServer(new Set([bad.entryId]), () =>
      json(400, { error: 'invalid_request', message: 'Invalid push' }),
    );
    const { engine } = engineFor(db, server.fn);
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 9, rejected: 1, stuck: 0 });
    expect((await db.outbox.toArray()).map((e) => [e.id, e.state, e.code])).toEqual([
      [bad.entryId, 'rejected', 'invalid'],
    ]);
  });

  it('a batch too large for the server (413) is split until it fits, and nothing is held', async () => {
    const db = makeDb();
    const queued = await queue(db, 12);
    const server = fakeFetch(
      route({
        push: (req) =>
          req.body.mutations.length > 4 ? json(413, { error: 'body_too_large', message: 'too large' }) : applyAll(req),
      }),
    );
    const { engine } = engineFor(db, server.fn);
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 12, stuck: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(new Set(sentIds(server.requests.filter((r) => r.body?.mutations?.length <= 4))).size).toBe(queued.length);
  });

  it('a server failing on every push (its database down) holds nothing: the queue waits, whole, and goes when the server is back', async () => {
    for (const pullToo of [false, true]) {
      const db = makeDb();
      const queued = await queue(db, 40);
      let down = true;
      const server = fakeFetch((req) => {
        if (down && (req.path.startsWith('/api/sync/push') || pullToo))
          return json(500, { error: 'internal', message: 'database unavailable' });
        return route({})(req);
      });
      const { engine, clock } = engineFor(db, server.fn);
      for (let i = 0; i < 3 * BISECT_AFTER_FAILURES; i++) {
        const before = server.requests.length;
        expect(await engine.sync('manual')).toMatchObject({ status: 'retry' });
        // Each split gives up after a few requests, not one per queued change.
        expect(server.requests.length - before).toBeLessThanOrEqual(SUSPECT_RUN_MAX + 2 * Math.ceil(Math.log2(40)) + 2);
        clock.t += 600_000;
      }
      expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(Array(40).fill('pending'));
      down = false;
      expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 40, stuck: 0 });
      expect(await db.outbox.count()).toBe(0);
      expect(queued).toHaveLength(40);
    }
  });

  it('poisoned changes at the head of the queue, several in a row, are each held and the rest goes', async () => {
    const db = makeDb();
    const queued = await queue(db, 20);
    const poisoned = new Set(queued.slice(0, 4).map((q) => q.entryId));
    const server = poisonedServer(poisoned);
    const { engine, clock } = engineFor(db, server.fn);
    expect(await syncUntilSettled(engine, clock)).toMatchObject({ status: 'ok', pushed: 16, stuck: 4 });
    expect(server.applied.sort()).toEqual(
      queued
        .slice(4)
        .map((q) => q.entryId)
        .sort(),
    );
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.state)).toEqual(Array(4).fill('stuck'));
  });

  it('a lone poisoned change is held once a one-row pull shows the server works', async () => {
    const db = makeDb();
    const [only] = await queue(db, 1);
    const server = poisonedServer(new Set([only!.entryId]));
    const { engine, clock } = engineFor(db, server.fn);
    expect(await syncUntilSettled(engine, clock)).toMatchObject({ status: 'ok', stuck: 1 });
    expect(server.requests.some((r) => r.path.includes('limit=1'))).toBe(true);
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['stuck']);
  });

  it('with small batches, changes held behind a stuck one never keep the ones after them from going', async () => {
    const db = makeDb();
    const args = violationArgs({ note: 'poison' });
    const record = await enqueueMutation(db, 'violation.record', args, USER_A);
    for (let i = 0; i < 5; i++)
      await enqueueMutation(db, 'violation.update', { id: args.id, note: `edit ${i}` }, USER_A);
    const after = await queue(db, 3, 'after');
    const server = poisonedServer(new Set([record.id]));
    const { engine, clock } = engineFor(db, server.fn, 2);
    await syncUntilSettled(engine, clock);
    // Held: the record is stuck; the five edits wait; the three after them went.
    expect(server.applied.sort()).toEqual(after.map((q) => q.entryId).sort());
    const left = await db.outbox.orderBy('seq').toArray();
    expect(left.map((e) => e.state)).toEqual(['stuck', 'pending', 'pending', 'pending', 'pending', 'pending']);
  });
});
