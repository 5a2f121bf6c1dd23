import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { openPglite } from '../../../src/server/db/pglite';
import { openPostgres } from '../../../src/server/db/postgres';
import type { Db } from '../../../src/server/db/types';
import { IN_CI } from '../../support/environment';

/**
 * The databases the integration suites run against. The rule, the same everywhere:
 * - PGlite in memory always;
 * - PostgreSQL when TEST_DATABASE_URL is set (a fresh database per opened target, dropped after);
 * - without TEST_DATABASE_URL the PostgreSQL target is skipped with a loud notice,
 *   except in CI (CI=true or CI=1, see isCi in test/support/environment.ts): then it runs and
 *   fails, because CI must test the real database.
 */
export interface OpenedDatabase {
  db: Db;
  /** For PostgreSQL: the URL of the fresh database (to start server processes on it). */
  url?: string;
  /** Closes db and, for PostgreSQL, drops the fresh database. */
  dispose(): Promise<void>;
}

export interface DbTarget {
  name: 'pglite' | 'postgres';
  skip: boolean;
  open(): Promise<OpenedDatabase>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export { IN_CI };
export const POSTGRES_REQUIRED_MESSAGE =
  'TEST_DATABASE_URL is not set, but CI is set: the PostgreSQL suites must run in CI ' +
  '(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test).';

let warned = false;
export function warnIfPostgresSkipped(): void {
  if (TEST_DATABASE_URL || IN_CI || warned) return;
  warned = true;
  console.warn(
    '\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
      '!! PostgreSQL integration tests SKIPPED: TEST_DATABASE_URL is not set.            !!\n' +
      '!! Only PGlite was tested. Set TEST_DATABASE_URL=postgres://user@host:5432/db to   !!\n' +
      '!! run them (each test file creates and drops its own database).                  !!\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n',
  );
}

/** In-memory PGlite, or file-backed when dataDir is given (for restart tests and benchmarks). */
export function pgliteTarget(dataDir = 'memory://'): DbTarget {
  return {
    name: 'pglite',
    skip: false,
    async open() {
      const db = await openPglite(dataDir);
      return { db, dispose: () => db.close() };
    },
  };
}

/** A fresh, uniquely named database on the server of TEST_DATABASE_URL. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wd_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function postgresTarget(): DbTarget {
  return {
    name: 'postgres',
    skip: !TEST_DATABASE_URL && !IN_CI,
    async open() {
      if (!TEST_DATABASE_URL) throw new Error(POSTGRES_REQUIRED_MESSAGE);
      const fresh = await createPostgresDatabase(TEST_DATABASE_URL);
      const db = await openPostgres(fresh.url);
      return {
        db,
        url: fresh.url,
        async dispose() {
          await db.close();
          await fresh.drop();
        },
      };
    },
  };
}

export const targets: DbTarget[] = [pgliteTarget(), postgresTarget()];

/** describe.each over the targets, with skipped (not silently missing) PostgreSQL suites. */
export function describeEachTarget(title: string, fn: (target: DbTarget) => void): void {
  warnIfPostgresSkipped();
  for (const target of targets) {
    (target.skip ? describe.skip : describe)(`${title} [${target.name}]`, () => fn(target));
  }
}
