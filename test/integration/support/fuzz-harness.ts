import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { createSession, SESSION_COOKIE } from '../../../src/server/auth/sessions';
import { testConfig } from '../../../src/server/config';
import { migrate } from '../../../src/server/db/migrate';
import type { Db } from '../../../src/server/db/types';
import { seedDemoCenter } from '../../../src/server/seed/demo-center';
import type { DbTarget } from './databases';

/**
 * The seeded app of harness.ts, plus one thing the fuzz suite needs: the message of the last
 * error that became a 5xx (an onError hook added before the app is ready), so a failure says
 * "value "2147483648" is out of range for type integer", not just internal_error.
 */
export interface FuzzHarness {
  app: FastifyInstance;
  db: Db;
  /** The last server error's message and the first frame of it in src/; reset before a request to read that request's. */
  lastError: { message: string | null; where?: string | null };
  loginAs(username: string): Promise<string>;
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function createFuzzHarness(target: DbTarget): Promise<FuzzHarness> {
  const opened = await target.open();
  const { db } = opened;
  try {
    await migrate(db);
    await seedDemoCenter(db);
    const config = testConfig();
    const app = await buildApp({ db, config });
    const lastError: { message: string | null; where?: string | null } = { message: null };
    app.addHook('onError', async (_request, _reply, error) => {
      lastError.message = error.message;
      lastError.where =
        /\(?([^\s(]*\/src\/[^\s)]+)\)?/.exec(error.stack ?? '')?.[1]?.replace(/^.*\/src\//, 'src/') ?? null;
    });
    await app.ready();
    const userId = async (username: string) => {
      const [row] = await db.query<{ id: string }>('select id from users where username = $1', [username]);
      if (!row) throw new Error(`no user ${username}`);
      return row.id;
    };
    return {
      app,
      db,
      lastError,
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
