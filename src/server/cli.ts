import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open';
import { migrate } from './db/migrate';
import { DEMO_SIGN_INS, seedDemoCenter } from './seed/demo-center';
import { startServer } from './server';
import { AssessmentMonthSchema } from '../domain/assessment';
import { bundleJsonSchema } from '../domain/bundle/schema';
import { assessFromDb } from './assessment/data';
import { assessPeriodFromDb } from './assessment/period-data';
import { PeriodLabelSchema } from '../domain/assessment';
import { exportBundle } from './bundle/export';
import { BundleImportError, importBundle } from './bundle/import';
import { readFile, writeFile } from 'node:fs/promises';
import { seedDemoMonth } from './seed/demo-assessment';
import { backupName, backupToFile, pruneBackups, restoreFromFile } from './ops/backup-files';
import { RestoreError } from './ops/restore';
import { join } from 'node:path';

/**
 * Usage: node --import tsx src/server/cli.ts serve [--demo-month] | migrate | seed | seed-month [--month YYYY-MM] | assess --month YYYY-MM [--scheme-version N] | assess --period YYYY-Qn|YYYY [--months M1,M2] | export [--out FILE] | import FILE | bundle-schema
 * (settings from the environment, see config.ts: DATA_DIR's PGlite, or DATABASE_URL)
 */
const USAGE =
  'Usage: npm run cli -- <serve [--demo-month]|migrate|seed|seed-month [--month YYYY-MM]|assess --month YYYY-MM [--scheme-version N]|assess --period YYYY-Qn|YYYY [--months M1,M2]|export [--out FILE]|import FILE|bundle-schema|backup --out FILE|backup --dir DIR [--keep N]|restore --from FILE>';

/** The value after a flag (`--month 2024-03` or `--month=2024-03`). */
function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = args[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}

class UsageError extends Error {}

function printSignIns(): void {
  console.log('\nDemo sign-ins (password for all: %s):', DEMO_SIGN_INS[0]?.password);
  console.table(
    DEMO_SIGN_INS.map(({ username, password, role, displayName, what }) => ({
      username,
      password,
      role,
      name: displayName,
      what,
    })),
  );
}

/** How long a graceful shutdown may take before the process gives up on it (exit 1). */
const SHUTDOWN_GRACE_MS = 30_000;

async function serve(args: string[]): Promise<void> {
  const config = loadConfig();
  // Listen for SIGTERM/SIGINT before the database opens: a signal during start-up (migrating,
  // seeding) waits until start-up is done and then shuts down properly, instead of killing the
  // process with PGlite's files half-written.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let ready = false;
  let stopRequested: string | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    stopRequested ??= signal;
    if (stopping || !ready || !server) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const giveUp = setTimeout(() => {
      console.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS / 1000} s; exiting without it`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    giveUp.unref();
    // Fastify's close stops accepting, lets in-flight requests (a push batch) finish and answer,
    // then the database closes; only then exit 0.
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

  server = await startServer(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}/pglite`;
  console.log(`窗口考评 Window Duty listening on ${server.url}  (database: ${where})`);
  if (server.seed?.seeded) {
    console.log(`Seeded the demo center: ${server.seed.windows} windows, ${server.seed.staff} staff.`);
    // `npm start`: a fresh demo also has last month published, so rankings have something to show.
    if (args.includes('--demo-month')) {
      const demo = await seedDemoMonth(server.db, undefined, config.hallTimeZone);
      if (demo.seeded) console.log(`Published a demo assessment for ${demo.month}.`);
    }
  }
  if (config.seedDemo) printSignIns();
  ready = true;
  if (stopRequested) stop(stopRequested);
}

async function withDb(
  fn: (db: Awaited<ReturnType<typeof openDatabase>>, config: ReturnType<typeof loadConfig>) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await fn(db, config);
  } finally {
    await db.close();
  }
}

async function main(command: string | undefined, args: string[]): Promise<void> {
  switch (command) {
    case 'assess': {
      // Quarter or year (issue #15): the months with data averaged, blended and graded within the quota.
      if (flag(args, 'period') !== undefined) {
        const period = PeriodLabelSchema.safeParse(flag(args, 'period'));
        if (!period.success) throw new UsageError('assess --period needs YYYY-Qn or YYYY');
        const only = flag(args, 'months')
          ?.split(',')
          .map((m) => m.trim());
        return withDb(async (db, config) => {
          await migrate(db);
          const result = await assessPeriodFromDb(db, period.data, config.hallTimeZone, only);
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        });
      }
      const month = AssessmentMonthSchema.safeParse(flag(args, 'month'));
      if (!month.success) throw new UsageError('assess needs --month YYYY-MM');
      const versionFlag = flag(args, 'scheme-version');
      const schemeVersion = versionFlag === undefined ? undefined : Number(versionFlag);
      if (schemeVersion !== undefined && !(Number.isInteger(schemeVersion) && schemeVersion > 0))
        throw new UsageError('--scheme-version needs a stored version number');
      return withDb(async (db, config) => {
        await migrate(db);
        // The engine's result for the month from the records as they are now (JSON on stdout);
        // --scheme-version: under that stored version instead of the one in force (what the
        // console's scheme preview showed for the draft saved as that version).
        const result = await assessFromDb(db, month.data, config.hallTimeZone, { schemeVersion });
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      });
    }
    case 'export':
      return withDb(async (db, config) => {
        await migrate(db);
        const json = `${JSON.stringify(await exportBundle(db, config.hallTimeZone), null, 2)}\n`;
        const out = flag(args, 'out');
        if (out) {
          await writeFile(out, json);
          console.error(`Exported the center to ${out}.`);
        } else process.stdout.write(json);
      });
    case 'import': {
      const file = args.find((a) => !a.startsWith('--'));
      if (!file) throw new UsageError('import needs a bundle file: npm run cli -- import bundle.json');
      let value: unknown;
      try {
        value = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(
          `${file} is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return withDb(async (db, config) => {
        await migrate(db);
        const summary = await importBundle(db, value, config.hallTimeZone);
        console.log(JSON.stringify(summary, null, 2));
      });
    }
    case 'seed-month': {
      const given = flag(args, 'month');
      const month = given === undefined ? undefined : AssessmentMonthSchema.safeParse(given);
      if (month && !month.success) throw new UsageError('seed-month takes --month YYYY-MM (default: last month)');
      return withDb(async (db, config) => {
        await migrate(db);
        const result = await seedDemoMonth(db, month?.data, config.hallTimeZone);
        console.log(
          result.seeded
            ? `Published a demo assessment for ${result.month}.`
            : `${result.month} is published already; nothing seeded.`,
        );
      });
    }
    case 'backup': {
      // While the server runs: PostgreSQL is read directly; PGlite through the running server.
      const out = flag(args, 'out');
      const dir = flag(args, 'dir');
      const keep = flag(args, 'keep') === undefined ? undefined : Number(flag(args, 'keep'));
      if (!out === !dir) throw new UsageError('backup needs --out FILE or --dir DIR');
      if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
        throw new UsageError('--keep takes a whole number ≥ 1');
      const file = out ?? join(dir!, backupName(new Date()));
      const { via } = await backupToFile(loadConfig(), file);
      console.error(`Backed up to ${file} (${via === 'server' ? 'through the running server' : 'from the database'}).`);
      if (dir && keep !== undefined) {
        const removed = await pruneBackups(dir, keep);
        if (removed.length) console.error(`Removed ${removed.length} older backup(s), keeping ${keep}.`);
      }
      return;
    }
    case 'restore': {
      const from = flag(args, 'from');
      if (!from) throw new UsageError('restore needs --from FILE');
      const summary = await restoreFromFile(loadConfig(), from);
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    case 'bundle-schema':
      process.stdout.write(`${JSON.stringify(bundleJsonSchema(), null, 2)}\n`);
      return;
    case 'serve':
      return serve(args);
    case 'migrate':
      return withDb(async (db) => {
        const result = await migrate(db);
        console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'Database is up to date.');
      });
    case 'seed':
      return withDb(async (db) => {
        await migrate(db);
        const result = await seedDemoCenter(db);
        console.log(
          result.seeded
            ? `Seeded the demo center: ${result.windows} windows, ${result.staff} staff.`
            : 'Not seeded: the center already has floors.',
        );
        if (result.seeded) printSignIns();
      });
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

main(process.argv[2], process.argv.slice(3)).catch((error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const known =
    error instanceof ConfigError ||
    error instanceof BundleImportError ||
    error instanceof RestoreError ||
    (error as { statusCode?: number }).statusCode;
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
