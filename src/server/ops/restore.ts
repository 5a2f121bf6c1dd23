import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../config';
import { migrate, migrationFiles } from '../db/migrate';
import type { Db } from '../db/types';
import { startNewDataEpoch } from './epoch';
import { BACKUP_FORMAT, BACKUP_VERSION, FILE_DIRS, fileDir, readBackupLines, type FileDir } from './backup';

export class RestoreError extends Error {}

/** Rows the migrations write themselves: not restored from the backup. */
const SCHEMA_TABLES = new Set(['schema_migrations', 'data_epoch']);

/**
 * A gap put into the change feed's sequence: a phone (of any release) whose cursor went past
 * the backup still gets every row written after the restore, whose seqs start above it.
 */
export const CHANGE_SEQ_GAP = 1_000_000;

export interface RestoreSummary {
  tables: Record<string, number>;
  files: number;
  epoch: string;
  migrated: string[];
}

/** Every table empty (a fresh database, or one a server only migrated): nothing to overwrite. */
async function assertEmpty(db: Db): Promise<string[]> {
  const [table] = await db.query<{ name: string | null }>(`select to_regclass('schema_migrations')::text as name`);
  if (!table?.name) return [];
  const done = (await db.query<{ name: string }>('select name from schema_migrations order by name')).map(
    (r) => r.name,
  );
  const tables = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  for (const { name } of tables) {
    if (SCHEMA_TABLES.has(name)) continue;
    const [row] = await db.query<{ any: boolean }>(`select exists (select 1 from "${name}") as any`);
    if (row!.any)
      throw new RestoreError(
        `restore needs an empty database: table ${name} has rows (a fresh DATA_DIR or database; start the server with SEED_DEMO=false before restoring, or not at all)`,
      );
  }
  return done;
}

/**
 * Loads a backup into an empty database and data dir: the schema as the backup's release had
 * it, its rows in one transaction, its sequences, its files; then this release's newer
 * migrations, and a new data epoch (phones re-pull and re-send what the backup missed).
 */
export async function restoreBackup(
  db: Db,
  config: Pick<Config, 'dataDir'>,
  source: Readable,
  now = new Date(),
): Promise<RestoreSummary> {
  const lines = readBackupLines(source);
  const first = await lines.next();
  const header = first.value as { kind?: string; format?: string; version?: number; migrations?: string[] } | undefined;
  if (first.done || header?.kind !== 'header' || header.format !== BACKUP_FORMAT || !Array.isArray(header.migrations)) {
    throw new RestoreError('not a Window Duty backup (no header line)');
  }
  if (header.version !== BACKUP_VERSION)
    throw new RestoreError(`backup format version ${header.version} is not ${BACKUP_VERSION}`);
  const known = new Set(await migrationFiles());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new RestoreError(
      `the backup is from a newer release (migrations ${unknown.join(', ')}): restore it with that release`,
    );
  const last = header.migrations.at(-1);
  if (!last) throw new RestoreError('the backup has no migrations');

  const done = await assertEmpty(db);
  if (done.some((m) => m > last))
    throw new RestoreError(
      `the database is migrated past the backup (${last}): restore into a fresh DATA_DIR or database`,
    );
  await migrate(db, { upTo: last });

  const summary: RestoreSummary = { tables: {}, files: 0, epoch: '', migrated: [] };
  let ended = false;
  await db.transaction(async (tx) => {
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const line = next.value;
      if (line.kind === 'table') {
        const name = String(line.name);
        const rows = line.rows as unknown[];
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RestoreError(`bad table name ${name}`);
        if (SCHEMA_TABLES.has(name) || rows.length === 0) continue;
        // One statement per table: a row naming another row of its table (an extension of a
        // leave) is checked at the statement's end, whatever the order.
        await tx.query(
          `insert into "${name}" overriding system value select * from json_populate_recordset(null::"${name}", $1::json)`,
          [JSON.stringify(rows)],
        );
        summary.tables[name] = rows.length;
      } else if (line.kind === 'sequence') {
        const name = String(line.name);
        const value =
          line.lastValue === null ? null : Number(line.lastValue) + (name === 'change_seq' ? CHANGE_SEQ_GAP : 0);
        if (value === null) continue;
        await tx.query(`select setval(quote_ident($1), $2, true)`, [name, value]);
      } else if (line.kind === 'file') {
        const dir = line.dir as FileDir;
        const name = String(line.name);
        if (!FILE_DIRS.includes(dir) || !/^[0-9a-f]{64}(\.[a-z]+)?$/.test(name))
          throw new RestoreError(`bad file entry ${dir}/${name}`);
        const data = Buffer.from(String(line.data), 'base64');
        if (createHash('sha256').update(data).digest('hex') !== line.sha256)
          throw new RestoreError(`file ${dir}/${name} is damaged (sha256 differs)`);
        // Written at once (not held in memory): a file is named by its content, so one left by a
        // failed restore is harmless.
        await writeFileAtomically(fileDir(config, dir), name, data);
        summary.files += 1;
      } else if (line.kind === 'end') {
        ended = true;
      }
    }
    // A truncated file (a copy cut short) must not become a half-restored hall.
    if (!ended) throw new RestoreError('the backup is incomplete (no end line): nothing restored');
    summary.epoch = await startNewDataEpoch(tx, now);
  });

  summary.migrated = (await migrate(db)).applied;
  return summary;
}

async function writeFileAtomically(dir: string, name: string, data: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, join(dir, name));
}
