import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { META } from '../../../src/app/db/database';
import { enqueueMutation } from '../../../src/app/db/outbox';
import { SyncEngine, backoffDelay, withinBytes } from '../../../src/app/sync/engine';
import { PUSH_BATCH_BYTES } from '../../../src/domain/sync/limits';
import { VIOLATION_NOTE_MAX } from '../../../src/domain/violation';
import {
  FakeClock,
  USER_A,
  USER_B,
  applyAll,
  fakeFetch,
  json,
  makeDb,
  route,
  violationArgs,
  type Recorded,
} from './helpers';

async function queue(db: ReturnType<typeof makeDb>, user: { id: string; displayName: string }, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const args = violationArgs({ note: `${user.displayName} ${i}` });
    const entry = await enqueueMutation(db, 'violation.record', args, user);
    ids.push(entry.id);
  }
  return ids;
}

function engineFor(
  db: ReturnType<typeof makeDb>,
  fetchFn: (input: string, init?: RequestInit) => Promise<Response>,
  extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {},
) {
  const clock = new FakeClock();
  let user: { id: string } | null = { id: USER_A.id };
  const onSessionExpired = vi.fn(() => {
    user = null;
  });
  const engine = new SyncEngine({ db, fetch: fetchFn, clock, getUser: () => user, onSessionExpired, ...extra });
  return { engine, clock, onSessionExpired };
}

const pushes = (requests: Recorded[]) => requests.filter((r) => r.path === '/api/sync/push');

describe('sync engine: push', () => {
  it("pushes only the signed-in user's entries, in queue order; applied ones leave the outbox and their rows are synced", async () => {
    const db = makeDb();
    const mineFirst = await queue(db, USER_A, 2);
    const theirs = await queue(db, USER_B, 1);
    const mineLater = await queue(db, USER_A, 1);
    const server = fakeFetch(route({}));
    const { engine } = engineFor(db, server.fn);

    const result = await engine.sync('manual');
    expect(result).toMatchObject({ status: 'ok', pushed: 3, rejected: 0 });

    const sent = pushes(server.requests).flatMap((r) => r.body.mutations);
    expect(sent.map((m: { id: string }) => m.id)).toEqual([...mineFirst, ...mineLater]);
    expect(sent.every((m: { userId: string }) => m.userId === USER_A.id)).toBe(true);
    expect(pushes(server.requests)[0]!.body.deviceNow).toBe('2026-03-02T10:00:00.000Z');

    const left = await db.outbox.toArray();
    expect(left.map((e) => e.id)).toEqual(theirs);
    const rows = await db.violations.toArray();
    expect(rows.filter((r) => r.recordedBy === USER_A.id).every((r) => r.syncState === 'synced')).toBe(true);
    expect(rows.find((r) => r.recordedBy === USER_B.id)?.syncState).toBe('pending');
    expect(await db.meta.get(META.clockSkewMs)).toEqual({ key: META.clockSkewMs, value: 1200 });
    expect(engine.state.lastSyncAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('marks acknowledged rows synced even when the pull right after the push fails', async () => {
    const db = makeDb();
    await queue(db, USER_A, 3);
    const server = fakeFetch(route({ pull: () => json(503, { error: 'unavailable', message: 'down' }) }));
    const { engine } = engineFor(db, server.fn);

    expect(await engine.sync('manual')).toMatchObject({ status: 'retry' });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.violations.toArray()).map((r) => r.syncState)).toEqual(['synced', 'synced', 'synced']);
  });

  it('keeps a row pending while another change of it still waits in the outbox', async () => {
    const db = makeDb();
    const args = violationArgs({ note: 'first' });
    await enqueueMutation(db, 'violation.record', args, USER_A);
    await enqueueMutation(db, 'violation.update', { id: args.id, note: 'edited' }, USER_A);
    // The server applies the record but not (yet) the edit: no answer for it in this batch.
    const server = fakeFetch(
      route({
        push: (req) =>
          json(200, {
            serverTime: '2026-03-02T10:00:01.200Z',
            clockSkewMs: 0,
            results: req.body.mutations
              .filter((m: { name: string }) => m.name === 'violation.record')
              .map((m: { id: string }) => ({ id: m.id, status: 'applied' })),
          }),
      }),
    );
    const { engine } = engineFor(db, server.fn);
    await engine.sync('manual');
    expect(await db.outbox.count()).toBe(1);
    expect((await db.violations.get(args.id))?.syncState).toBe('pending');
  });

  it('keeps a rejected entry with its code and reason (4xx body with results), marks the row, and never resends it', async () => {
    const db = makeDb();
    const [good, bad] = await queue(db, USER_A, 2);
    const server = fakeFetch(
      route({
        push: (req) =>
          json(409, {
            error: 'some_rejected',
            message: '1 rejected',
            serverTime: '2026-03-02T10:00:00.000Z',
            clockSkewMs: 0,
            results: req.body.mutations.map((m: { id: string }) =>
              m.id === bad
                ? { id: m.id, status: 'rejected', code: 'not_found', reason: '窗口不存在' }
                : { id: m.id, status: 'applied' },
            ),
          }),
      }),
    );
    const { engine } = engineFor(db, server.fn);
    expect(await engine.sync()).toMatchObject({ status: 'ok', pushed: 1, rejected: 1 });

    const left = await db.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: bad, state: 'rejected', code: 'not_found', reason: '窗口不存在', attempts: 1 });
    const badRow = await db.violations.get((left[0]!.args as { id: string }).id);
    expect(badRow).toMatchObject({ syncState: 'rejected', rejectionCode: 'not_found', rejectionReason: '窗口不存在' });
    expect(good).toBeDefined();

    await engine.sync();
    expect(pushes(server.requests)).toHaveLength(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('on 401 keeps every entry, marks the session expired and stops (no pull, no further sync)', async () => {
    const db = makeDb();
    await queue(db, USER_A, 3);
    const before = await db.outbox.toArray();
    const server = fakeFetch(route({ push: () => json(401, { error: 'session_expired', message: 'expired' }) }));
    const { engine, onSessionExpired, clock } = engineFor(db, server.fn);

    expect(await engine.sync()).toEqual({ status: 'expired' });
    expect(onSessionExpired).toHaveBeenCalledWith('session_expired');
    expect(engine.state.sessionExpired).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/sync/push']);
    expect(await db.outbox.toArray()).toEqual(before);
    expect((await db.violations.toArray()).every((r) => r.syncState === 'pending')).toBe(true);
    expect(clock.timers).toHaveLength(0);

    expect(await engine.sync('online')).toEqual({ status: 'skipped', reason: 'expired' });
    expect(server.requests).toHaveLength(1);
  });

  it('backs off exponentially on network errors and 5xx, then recovers on the retry timer', async () => {
    const db = makeDb();
    await queue(db, USER_A, 2);
    let mode: 'down' | '503' | 'up' = 'down';
    const server = fakeFetch((req) => {
      if (mode === 'down') throw new TypeError('Failed to fetch');
      if (mode === '503') return json(503, { error: 'unavailable', message: 'db down' });
      return route({})(req);
    });
    const { engine, clock } = engineFor(db, server.fn);

    expect(await engine.sync()).toMatchObject({ status: 'retry', delayMs: 2000 });
    expect(engine.state.failures).toBe(1);
    expect(engine.state.nextRetryAt).toBe(clock.now() + 2000);
    expect(engine.state.lastError).toBe('network_unreachable');
    expect(clock.timers).toHaveLength(1);

    // A write during the backoff waits for the timer instead of hammering the server.
    expect(await engine.sync('write')).toEqual({ status: 'skipped', reason: 'backoff' });
    expect(server.requests).toHaveLength(1);

    mode = '503';
    clock.advance(2000); // the retry timer fires a sync
    await vi.waitFor(() => expect(engine.state.failures).toBe(2));
    expect(clock.timers[0]!.at - clock.now()).toBe(4000);
    expect(engine.state.lastError).toContain('db down');
    expect(await db.outbox.count()).toBe(2);

    mode = 'up';
    clock.advance(4000);
    await vi.waitFor(() => expect(engine.state.failures).toBe(0));
    expect(await db.outbox.count()).toBe(0);
    expect(engine.state.nextRetryAt).toBeNull();
    expect(engine.state.lastError).toBeNull();
  });

  it('computes full-jitter delays capped at 5 minutes', () => {
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(20, () => 1)).toBe(300_000);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(3, () => 0)).toBeGreaterThan(0);
  });

  it('sends large queues in batches', async () => {
    const db = makeDb();
    const ids = await queue(db, USER_A, 5);
    const server = fakeFetch(route({}));
    const { engine } = engineFor(db, server.fn, { batchSize: 2 });
    await engine.sync();
    expect(pushes(server.requests).map((r) => r.body.mutations.length)).toEqual([2, 2, 1]);
    expect(pushes(server.requests).flatMap((r) => r.body.mutations.map((m: { id: string }) => m.id))).toEqual(ids);
    expect(await db.outbox.count()).toBe(0);
  });

  it('stops a batch at PUSH_BATCH_BYTES of JSON, so long Chinese notes never make a batch the server refuses for its size', async () => {
    const db = makeDb();
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      const args = violationArgs({ note: `${i}${'窗'.repeat(VIOLATION_NOTE_MAX - 4)}` });
      ids.push((await enqueueMutation(db, 'violation.record', args, USER_A)).id);
    }
    const server = fakeFetch(route({}));
    const { engine } = engineFor(db, server.fn);
    expect(await engine.sync()).toMatchObject({ status: 'ok', pushed: 400 });
    const sent = pushes(server.requests);
    expect(sent.length).toBeGreaterThan(1); // 400 such records are ~0.6 MB: more than one batch
    for (const push of sent) {
      const mutationsBytes = new TextEncoder().encode(JSON.stringify(push.body.mutations)).length;
      expect(mutationsBytes).toBeLessThanOrEqual(PUSH_BATCH_BYTES);
    }
    expect(sent.flatMap((r) => r.body.mutations.map((m: { id: string }) => m.id))).toEqual(ids);
    expect(await db.outbox.count()).toBe(0);
  });

  it('withinBytes keeps at least one entry, and the leading entries that fit', () => {
    const envelope = (note: string) => ({
      id: note,
      name: 'violation.record',
      userId: USER_A.id,
      createdAt: '',
      args: { note },
    });
    const batch = ['a', 'b', 'c'].map((c) => envelope(c.repeat(100)));
    const one = new TextEncoder().encode(JSON.stringify(batch[0])).length + 1;
    expect(withinBytes(batch as never, 1)).toHaveLength(1);
    expect(withinBytes(batch as never, 2 * one)).toHaveLength(2);
    expect(withinBytes(batch as never, 10 * one)).toHaveLength(3);
  });

  it("in batches, acknowledging never deletes what lies between: another user's entries and a rejected one stay", async () => {
    const db = makeDb();
    const a1 = await queue(db, USER_A, 3);
    const theirs = await queue(db, USER_B, 2);
    const a2 = await queue(db, USER_A, 4);
    const refused = a2[1]!;
    const server = fakeFetch(
      route({
        push: (req) =>
          json(200, {
            serverTime: '2026-03-02T10:00:01.200Z',
            clockSkewMs: 1200,
            results: req.body.mutations.map((m: { id: string }) =>
              m.id === refused
                ? { id: m.id, status: 'rejected', code: 'invalid', reason: 'no' }
                : { id: m.id, status: 'applied' },
            ),
          }),
      }),
    );
    const { engine } = engineFor(db, server.fn, { batchSize: 3 });
    expect(await engine.sync()).toMatchObject({ status: 'ok', pushed: 6, rejected: 1 });
    // queue order across batches, nothing sent twice, nothing of user B sent
    expect(pushes(server.requests).flatMap((r) => r.body.mutations.map((m: { id: string }) => m.id))).toEqual([
      ...a1,
      ...a2,
    ]);
    const left = await db.outbox.orderBy('seq').toArray();
    expect(left.map((e) => [e.id, e.state])).toEqual([...theirs.map((id) => [id, 'pending']), [refused, 'rejected']]);
  });

  it('rejects the one mutation a structural 400 names and sends the rest', async () => {
    const db = makeDb();
    const ids = await queue(db, USER_A, 3);
    const server = fakeFetch(
      route({
        push: (req) => {
          const index = req.body.mutations.findIndex((m: { id: string }) => m.id === ids[1]);
          if (index >= 0) {
            return json(400, {
              error: 'invalid_request',
              message: 'Invalid push',
              details: [{ path: ['mutations', index, 'createdAt'], message: 'must be an ISO 8601 date-time' }],
            });
          }
          return applyAll(req);
        },
      }),
    );
    const { engine } = engineFor(db, server.fn);
    expect(await engine.sync()).toMatchObject({ status: 'ok', pushed: 2, rejected: 1 });
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: ids[1], state: 'rejected', code: 'invalid' });
    expect(left[0]!.reason).toContain('ISO 8601');
  });

  it('runs one sync at a time; a request during a sync runs once more afterwards', async () => {
    const db = makeDb();
    await queue(db, USER_A, 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let first = true;
    const server = fakeFetch(async (req) => {
      if (first && req.path === '/api/sync/push') {
        first = false;
        await gate;
      }
      return route({})(req);
    });
    const { engine } = engineFor(db, server.fn);
    const a = engine.sync();
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await enqueueMutation(db, 'violation.record', violationArgs({ note: 'during' }), USER_A);
    const b = engine.sync('write');
    expect(b).toBe(a);
    release();
    await a;
    // Second run pushed the entry written during the first.
    expect(pushes(server.requests)).toHaveLength(2);
    expect(pushes(server.requests)[1]!.body.mutations[0].args.note).toBe('during');
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('sync engine: constants shared with the shell', () => {
  it('the status store and the engine agree on the "unreachable" marker', async () => {
    const { NETWORK_UNREACHABLE } = await import('../../../src/app/sync/engine');
    const store = await import('../../../src/app/stores/syncStatus');
    expect(store.NETWORK_UNREACHABLE).toBe(NETWORK_UNREACHABLE);
  });
});
