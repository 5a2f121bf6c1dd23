import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { JOURNAL_DAYS, META } from '../../../src/app/db/database';
import { enqueueMutation } from '../../../src/app/db/outbox';
import { SyncEngine } from '../../../src/app/sync/engine';
import { FakeClock, SERVER_TIME, USER_A, fakeFetch, json, makeDb, violationArgs, type Recorded } from './helpers';

/**
 * A server that keeps its exactly-once log and can be "restored from a backup": the log goes back
 * to an earlier moment and the data epoch changes. Answers carry the epoch as the real server's do.
 */
function restorableServer() {
  let epoch = 'epoch-1';
  let log = new Set<string>();
  const appliedTimes = new Map<string, number>();
  const handler = (req: Recorded): Response => {
    if (req.path.startsWith('/api/sync/push')) {
      for (const m of req.body.mutations as { id: string }[]) {
        if (!log.has(m.id)) appliedTimes.set(m.id, (appliedTimes.get(m.id) ?? 0) + 1);
        log.add(m.id);
      }
      return json(200, {
        serverTime: SERVER_TIME,
        clockSkewMs: 0,
        epoch,
        results: req.body.mutations.map((m: { id: string }) => ({ id: m.id, status: 'applied' })),
      });
    }
    const cursor = Number(new URL(req.path, 'http://x').searchParams.get('cursor'));
    return json(200, { serverTime: SERVER_TIME, changes: [], cursor, hasMore: false, epoch });
  };
  return {
    handler,
    /** Back to the log as it was at `backup`, with a new epoch; what the backup lacked is lost. */
    restore(backup: Set<string>) {
      for (const id of log) if (!backup.has(id)) appliedTimes.set(id, (appliedTimes.get(id) ?? 1) - 1);
      log = new Set(backup);
      epoch = 'epoch-2';
    },
    snapshot: () => new Set(log),
    appliedTimes,
  };
}

describe('sync engine: the server restored from a backup', () => {
  it('re-sends what the backup missed (each mutation ends applied once), resets the cursor, and forgets old acknowledgements', async () => {
    const db = makeDb();
    const server = restorableServer();
    const { fn, requests } = fakeFetch(server.handler);
    const clock = new FakeClock();
    const engine = new SyncEngine({ db, fetch: fn, clock, getUser: () => ({ id: USER_A.id }) });

    const queue = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++)
        ids.push((await enqueueMutation(db, 'violation.record', violationArgs({ note: `r${i}` }), USER_A)).id);
      return ids;
    };
    const before = await queue(2);
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 2 });
    const backup = server.snapshot();
    const after = await queue(3);
    expect(await engine.sync('manual')).toMatchObject({ status: 'ok', pushed: 3 });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.journal.toArray()).map((e) => e.id).sort()).toEqual([...before, ...after].sort());
    expect((await db.meta.get(META.epoch))?.value).toBe('epoch-1');
    await db.meta.put({ key: META.cursor, value: 42 });

    server.restore(backup);
    expect([...after].map((id) => server.appliedTimes.get(id))).toEqual([0, 0, 0]);
    requests.length = 0;
    const result = await engine.sync('manual');
    expect(result.status).toBe('ok');
    // All five went again, in their first order; the server applied the three it had lost.
    const resent = requests
      .filter((r) => r.path === '/api/sync/push')
      .flatMap((r) => r.body.mutations.map((m: { id: string }) => m.id));
    expect(resent).toEqual([...before, ...after]);
    expect([...before, ...after].map((id) => server.appliedTimes.get(id))).toEqual([1, 1, 1, 1, 1]);
    expect(requests.filter((r) => r.path.startsWith('/api/sync/pull')).at(-1)!.path).toMatch(/cursor=0/);
    expect((await db.meta.get(META.epoch))?.value).toBe('epoch-2');
    expect(await db.outbox.count()).toBe(0);

    // Nothing more to send on the next sync; acknowledgements older than JOURNAL_DAYS are dropped.
    requests.length = 0;
    await engine.sync('manual');
    expect(requests.filter((r) => r.path === '/api/sync/push')).toHaveLength(0);
    clock.advance((JOURNAL_DAYS + 1) * 86_400_000);
    await engine.sync('manual');
    expect(await db.journal.count()).toBe(0);
  });
});
