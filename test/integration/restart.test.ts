import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import type { Db } from '../../src/server/db/types';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import {
  createPostgresDatabase,
  describeEachTarget,
  POSTGRES_REQUIRED_MESSAGE,
  TEST_DATABASE_URL,
  type DbTarget,
} from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { counts, push, recordMutation } from './support/sync';

/**
 * The exactly-once log survives a restart: the server process (and for PGlite the embedded
 * database itself) is closed and opened again on the same storage, and replays still get the
 * first outcome.
 */
describeEachTarget('restart', (target) => {
  let storage: { target(): DbTarget; dispose(): Promise<void> };

  beforeAll(async () => {
    if (target.name === 'pglite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'wd-restart-'));
      storage = {
        target: () => persistentTarget('pglite', () => openPglite(dir)),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    } else {
      if (!TEST_DATABASE_URL) throw new Error(POSTGRES_REQUIRED_MESSAGE);
      const fresh = await createPostgresDatabase(TEST_DATABASE_URL);
      storage = { target: () => persistentTarget('postgres', () => openPostgres(fresh.url)), dispose: fresh.drop };
    }
  });
  afterAll(() => storage?.dispose());

  it('a replay after a restart returns the first outcome (applied and rejected), applies nothing', async () => {
    let h: Harness = await createHarness(storage.target());
    const dutyId = await h.userId('duty1');
    const applied = recordMutation(dutyId);
    const rejected = recordMutation(dutyId, { itemCode: 'NO_SUCH_ITEM' });
    const first = await push(h.app, await h.loginAs('duty1'), [applied, rejected]);
    expect(first.status).toBe(422);
    const stored = await counts(h.db);
    await h.close();

    h = await createHarness(storage.target()); // migrate + seed again: both no-ops now
    try {
      const again = await push(h.app, await h.loginAs('duty1'), [applied, rejected]);
      expect(again.status).toBe(422);
      expect(again.body.results).toEqual(first.body.results);
      expect(await counts(h.db)).toEqual(stored);
      const [{ n }] = (await h.db.query<{ n: number }>('select count(*) as n from windows where id = $1', [
        DEMO_IDS.window102,
      ])) as [{ n: number }];
      expect(n).toBe(1); // not seeded twice
    } finally {
      await h.close();
    }
  });
});

function persistentTarget(name: DbTarget['name'], open: () => Promise<Db>): DbTarget {
  return {
    name,
    skip: false,
    async open() {
      const db = await open();
      return { db, dispose: () => db.close() };
    },
  };
}
