import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instantOfHallClock, type Role } from '../../src/domain';
import { createDatabase, type WindowDutyDb } from '../../src/app/db/database';
import { attachPhotos } from '../../src/app/features/patrol/photos';
import { recordViolation } from '../../src/app/features/violations/record';
import type { FetchFn } from '../../src/app/http/client';
import { DICTS } from '../../src/app/i18n';
import { SyncEngine, type Clock } from '../../src/app/sync/engine';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

/**
 * Issue 12 §7: the sync engine owns the background transfers. The real engine (fake-indexeddb)
 * against the real Fastify app (inject): a photo taken while the phone cannot reach the server
 * waits — visible in the engine's status — and goes once the network is back; a photo the server
 * refuses is kept on the phone and counted with the reason.
 */
const ZONE = 'Asia/Shanghai';
const jpeg = (n = 1500) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(n)]);

/** Timers the test fires by hand: a retry happens when the test says so, not on the wall clock. */
class HandClock implements Clock {
  t = SERVER_NOW.getTime();
  timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  random = () => 0.5;
  setTimeout = (fn: () => void, ms: number) => {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t !== handle);
  };
}

/** A Wednesday morning in the hall; the server's clock is injected at noon that day (never today's date). */
const MORNING = instantOfHallClock('2026-03-04T10:00', ZONE);
const SERVER_NOW = instantOfHallClock('2026-03-04T12:00', ZONE);

describeEachTarget('the sync engine owns background transfers', (target) => {
  let h: Harness;
  let dataDir: string;
  let db: WindowDutyDb;
  let engine: SyncEngine;
  let user: { id: string; displayName: string; role: Role };
  const clock = new HandClock();
  /** What the phone cannot reach: nothing, the photo route only, or the server altogether. */
  let down: 'none' | 'photos' | 'all' = 'none';
  const morning = MORNING;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wd-transfers-'));
    h = await createHarness(target, { config: { dataDir }, now: () => SERVER_NOW });
    const cookie = await h.loginAs('duty1');
    user = { id: await h.userId('duty1'), displayName: '值班长', role: 'duty_leader' };
    const fetchFn: FetchFn = async (input, init = {}) => {
      if (down === 'all' || (down === 'photos' && input.startsWith('/api/photos/')))
        throw new TypeError('Failed to fetch');
      const body = init.body instanceof Blob ? Buffer.from(await init.body.arrayBuffer()) : init.body;
      const res = await h.app.inject({
        method: (init.method ?? 'GET') as 'GET',
        url: input,
        headers: { ...(init.headers as Record<string, string> | undefined), cookie },
        ...(body ? { payload: body as string | Buffer } : {}),
      });
      return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), {
        status: res.statusCode,
        headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
      });
    };
    db = createDatabase(`transfers-${process.pid}-${Math.random().toString(36).slice(2)}`);
    engine = new SyncEngine({ db, fetch: fetchFn, clock, getUser: () => user });
    expect((await engine.sync('manual')).status).toBe('ok');
  }, 120_000);
  afterAll(async () => {
    engine?.stop();
    db?.close();
    await h?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const record = () =>
    recordViolation(
      db,
      {
        windowId: DEMO_IDS.window102,
        staffId: null,
        itemCode: 'UNTIDY',
        count: 1,
        observedAt: morning,
      },
      user,
      () => morning,
    );
  const linked = async (violationId: string) =>
    (await h.db.query<{ hash: string }>('select hash from photo_links where violation_id = $1', [violationId])).map(
      (r) => r.hash,
    );

  it('a photo taken offline waits, shown in the status, and goes when the phone is online', async () => {
    down = 'all';
    const args = await record();
    const [photo] = await attachPhotos(db, args.id, [new Blob([jpeg()], { type: 'image/jpeg' })]);
    expect((await engine.sync('write')).status).toBe('retry');
    await engine.transfers.refresh();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 1, refused: 0 });
    // What the status bar shows of it (StatusBar reads this state through the dictionaries).
    expect(DICTS.zh.transferWaiting('photos', engine.state.transfers.photos.waiting)).toBe('1 张照片待上传');
    expect(DICTS.en.transferWaiting('photos', engine.state.transfers.photos.waiting)).toBe('1 photo waiting to upload');

    // The record reaches the server; the photo route is still out of reach: it stays queued, with a retry due.
    down = 'photos';
    expect((await engine.sync('online')).status).toBe('ok');
    await engine.transfers.idle();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 1, stopped: 'offline', failures: 1 });
    expect(engine.state.transfers.photos.nextRetryAt).toBeGreaterThan(clock.now());
    expect(clock.timers).toHaveLength(1);
    expect(await linked(args.id)).toEqual([]);
    expect((await db.photos.get([args.id, photo!.hash]))?.uploaded).toBe(0);

    // Back online: the next sync (the `online` trigger) runs the transfers; the photo goes.
    down = 'none';
    expect((await engine.sync('online')).status).toBe('ok');
    await engine.transfers.idle();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 0, stopped: null, failures: 0, nextRetryAt: null });
    expect(clock.timers).toHaveLength(0);
    expect(await linked(args.id)).toEqual([photo!.hash]);
    expect((await db.photos.get([args.id, photo!.hash]))?.uploaded).toBe(1);
  });

  it('the retry timer sends a queued photo without another sync', async () => {
    const args = await record();
    await attachPhotos(db, args.id, [new Blob([jpeg()], { type: 'image/jpeg' })]);
    down = 'photos';
    expect((await engine.sync('write')).status).toBe('ok');
    await engine.transfers.idle();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 1, stopped: 'offline' });
    down = 'none';
    const [timer] = clock.timers.splice(0);
    clock.t = timer!.at;
    timer!.fn();
    await engine.transfers.idle();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 0, stopped: null });
    expect(await linked(args.id)).toHaveLength(1);
  });

  it('a photo the server refuses is kept on the phone and counted with its status, never dropped', async () => {
    const args = await record();
    const [bad] = await attachPhotos(db, args.id, [new Blob([randomBytes(800)], { type: 'image/jpeg' })]);
    expect((await engine.sync('write')).status).toBe('ok');
    await engine.transfers.idle();
    expect(engine.state.transfers.photos).toMatchObject({ waiting: 0, refused: 1, refusedStatus: 415 });
    const kept = await db.photos.get([args.id, bad!.hash]);
    expect(kept).toMatchObject({ uploaded: 2, refusedStatus: 415 });
    expect(kept!.blob.size).toBe(800);
  });
});
