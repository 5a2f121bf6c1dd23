import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/domain';
import { enqueueMutation } from '../../../src/app/db/outbox';
import { keptOnPull, pruneIfDue, pruneOldRows, retentionHorizon } from '../../../src/app/features/retention';
import { PhoneClock } from '../../../src/app/sync/clock';
import { SyncEngine, applyPullPage, prepareForUser } from '../../../src/app/sync/engine';
import { FakeClock, USER_A, USER_B, fakeFetch, makeDb, pullFrom, route, violationArgs } from './helpers';

const ZONE = 'Asia/Shanghai';
// 2026-03-02 in the hall: the open months are March and February.
const NOW = new Date('2026-03-02T10:00:00.000Z');
const OLD = '2026-01-31T15:59:00.000Z'; // 23:59 on 31 January in the hall
const KEPT = '2026-01-31T16:00:00.000Z'; // 00:00 on 1 February in the hall

const synced = (observedAt: string, extra: Record<string, unknown> = {}) => ({
  ...violationArgs({ observedAt }),
  recordedBy: USER_B.id,
  status: 'active' as const,
  syncState: 'synced' as const,
  ...extra,
});
const pulled = (seq: number, row: ReturnType<typeof synced>): Change => {
  const { syncState: _s, ...data } = row;
  return { seq, entity: 'violations', id: row.id, op: 'upsert', data };
};

describe('phones that live a year: retention (#14 §5)', () => {
  it('the horizon is the first instant of the month before, in the hall', () => {
    expect(retentionHorizon(NOW, ZONE)).toEqual({ month: '2026-02', fromIso: KEPT, fromDay: '2026-02-01' });
    // 00:30 on 1 April in Shanghai is still 31 March in UTC: the hall's month decides.
    expect(retentionHorizon(new Date('2026-03-31T16:30:00.000Z'), ZONE).month).toBe('2026-03');
    const keep = keptOnPull(retentionHorizon(NOW, ZONE));
    expect(keep({ entity: 'violations', data: { observedAt: OLD } })).toBe(false);
    expect(keep({ entity: 'violations', data: { observedAt: KEPT } })).toBe(true);
    expect(keep({ entity: 'rounds', data: { day: '2026-01-31' } })).toBe(false);
    expect(keep({ entity: 'bonuses', data: { month: '2026-01' } })).toBe(false);
    expect(keep({ entity: 'assessments', data: { month: '2025-01' } })).toBe(true); // summaries are kept
    expect(keep({ entity: 'staff', data: { name: 'x' } })).toBe(true);
    expect(keep.since).toBe('2026-02');
  });

  it('a prune drops old settled rows and keeps those with a change waiting, refused, or a photo to upload', async () => {
    const db = makeDb();
    await prepareForUser(db, USER_A.id);
    const oldSynced = synced(OLD);
    const oldRefused = synced(OLD, { refused: { code: 'closed' } });
    const oldWithPhoto = synced(OLD);
    const oldWithUploadedPhoto = synced(OLD);
    const recent = synced(KEPT);
    await db.violations.bulkPut([oldSynced, oldRefused, oldWithPhoto, oldWithUploadedPhoto, recent]);
    // Recorded on this phone in January, not sent yet (the phone was offline for weeks).
    const oldPending = violationArgs({ observedAt: OLD, deviceRecordedAt: OLD });
    await enqueueMutation(db, 'violation.record', oldPending, USER_A, () => new Date(OLD));
    const photo = (violationId: string, uploaded: 0 | 1) => ({
      violationId,
      hash: `h-${violationId}`,
      blob: new Blob(['x']),
      uploaded,
      createdAt: OLD,
    });
    await db.photos.bulkPut([photo(oldWithPhoto.id, 0), photo(oldWithUploadedPhoto.id, 1)]);
    const round = (id: string, day: string, syncState: 'synced' | 'pending') => ({
      id,
      floorId: 'f',
      slot: 'morning',
      day,
      startedAt: `${day}T01:00:00.000Z`,
      finishedAt: `${day}T02:00:00.000Z`,
      checkedWindowIds: [],
      allInOrderWindowIds: [],
      leaderId: USER_A.id,
      syncState,
    });
    await db.rounds.bulkPut([round('r-old', '2026-01-30', 'synced'), round('r-new', '2026-02-01', 'synced')] as never);
    await db.bonuses.bulkPut([
      {
        id: 'b-old',
        month: '2026-01',
        windowId: 'w',
        staffId: null,
        bonusCode: 'X',
        points: 1,
        eventId: 'e',
        note: '',
        status: 'active',
      },
      {
        id: 'b-new',
        month: '2026-02',
        windowId: 'w',
        staffId: null,
        bonusCode: 'X',
        points: 1,
        eventId: 'e',
        note: '',
        status: 'active',
      },
    ] as never);

    const dropped = await pruneOldRows(db, retentionHorizon(NOW, ZONE));
    expect(dropped).toEqual({ violations: 2, rounds: 1, disputes: 0, bonuses: 1, photos: 1 });
    expect((await db.violations.toArray()).map((v) => v.id).sort()).toEqual(
      [oldRefused.id, oldWithPhoto.id, recent.id, oldPending.id].sort(),
    );
    expect((await db.violations.get(oldPending.id))?.syncState).toBe('pending');
    expect(await db.outbox.count()).toBe(1);
    expect((await db.photos.toArray()).map((p) => p.violationId)).toEqual([oldWithPhoto.id]);
    expect((await db.rounds.toArray()).map((r) => r.id)).toEqual(['r-new']);
    expect((await db.bonuses.toArray()).map((b) => b.id)).toEqual(['b-new']);

    // Once due, not again within the period.
    expect(await pruneIfDue(db, NOW, ZONE)).not.toBeNull();
    expect(await pruneIfDue(db, new Date(NOW.getTime() + 3_600_000), ZONE)).toBeNull();
    expect(await pruneIfDue(db, new Date(NOW.getTime() + 7 * 3_600_000), ZONE)).not.toBeNull();
  });

  it('a pull writes only the open months’ rows; an old copy goes; a row with a change waiting is held', async () => {
    const db = makeDb();
    await prepareForUser(db, USER_A.id);
    const mineOld = violationArgs({ observedAt: OLD, deviceRecordedAt: OLD, note: 'mine' });
    await enqueueMutation(db, 'violation.record', mineOld, USER_A, () => new Date(OLD));
    const stale = synced(OLD);
    await db.violations.put(stale);
    const old = synced(OLD);
    const recent = synced(KEPT);
    const keep = keptOnPull(retentionHorizon(NOW, ZONE));
    await applyPullPage(
      db,
      {
        serverTime: NOW.toISOString(),
        cursor: 4,
        hasMore: false,
        changes: [
          pulled(1, old),
          pulled(2, recent),
          pulled(3, { ...stale, note: 'withdrawn' }),
          pulled(4, { ...synced(OLD), id: mineOld.id }),
        ],
      },
      keep,
    );
    expect((await db.violations.toArray()).map((v) => v.id).sort()).toEqual([recent.id, mineOld.id].sort());
    expect((await db.violations.get(mineOld.id))?.note).toBe('mine');
  });

  it('the engine asks for the rows it keeps once per pull (again once the first page set the clock offset), through all its pages', async () => {
    const db = makeDb();
    const rows = Array.from({ length: 30 }, (_, i) => synced(i % 3 === 0 ? KEPT : OLD));
    const { fn, requests } = fakeFetch(route({ pull: pullFrom(rows.map((r, i) => pulled(i + 1, r))) }));
    let asked = 0;
    const engine = new SyncEngine({
      db,
      fetch: fn,
      clock: new FakeClock(),
      getUser: () => ({ id: USER_A.id }),
      pullLimit: 4,
      pullLimitMax: 8,
      keepOnPull: async () => {
        asked++;
        return keptOnPull(retentionHorizon(NOW, ZONE));
      },
    });
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok' });
    // At the start, and once the first page measured the phone's clock offset.
    expect(asked).toBe(2);
    expect(await db.violations.count()).toBe(10);
    // Every page asks the server to leave out the months before the horizon.
    const pulls = requests.filter((r) => r.path.startsWith('/api/sync/pull'));
    expect(pulls.length).toBeGreaterThan(1);
    for (const r of pulls) expect(new URL(r.path, 'http://phone').searchParams.get('since')).toBe('2026-02');
  });

  it('a phone whose clock reads 2100 keeps the open months of its first pull, by the corrected clock', async () => {
    const db = makeDb();
    const rows = [synced(KEPT), synced(OLD), synced(KEPT)];
    const { fn, requests } = fakeFetch(route({ pull: pullFrom(rows.map((r, i) => pulled(i + 1, r))) }));
    const device = new FakeClock();
    device.t = Date.parse('2100-06-15T10:00:00.000Z');
    const phoneClock = new PhoneClock(() => device.t);
    const engine = new SyncEngine({
      db,
      fetch: fn,
      clock: device,
      phoneClock,
      getUser: () => ({ id: USER_A.id }),
      pullLimit: 1,
      keepOnPull: async () => keptOnPull(retentionHorizon(phoneClock.now(), ZONE)),
    });
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok' });
    // The server's time (2 March 2026) set the clock: February and March are kept, January is not.
    expect((await db.violations.toArray()).map((v) => v.observedAt)).toEqual([KEPT, KEPT]);
    const sinces = requests
      .filter((r) => r.path.startsWith('/api/sync/pull'))
      .map((r) => new URL(r.path, 'http://phone').searchParams.get('since'));
    expect(sinces[0]).toBe('2100-05'); // asked before the offset was known (the server holds it to its own month)
    expect(sinces.slice(1).every((m) => m === '2026-02')).toBe(true);
  });
});
