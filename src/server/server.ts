import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { openDatabase } from './db/open';
import { migrate } from './db/migrate';
import type { Db } from './db/types';
import { seedDemoCenter, type SeedResult } from './seed/demo-center';
import { registerOpsBackup } from './ops/backup-route';

/** The built PWA, next to src/ in the repository. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  seed: SeedResult | null;
  /** Stops accepting, finishes in-flight requests, then closes the database. */
  close(): Promise<void>;
}

/** Open the database, migrate, seed the demo once (if enabled), listen. */
export async function startServer(config: Config, options: { staticDir?: string } = {}): Promise<RunningServer> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const seed = config.seedDemo ? await seedDemoCenter(db) : null;
    const staticDir = options.staticDir ?? (existsSync(DEFAULT_STATIC_DIR) ? DEFAULT_STATIC_DIR : undefined);
    const tls = config.tls
      ? { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) }
      : undefined;
    const app = await buildApp({ db, config, staticDir, tls });
    await registerOpsBackup(app, db, config);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      seed,
      url: `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      close() {
        closing ??= (async () => {
          await app.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
