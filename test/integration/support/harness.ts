import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { createSession, SESSION_COOKIE } from '../../../src/server/auth/sessions';
import { testConfig, type Config } from '../../../src/server/config';
import { migrate } from '../../../src/server/db/migrate';
import type { Db } from '../../../src/server/db/types';
import { seedDemoCenter } from '../../../src/server/seed/demo-center';
import { pgliteTarget, type DbTarget } from './databases';

/**
 * A migrated, seeded server app on one database, driven with app.inject (no port).
 * Reusable by integration tests, e2e setup and the benchmark:
 *
 *   const h = await createHarness(pgliteTarget(tmpDir));   // or pgliteTarget() for memory
 *   const cookie = await h.loginAs('duty1');
 *   await h.app.inject({ method: 'POST', url: '/api/sync/push', headers: { cookie }, payload });
 *   await h.close();
 */
export interface Harness {
  app: FastifyInstance;
  db: Db;
  config: Config;
  /** PostgreSQL only: the URL of this harness's database. */
  databaseUrl?: string;
  /** A new session for a seeded user (no password check, no throttling): "wd_session=…". */
  loginAs(username: string): Promise<string>;
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  seed?: boolean;
  config?: Partial<Config>;
  staticDir?: string;
  /** The app's clock (sign-in throttling); real time when omitted. */
  now?: () => Date;
}

export async function createHarness(target: DbTarget = pgliteTarget(), options: HarnessOptions = {}): Promise<Harness> {
  const opened = await target.open();
  const { db } = opened;
  try {
    await migrate(db);
    if (options.seed ?? true) await seedDemoCenter(db);
    const config = testConfig(options.config);
    const app = await buildApp({ db, config, staticDir: options.staticDir, now: options.now });
    await app.ready();
    const userId = async (username: string) => {
      const rows = await db.query<{ id: string }>('select id from users where username = $1', [username]);
      if (!rows[0]) throw new Error(`no user ${username}`);
      return rows[0].id;
    };
    return {
      app,
      db,
      config,
      databaseUrl: opened.url,
      userId,
      async loginAs(username) {
        const { token } = await createSession(db, await userId(username), config.sessionDays);
        return `${SESSION_COOKIE}=${token}`;
      },
      async close() {
        await app.close();
        await opened.dispose();
      },
    };
  } catch (error) {
    await opened.dispose().catch(() => {});
    throw error;
  }
}
