/** The server's public surface, for tests, benchmarks and tools. */
export { buildApp, BODY_LIMIT, type BuildAppOptions } from './app';
export { loadConfig, testConfig, type Config } from './config';
export type { Db } from './db/types';
export { openDatabase } from './db/open';
export { openPglite } from './db/pglite';
export { openPostgres } from './db/postgres';
export { migrate } from './db/migrate';
export { startServer, type RunningServer } from './server';
export { seedDemoCenter, DEMO_SIGN_INS, DEMO_PASSWORD, DEMO_IDS, demoId } from './seed/demo-center';
export { createSession, SESSION_COOKIE } from './auth/sessions';
export { createUser } from './auth/users';
export { applyPush } from './sync/push';
export { FAMILIES } from './sync/families';
export { pullChanges } from './sync/pull';
