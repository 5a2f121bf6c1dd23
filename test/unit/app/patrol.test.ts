import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { InvalidMutationError, discardRejected } from '../../../src/app/db/outbox';
import { finishRound, startRound, uncheckedFirst } from '../../../src/app/features/patrol/rounds';
import { recordViolation } from '../../../src/app/features/violations/record';
import { SyncEngine, applyPullPage } from '../../../src/app/sync/engine';
import { FLOOR_1, FakeClock, SERVER_TIME, USER_A, WINDOW_1, WINDOW_2, fakeFetch, json, makeDb, route } from './helpers';

const at = (iso: string) => () => new Date(iso);

describe('patrol rounds on the phone', () => {
  it('start and finish write the local round and the outbox atomically; pushed in order; synced after both', async () => {
    const db = makeDb();
    const start = await startRound(db, { floorId: FLOOR_1, slot: 0 }, USER_A, at('2026-03-02T01:00:00Z'));
    let round = await db.rounds.get(start.id);
    expect(round).toMatchObject({
      floorId: FLOOR_1,
      slot: 0,
      finishedAt: null,
      leaderId: USER_A.id,
      leaderName: USER_A.displayName,
      syncState: 'pending',
    });
    expect(round!.day).toBe(start.startedAt.slice(0, 10));
    await recordViolation(
      db,
      { windowId: WINDOW_2, staffId: null, itemCode: 'EATING', count: 1, observedAt: new Date(), roundId: start.id },
      USER_A,
    );
    expect((await db.violations.toArray())[0]!.roundId).toBe(start.id);
    await finishRound(
      db,
      { id: start.id, checkedWindowIds: [WINDOW_2], allInOrderWindowIds: [WINDOW_1] },
      USER_A,
      at('2026-03-02T01:40:00Z'),
    );
    round = await db.rounds.get(start.id);
    expect(round!.finishedAt).not.toBeNull();
    expect(round!.checkedWindowIds.sort()).toEqual([WINDOW_1, WINDOW_2].sort());
    expect(await db.outbox.count()).toBe(3);

    // The server applies the start only: the round stays pending until its finish is applied.
    let calls = 0;
    const server = fakeFetch(
      route({
        push: (req) => {
          calls++;
          const results = req.body.mutations.map((m: { id: string; name: string }) =>
            calls === 1 && m.name === 'round.finish' ? null : { id: m.id, status: 'applied' },
          );
          return json(200, { serverTime: SERVER_TIME, clockSkewMs: 0, results: results.filter(Boolean) });
        },
      }),
    );
    const engine = new SyncEngine({
      db,
      fetch: server.fn,
      clock: new FakeClock(),
      getUser: () => ({ id: USER_A.id }),
      batchSize: 500,
    });
    await engine.sync('manual');
    expect((await db.rounds.get(start.id))!.syncState).toBe('synced');
    expect(await db.outbox.count()).toBe(0);
    expect(
      server.requests
        .filter((r) => r.path === '/api/sync/push')[0]!
        .body.mutations.map((m: { name: string }) => m.name),
    ).toEqual(['round.start', 'violation.record', 'round.finish']);
  });

  it('a start applied while the finish still waits keeps the round pending', async () => {
    const db = makeDb();
    const start = await startRound(db, { floorId: FLOOR_1, slot: 1 }, USER_A);
    await finishRound(db, { id: start.id, checkedWindowIds: [], allInOrderWindowIds: [WINDOW_1] }, USER_A);
    const server = fakeFetch(
      route({
        push: (req) =>
          json(200, {
            serverTime: SERVER_TIME,
            clockSkewMs: 0,
            results: req.body.mutations
              .filter((m: { name: string }) => m.name === 'round.start')
              .map((m: { id: string }) => ({ id: m.id, status: 'applied' })),
          }),
      }),
    );
    const engine = new SyncEngine({ db, fetch: server.fn, clock: new FakeClock(), getUser: () => ({ id: USER_A.id }) });
    await engine.sync('manual');
    expect((await db.rounds.get(start.id))!.syncState).toBe('pending');
  });

  it('finishing a round the phone does not have is refused locally', async () => {
    const db = makeDb();
    await expect(
      finishRound(db, { id: crypto.randomUUID(), checkedWindowIds: [], allInOrderWindowIds: [] }, USER_A),
    ).rejects.toBeInstanceOf(InvalidMutationError);
    expect(await db.outbox.count()).toBe(0);
  });

  it('pulled rounds and roster land in their tables; a rejected start can be discarded', async () => {
    const db = makeDb();
    const id = crypto.randomUUID();
    await applyPullPage(db, {
      serverTime: SERVER_TIME,
      cursor: 2,
      hasMore: false,
      changes: [
        {
          seq: 1,
          entity: 'rounds',
          id,
          op: 'upsert',
          data: {
            floorId: FLOOR_1,
            slot: 0,
            day: '2026-03-02',
            startedAt: '2026-03-02T01:00:00.000Z',
            finishedAt: null,
            checkedWindowIds: [],
            allInOrderWindowIds: [],
            leaderId: USER_A.id,
            leaderName: 'x',
          },
        },
        {
          seq: 2,
          entity: 'duty_roster',
          id: crypto.randomUUID(),
          op: 'upsert',
          data: { month: '2026-03', floorId: FLOOR_1, userId: USER_A.id, userName: 'x', dates: [], standIns: [] },
        },
      ],
    });
    expect((await db.rounds.get(id))!.syncState).toBe('synced');
    expect(await db.duty_roster.count()).toBe(1);

    const start = await startRound(db, { floorId: FLOOR_1, slot: 0 }, USER_A);
    const server = fakeFetch(
      route({
        push: (req) =>
          json(422, {
            serverTime: SERVER_TIME,
            clockSkewMs: 0,
            results: req.body.mutations.map((m: { id: string }) => ({
              id: m.id,
              status: 'rejected',
              code: 'not_found',
              reason: 'floor',
            })),
          }),
      }),
    );
    const engine = new SyncEngine({ db, fetch: server.fn, clock: new FakeClock(), getUser: () => ({ id: USER_A.id }) });
    await engine.sync('manual');
    expect((await db.rounds.get(start.id))!.syncState).toBe('rejected');
    const entry = (await db.outbox.toArray())[0]!;
    await discardRejected(db, entry.id);
    expect(await db.rounds.get(start.id)).toBeUndefined();
  });

  it('uncheckedFirst: unchecked windows first, each in hall order', () => {
    const ws = [
      { id: 'c', position: 2 },
      { id: 'a', position: 0 },
      { id: 'b', position: 1 },
    ];
    const { unchecked, checked } = uncheckedFirst(ws, new Set(['a']));
    expect(unchecked.map((w) => w.id)).toEqual(['b', 'c']);
    expect(checked.map((w) => w.id)).toEqual(['a']);
  });
});
