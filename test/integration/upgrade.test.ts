import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportBundle } from '../../src/server/bundle/export';
import { migrate, migrationFiles, pendingMigrations } from '../../src/server/db/migrate';
import { openPostgres } from '../../src/server/db/postgres';
import type { Db } from '../../src/server/db/types';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { seedDemoCenter } from '../../src/server/seed/demo-center';
import { describeEachTarget, type OpenedDatabase } from './support/databases';

/** Upgrades keep data: a database the previous release made, with data in it, migrated to this one. */
describeEachTarget('upgrade from the previous release', (target) => {
  let opened: OpenedDatabase;
  let db: Db;
  let files: string[];

  beforeAll(async () => {
    opened = await target.open();
    db = opened.db;
    files = await migrationFiles();
  });
  afterAll(() => opened?.dispose());

  it('migrates a database at N-1 with data in it, keeping every row', async () => {
    const previous = files.at(-2)!;
    expect((await migrate(db, { upTo: previous })).applied.at(-1)).toBe(previous);
    expect(await pendingMigrations(db)).toEqual([files.at(-1)]);
    await seedDemoCenter(db);
    await seedDemoMonth(db, '2026-09');
    const before = await exportBundle(db, 'Asia/Shanghai', new Date('2026-11-01T00:00:00Z'));
    const counts = async () => {
      const tables = await db.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('schema_migrations', 'data_epoch') order by 1`,
      );
      const out: Record<string, number> = {};
      for (const { name } of tables)
        out[name] = (await db.query<{ n: number }>(`select count(*)::int as n from "${name}"`))[0]!.n;
      return out;
    };
    const rowsBefore = await counts();
    expect(rowsBefore.violations).toBeGreaterThan(0);

    const result = await migrate(db);
    expect(result.applied).toEqual([files.at(-1)]);
    expect(await pendingMigrations(db)).toEqual([]);
    // Every table keeps its rows; a table the migration adds starts empty.
    const after = await counts();
    expect(Object.fromEntries(Object.keys(rowsBefore).map((t) => [t, after[t]]))).toEqual(rowsBefore);
    for (const [table, n] of Object.entries(after)) if (!(table in rowsBefore)) expect(n, table).toBe(0);
    expect(await exportBundle(db, 'Asia/Shanghai', new Date('2026-11-01T00:00:00Z'))).toEqual(before);
  });

  it.skipIf(target.name !== 'postgres')(
    'two processes starting together on an empty database migrate once',
    async () => {
      const fresh = await target.open();
      const other = await openPostgres(fresh.url!);
      try {
        const [a, b] = await Promise.all([migrate(fresh.db), migrate(other)]);
        // One did all the work, the other waited on the lock and found nothing to do.
        expect([a.applied.length, b.applied.length].sort()).toEqual([0, files.length]);
        const rows = await fresh.db.query<{ n: number }>('select count(*)::int as n from schema_migrations');
        expect(rows[0]!.n).toBe(files.length);
      } finally {
        await other.close();
        await fresh.dispose();
      }
    },
  );
});
