import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { Db } from './types';

/** int8 → number: seqs and counts stay far below 2^53. */
const parsers = { [types.INT8]: (value: string) => Number(value) };

/**
 * Embedded PostgreSQL (WASM). dataDir is a directory, or 'memory://' for tests.
 * PGlite is a single connection; it serialises queries and transactions with its own mutex,
 * so a query issued while another request's transaction is open simply waits.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pg = new PGlite(dataDir, { parsers });
  await pg.waitReady;
  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      return (await pg.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    transaction<T>(fn: (tx: Db) => Promise<T>, opening?: string) {
      return pg.transaction(async (tx) => {
        if (opening) await tx.exec(opening); // in process: a statement more costs no round trip
        return fn(wrapTransaction(tx));
      });
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

function wrapTransaction(tx: Transaction): Db {
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]) {
      return (await tx.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
    transaction: async (fn, opening) => {
      if (opening) await tx.exec(opening);
      return fn(db);
    },
    close: async () => {
      throw new Error('close() inside a transaction');
    },
  };
  return db;
}
