import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { Config } from '../config';
import type { Db } from '../db/types';
import { photosDir } from '../patrol/photos';
import { leaveFilesDir } from '../leave/routes';
import { disputeFilesDir } from '../assessment/dispute-files';

/**
 * A backup is one gzip file of JSON lines, readable by any later release:
 *   {"kind":"header", format, version, createdAt, database, migrations:[…], epoch}
 *   {"kind":"table", name, rows:[…]}          one per table, parents before children
 *   {"kind":"sequence", name, lastValue}
 *   {"kind":"file", dir:"photos"|"leave-files", name, sha256, data:base64}
 *   {"kind":"end", tables:{name:count}, files}
 * The rows are read in one REPEATABLE READ transaction (on PGlite, whose single connection
 * serialises everything, writes simply wait for it), so they are one consistent moment. Files
 * are copied after: photos and leave documents are written before the row that links them and
 * never change (named by their sha256), so every file the rows name is there.
 */
export const BACKUP_FORMAT = 'window-duty-backup';
export const BACKUP_VERSION = 1;
export const FILE_DIRS = ['photos', 'leave-files', 'dispute-files'] as const;
export type FileDir = (typeof FILE_DIRS)[number];

export interface BackupSummary {
  createdAt: string;
  database: Db['kind'];
  migrations: string[];
  tables: Record<string, number>;
  files: number;
}

export function fileDir(config: Pick<Config, 'dataDir'>, dir: FileDir): string {
  return dir === 'photos' ? photosDir(config) : dir === 'leave-files' ? leaveFilesDir(config) : disputeFilesDir(config);
}

/** Tables of the current schema, every table after the tables its foreign keys name. */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
    )
  ).map((t) => t.name);
  const edges = await db.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
     join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = current_schema()`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return; // a self-reference is one statement's business
    path.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function writeLine(out: Writable, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

/** Writes a backup of db and the data dir's files to `sink` (gzip applied here); ends `sink`. */
export async function writeBackup(
  db: Db,
  config: Pick<Config, 'dataDir'>,
  sink: Writable,
  now = new Date(),
): Promise<BackupSummary> {
  const gzip = createGzip();
  gzip.pipe(sink);
  const done = once(sink, 'finish');
  const summary: BackupSummary = {
    createdAt: now.toISOString(),
    database: db.kind,
    migrations: [],
    tables: {},
    files: 0,
  };

  await db.transaction(async (tx) => {
    summary.migrations = (await tx.query<{ name: string }>('select name from schema_migrations order by name')).map(
      (r) => r.name,
    );
    const [epoch] = await tx.query<{ epoch: string }>('select epoch::text as epoch from data_epoch where id = 1');
    await writeLine(gzip, {
      kind: 'header',
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: summary.createdAt,
      database: db.kind,
      migrations: summary.migrations,
      epoch: epoch?.epoch,
    });
    for (const table of await tablesInDependencyOrder(tx)) {
      const [row] = await tx.query<{ rows: string }>(
        `select coalesce(json_agg(t), '[]'::json)::text as rows from "${table}" t`,
      );
      const rows = JSON.parse(row!.rows) as unknown[];
      summary.tables[table] = rows.length;
      await writeLine(gzip, { kind: 'table', name: table, rows });
    }
    const sequences = await tx.query<{ name: string; last_value: number | null }>(
      `select sequencename as name, last_value from pg_sequences where schemaname = current_schema() order by sequencename`,
    );
    for (const s of sequences) await writeLine(gzip, { kind: 'sequence', name: s.name, lastValue: s.last_value });
  }, 'set transaction isolation level repeatable read, read only');

  for (const dir of FILE_DIRS) {
    const path = fileDir(config, dir);
    const names = (await readdir(path).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      const data = await readFile(join(path, name));
      await writeLine(gzip, {
        kind: 'file',
        dir,
        name,
        sha256: createHash('sha256').update(data).digest('hex'),
        data: data.toString('base64'),
      });
      summary.files += 1;
    }
  }
  await writeLine(gzip, { kind: 'end', tables: summary.tables, files: summary.files });
  gzip.end();
  await done;
  return summary;
}

/** The lines of a backup, parsed, in order. */
export async function* readBackupLines(source: Readable): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: source.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield JSON.parse(line) as Record<string, unknown>;
  }
}

export function openBackupFile(file: string): Readable {
  return createReadStream(file);
}
