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
    // The data is written by this release's seed into a fully migrated database, then carried into
    // the N-1 database in the columns N-1 has: the seed's queries may already need the new columns.
    const source = await target.open();
    let expected: unknown;
    try {
      await migrate(source.db);
      await seedDemoCenter(source.db);
      await seedDemoMonth(source.db, '2026-09');
      expected = await exportBundle(source.db, 'Asia/Shanghai', new Date('2026-11-01T00:00:00Z'));
      await copyRows(source.db, db);
    } finally {
      await source.dispose();
    }
    const rowsBefore = await countRows(db);
    expect(rowsBefore.violations).toBeGreaterThan(0);

    const result = await migrate(db);
    expect(result.applied).toEqual([files.at(-1)]);
    expect(await pendingMigrations(db)).toEqual([]);
    // Every table keeps its rows; a table the migration adds starts empty.
    const after = await countRows(db);
    expect(Object.fromEntries(Object.keys(rowsBefore).map((t) => [t, after[t]]))).toEqual(rowsBefore);
    for (const [table, n] of Object.entries(after)) if (!(table in rowsBefore)) expect(n, table).toBe(0);
    // The upgraded database says what a database made by this release says about the same data.
    expect(await exportBundle(db, 'Asia/Shanghai', new Date('2026-11-01T00:00:00Z'))).toEqual(expected);
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

const tablesSql = `select table_name as name from information_schema.tables
  where table_schema = current_schema() and table_type = 'BASE TABLE'
    and table_name not in ('schema_migrations', 'data_epoch') order by 1`;

async function countRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { name } of await db.query<{ name: string }>(tablesSql))
    out[name] = (await db.query<{ n: number }>(`select count(*)::int as n from "${name}"`))[0]!.n;
  return out;
}

/**
 * Copies every row of every table `to` has from `from`, in the columns `to` has (a column only the
 * newer schema has is left behind), parents before children. Rows travel as JSON and are read back
 * with the target's own row type, so every column type round-trips without a per-type mapping.
 */
async function copyRows(from: Db, to: Db): Promise<void> {
  const tables = (await to.query<{ name: string }>(tablesSql)).map((t) => t.name);
  const edges = await to.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = current_schema() and c.relname <> p.relname`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`foreign keys form a cycle: ${[...path, table].join(' → ')}`);
    for (const e of edges) if (e.child === table) visit(e.parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  await to.transaction(async (tx) => {
    for (const table of ordered) {
      const [{ rows }] = (await from.query<{ rows: string }>(
        `select coalesce(json_agg(t), '[]')::text as rows from "${table}" t`,
      )) as [{ rows: string }];
      const columns = (
        await tx.query<{ name: string }>(
          `select column_name as name from information_schema.columns
           where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER'`,
          [table],
        )
      )
        .map((c) => `"${c.name}"`)
        .join(', ');
      await tx.query(
        `insert into "${table}" (${columns}) overriding system value
         select ${columns} from json_populate_recordset(null::"${table}", $1::json)`,
        [rows],
      );
    }
  });
}
