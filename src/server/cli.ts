import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open';
import { migrate } from './db/migrate';
import { DEMO_SIGN_INS, seedDemoCenter } from './seed/demo-center';
import { startServer } from './server';

/** Usage: tsx src/server/cli.ts serve | migrate | seed   (settings from the environment, see config.ts) */

function printSignIns(): void {
  console.log('\nDemo sign-ins (password for all: %s):', DEMO_SIGN_INS[0]?.password);
  console.table(DEMO_SIGN_INS.map(({ username, password, role, displayName, what }) => ({ username, password, role, name: displayName, what })));
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}/pglite`;
  console.log(`窗口考评 Window Duty listening on ${server.url}  (database: ${where})`);
  if (server.seed?.seeded) console.log(`Seeded the demo center: ${server.seed.windows} windows, ${server.seed.staff} staff.`);
  if (config.seedDemo) printSignIns();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function withDb(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>): Promise<void> {
  const db = await openDatabase(loadConfig());
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return withDb(async (db) => {
        const result = await migrate(db);
        console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'Database is up to date.');
      });
    case 'seed':
      return withDb(async (db) => {
        await migrate(db);
        const result = await seedDemoCenter(db);
        console.log(result.seeded ? `Seeded the demo center: ${result.windows} windows, ${result.staff} staff.` : 'Not seeded: the center already has floors.');
        if (result.seeded) printSignIns();
      });
    default:
      console.error('Usage: tsx src/server/cli.ts <serve|migrate|seed>');
      process.exit(2);
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
