import { createWriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config';
import { openDatabase } from '../db/open';
import { migrate } from '../db/migrate';
import { writeBackup } from './backup';
import { readOpsToken } from './backup-route';
import { openBackupFile } from './backup';
import { restoreBackup, type RestoreSummary } from './restore';

/** Scheduled backups are named so that name order is time order (UTC). */
export const BACKUP_NAME = /^window-duty-\d{8}T\d{6}Z\.backup\.gz$/;

export function backupName(now: Date): string {
  return `window-duty-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}.backup.gz`;
}

/** Deletes all but the newest `keep` backups of `dir` (only files named by backupName). */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => BACKUP_NAME.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) await rm(join(dir, n));
  return old;
}

/**
 * The running server's backup, when this is PGlite on disk and the server is up (only it may
 * open those files). null: no server answers, the CLI may open the database itself.
 */
async function fromRunningServer(config: Config, sink: () => Writable): Promise<boolean> {
  const token = await readOpsToken(config);
  if (!token) return false;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const request = config.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      // A self-signed certificate on this machine is expected; the token goes to our own port.
      {
        host,
        port: config.port,
        path: '/api/ops/backup',
        headers: { 'x-ops-token': token },
        rejectUnauthorized: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(
            new Error(
              `the running server refused the backup (HTTP ${res.statusCode}); is DATA_DIR/ops-token from this server?`,
            ),
          );
          return;
        }
        pipeline(res, sink()).then(() => resolve(true), reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(false);
      else reject(error);
    });
    req.end();
  });
}

/** Writes a backup to `file` (via a temporary name: a cut-short backup never looks finished). */
export async function backupToFile(config: Config, file: string): Promise<{ via: 'server' | 'database' }> {
  const tmp = join(dirname(file), `.${basename(file)}.partial`);
  try {
    if (!config.databaseUrl && (await fromRunningServer(config, () => createWriteStream(tmp, { mode: 0o600 })))) {
      await rename(tmp, file);
      return { via: 'server' };
    }
    const db = await openDatabase(config);
    try {
      await migrate(db);
      await writeBackup(db, config, createWriteStream(tmp, { mode: 0o600 })); // password hashes, sessions: owner only
    } finally {
      await db.close();
    }
    await rename(tmp, file);
    return { via: 'database' };
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function restoreFromFile(config: Config, file: string): Promise<RestoreSummary> {
  const db = await openDatabase(config);
  try {
    return await restoreBackup(db, config, openBackupFile(file));
  } finally {
    await db.close();
  }
}
