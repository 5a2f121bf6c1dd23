import 'fake-indexeddb/auto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HALL_TIME_ZONE, hallDay, hallMonth } from '../../../src/domain';
import { META } from '../../../src/app/db/database';
import { recordViolation } from '../../../src/app/features/violations/record';
import { startRound } from '../../../src/app/features/patrol/rounds';
import { CLOCK_CORRECT_MIN_MS, PhoneClock, clockSkewWarns, nowOf } from '../../../src/app/sync/clock';
import { SyncEngine } from '../../../src/app/sync/engine';
import { useCorrectedNow } from '../../../src/app/sync/use-corrected-now';
import {
  FLOOR_1,
  FakeClock,
  USER_A,
  WINDOW_1,
  applyAll,
  fakeFetch,
  json,
  makeDb,
  route,
  type Recorded,
} from './helpers';

const DAY = 86_400_000;
/** The server's time: 1 December, 00:30 in the hall (Shanghai). */
const SERVER_NOW = '2026-11-30T16:30:00.000Z';

/** A server whose clock reads SERVER_NOW whenever the phone asks (its pull answers say so). */
function serverAt(serverNow: string, push?: (req: Recorded) => Response) {
  return fakeFetch(
    route({
      pull: (req) =>
        json(200, {
          serverTime: serverNow,
          changes: [],
          cursor: Number(new URL(req.path, 'http://x').searchParams.get('cursor')),
          hasMore: false,
        }),
      ...(push ? { push } : {}),
    }),
  );
}

function engineFor(
  db: ReturnType<typeof makeDb>,
  clock: FakeClock,
  fetchFn: (input: string, init?: RequestInit) => Promise<Response>,
) {
  return new SyncEngine({ db, fetch: fetchFn, clock, getUser: () => ({ id: USER_A.id }) });
}

describe('the phone clock: actions are stamped with the server-corrected time', () => {
  it("a phone one day slow records on the server's 1 December: observedAt in December, its own time kept beside it", async () => {
    const db = makeDb();
    const device = new FakeClock();
    device.t = Date.parse(SERVER_NOW) - DAY; // the phone says 30 November
    const server = serverAt(SERVER_NOW);
    const engine = engineFor(db, device, server.fn);
    await engine.sync('manual');
    expect(engine.phoneClock.offsetMs).toBe(DAY);
    expect(engine.state).toMatchObject({ clockSkewMs: DAY, clockSkewLarge: true });

    const now = nowOf(engine.phoneClock);
    const args = await recordViolation(
      db,
      { windowId: WINDOW_1, staffId: null, itemCode: 'EATING', count: 1, observedAt: now() },
      USER_A,
      now,
    );
    expect(hallMonth(new Date(args.observedAt), DEFAULT_HALL_TIME_ZONE)).toBe('2026-12');
    expect(args.observedAt).toBe(SERVER_NOW);
    expect(args.deviceRecordedAt).toBe(new Date(device.t).toISOString()); // the device's own (wrong) time
    expect(hallMonth(new Date(args.deviceRecordedAt), DEFAULT_HALL_TIME_ZONE)).toBe('2026-11');
    const round = await startRound(db, { floorId: FLOOR_1, slot: 0 }, USER_A, now);
    expect(round.startedAt.slice(0, 10)).toBe('2026-12-01');
    expect((await db.rounds.get(round.id))?.day).toBe('2026-12-01');
    // The queue keeps the device's time; the push sends it raw, so the server measures the offset again.
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => e.createdAt)).toEqual([args.deviceRecordedAt, args.deviceRecordedAt]);
    await engine.sync('manual');
    const push = server.requests.find((r) => r.path === '/api/sync/push')!;
    expect(push.body.deviceNow).toBe(new Date(device.t).toISOString());
  });

  it("tells the last sync on the server's time, for a phone months or decades off", async () => {
    for (const phoneSays of [
      Date.parse(SERVER_NOW) - 90 * DAY,
      Date.parse('1970-01-02T00:00:00Z'),
      Date.parse('2100-06-01T00:00:00Z'),
    ]) {
      const db = makeDb();
      const device = new FakeClock();
      device.t = phoneSays;
      const engine = engineFor(db, device, serverAt(SERVER_NOW).fn);
      expect(await engine.sync('manual')).toMatchObject({ status: 'ok' });
      // the status bar's "last synced" and the rankings' "data as of": the server's 1 December, not the phone's day
      expect(engine.state.lastSyncAt).toBe(SERVER_NOW);
      expect((await db.meta.get(META.lastSyncAt))?.value).toBe(SERVER_NOW);
      expect(engine.state.clockSkewLarge).toBe(true);
    }
  });

  it('a phone reset to 1970 or set to 2100 still records (the record keeps the corrected time; the queue the raw one)', async () => {
    for (const phoneSays of ['1970-01-02T00:00:00.000Z', '2100-06-01T00:00:00.000Z']) {
      const db = makeDb();
      const device = new FakeClock();
      device.t = Date.parse(phoneSays);
      const engine = engineFor(db, device, serverAt(SERVER_NOW).fn);
      await engine.sync('manual');
      const now = nowOf(engine.phoneClock);
      // before the fix: refused by the record's own check (deviceRecordedAt outside 2000 … 2099)
      const args = await recordViolation(
        db,
        { windowId: WINDOW_1, staffId: null, itemCode: 'EATING', count: 1, observedAt: now() },
        USER_A,
        now,
      );
      expect(args.observedAt).toBe(SERVER_NOW);
      expect(args.deviceRecordedAt).toBe(SERVER_NOW);
      const [entry] = await db.outbox.orderBy('seq').toArray();
      expect(entry!.createdAt).toBe(phoneSays); // the raw reading travels in the envelope (the server measures the skew from it)
    }
  });

  it('keeps the offset of the last sync across a restart, offline, and warns from it', async () => {
    const db = makeDb();
    const device = new FakeClock();
    device.t = Date.parse(SERVER_NOW) - DAY;
    await engineFor(db, device, serverAt(SERVER_NOW).fn).sync('manual');
    expect((await db.meta.get(META.clockSkewMs))?.value).toBe(DAY);

    // The app starts again with no network.
    const offline = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const restarted = engineFor(db, device, offline.fn);
    expect(restarted.phoneClock.offsetMs).toBe(0);
    await restarted.restore();
    expect(restarted.phoneClock.now().toISOString()).toBe(SERVER_NOW);
    expect(restarted.state).toMatchObject({ clockSkewMs: DAY, clockSkewLarge: true });
    expect(await restarted.sync('manual')).toMatchObject({ status: 'retry' });
    expect(restarted.phoneClock.offsetMs).toBe(DAY);
  });

  it("the push's own measure wins over the pull's, and is what is kept", async () => {
    const db = makeDb();
    const device = new FakeClock();
    device.t = Date.parse(SERVER_NOW) - 3 * 60_000;
    const engine = engineFor(db, device, serverAt(SERVER_NOW, (req) => applyAll(req)).fn); // applyAll says 1200 ms
    await recordViolation(
      db,
      { windowId: WINDOW_1, staffId: null, itemCode: 'EATING', count: 1, observedAt: new Date(device.t) },
      USER_A,
      () => new Date(device.t),
    );
    await engine.sync('manual');
    expect(engine.state.clockSkewMs).toBe(1200);
    expect((await db.meta.get(META.clockSkewMs))?.value).toBe(1200);
    // A sync with nothing to push takes the pull's measure.
    await engine.sync('manual');
    expect(engine.state.clockSkewMs).toBe(3 * 60_000);
    expect(engine.state.clockSkewLarge).toBe(true);
  });

  it('applies no correction for the travel time of a request, and warns only beyond 2 minutes', () => {
    let t = Date.parse(SERVER_NOW);
    const clock = new PhoneClock(() => t);
    clock.setSkew(1500);
    expect(clock.now().getTime()).toBe(t);
    clock.setSkew(CLOCK_CORRECT_MIN_MS + 1);
    expect(clock.now().getTime()).toBe(t + CLOCK_CORRECT_MIN_MS + 1);
    clock.setSkew(-DAY);
    t += 5;
    expect(clock.now().getTime()).toBe(t - DAY);
    expect(clock.device().getTime()).toBe(t);
    clock.setSkew(Number.NaN);
    expect(clock.skewMs).toBeNull();
    expect(clock.now().getTime()).toBe(t);

    expect(clockSkewWarns(null)).toBe(false);
    expect(clockSkewWarns(60_000)).toBe(false);
    expect(clockSkewWarns(-2 * 60_000)).toBe(false);
    expect(clockSkewWarns(2 * 60_000 + 1)).toBe(true);
    expect(clockSkewWarns(-3 * 60_000)).toBe(true);
  });
});

describe("the screens' now (useCorrectedNow) is the corrected clock", () => {
  it("with a persisted offset of −1 day, the home reads the server's day, not the phone's", async () => {
    const db = makeDb();
    const device = new FakeClock();
    device.t = Date.parse(SERVER_NOW) + DAY; // the phone says 2 December, 00:30; the server 1 December
    await db.meta.put({ key: META.clockSkewMs, value: -DAY }); // kept by the last sync
    const clock = new PhoneClock(() => device.t);
    const engine = new SyncEngine({
      db,
      fetch: serverAt(SERVER_NOW).fn,
      clock: device,
      phoneClock: clock,
      getUser: () => ({ id: USER_A.id }),
    });
    await engine.restore(); // after a restart, offline: the kept offset applies

    function Day() {
      return createElement('span', null, hallDay(useCorrectedNow(60_000, clock), DEFAULT_HALL_TIME_ZONE));
    }
    expect(renderToStaticMarkup(createElement(Day))).toBe('<span>2026-12-01</span>');
    // without the kept offset, the same phone's home reads its own (wrong) day
    clock.setSkew(null);
    expect(renderToStaticMarkup(createElement(Day))).toBe('<span>2026-12-02</span>');
  });

  it('tells the screens when a sync changes the applied offset (they re-read at once)', () => {
    const device = new FakeClock();
    const clock = new PhoneClock(() => device.t);
    let told = 0;
    const stop = clock.subscribe(() => told++);
    clock.setSkew(-DAY);
    expect(told).toBe(1);
    clock.setSkew(-DAY); // same offset: nothing to re-read
    clock.setSkew(CLOCK_CORRECT_MIN_MS - 1); // below the threshold, like none: applied offset 0
    expect(told).toBe(2);
    stop();
    clock.setSkew(DAY);
    expect(told).toBe(2);
  });
});
