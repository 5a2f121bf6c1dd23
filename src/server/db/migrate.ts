import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { lockMigrations } from './locks';
import type { Db } from './types';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Runs pending migrations/NNNN_name.sql in order, in one transaction under an advisory lock:
 * a second process starting at the same moment waits, then finds everything applied.
 */
export async function migrate(db: Db, options: { upTo?: string } = {}): Promise<MigrateResult> {
  // upTo (a file name): stop after it — a backup's schema before its rows, an upgrade test's "previous release".
  const files = (await migrationFiles()).filter((f) => options.upTo === undefined || f <= options.upTo);
  return db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(await readFile(MIGRATIONS_DIR + file, 'utf8'));
      await tx.query('insert into schema_migrations (name) values ($1)', [file]);
      applied.push(file);
    }
    return { applied, alreadyApplied: done.size };
  });
}

/** Every migration this release ships, in order. */
export async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => FILE_PATTERN.test(f)).sort();
}

/** Shipped migrations not applied yet (all of them on an empty database); throws when the database is unreachable. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>(`select to_regclass('schema_migrations')::text as name`);
  const done = table?.name
    ? new Set((await db.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name))
    : new Set<string>();
  return (await migrationFiles()).filter((f) => !done.has(f));
}
