import path from 'node:path';
import type { Config } from '../config';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Db } from './types';

/** DATABASE_URL → PostgreSQL; otherwise PGlite under DATA_DIR/pglite (or in memory). */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  if (config.dataDir.startsWith('memory://')) return openPglite('memory://');
  return openPglite(path.join(config.dataDir, 'pglite'));
}
