import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/types';
import { writeBackup } from './backup';

/**
 * PGlite lives inside the server process: no second process may open its files. So while the
 * server runs, `npm run cli -- backup` asks the server for the backup: GET /api/ops/backup with
 * the token the server wrote to DATA_DIR/ops-token at start (readable only by the account that
 * runs it — which can read the database files anyway). Only for PGlite on disk; with
 * PostgreSQL the CLI reads the database itself.
 */
export const OPS_TOKEN_FILE = 'ops-token';

export function opsTokenPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, OPS_TOKEN_FILE);
}

export async function readOpsToken(config: Pick<Config, 'dataDir'>): Promise<string | null> {
  return readFile(opsTokenPath(config), 'utf8').then(
    (t) => t.trim(),
    () => null,
  );
}

export async function registerOpsBackup(
  app: FastifyInstance,
  db: Db,
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
): Promise<void> {
  if (config.databaseUrl || config.dataDir.startsWith('memory://')) return;
  const token = randomBytes(32).toString('hex');
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(opsTokenPath(config), `${token}\n`, { mode: 0o600 });
  // Gone with the server: the CLI then opens the (now free) database files itself.
  app.addHook('onClose', async () => {
    if ((await readOpsToken(config)) === token) await rm(opsTokenPath(config), { force: true });
  });
  app.get('/api/ops/backup', async (request, reply) => {
    const given = Buffer.from(String(request.headers['x-ops-token'] ?? ''));
    const wanted = Buffer.from(token);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return reply.code(403).send({ error: 'forbidden', message: 'needs the token in DATA_DIR/ops-token' });
    }
    const body = new PassThrough();
    writeBackup(db, config, body).catch((error) => {
      request.log.error({ err: error }, 'backup failed');
      body.destroy(error as Error); // the client sees a cut stream, never a backup that looks whole
    });
    return reply.header('content-type', 'application/gzip').send(body);
  });
}
