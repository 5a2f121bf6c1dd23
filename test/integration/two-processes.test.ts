import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain';
import { createUser } from '../../src/server/auth/users';
import { openPostgres } from '../../src/server/db/postgres';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-center';
import {
  createPostgresDatabase,
  IN_CI,
  POSTGRES_REQUIRED_MESSAGE,
  TEST_DATABASE_URL,
  warnIfPostgresSkipped,
} from './support/databases';
import { recordMutation } from './support/sync';
import { SERVER_ROOT, serverCommand } from '../support/server-process';

/**
 * Two real server processes (`node --import tsx src/server/cli.ts serve`) on one PostgreSQL, two phones
 * syncing through different processes. Only meaningful on PostgreSQL: same skip rule as every
 * suite (skipped loudly without TEST_DATABASE_URL, a failure when CI=true).
 */

interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
}

function startProcess(databaseUrl: string, dataDir: string): Promise<ServerProcess> {
  // The real clock: PostgreSQL's now() cannot be shifted with the process's Date.
  const { command, args } = serverCommand({ testClock: false });
  const child = spawn(command, args, {
    cwd: SERVER_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function stopProcess(p: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve(p.child.exitCode);
    p.child.removeAllListeners('exit');
    p.child.on('exit', (code) => resolve(code));
    p.child.kill('SIGTERM');
  });
}

class Phone {
  cookie = '';
  userId = '';
  constructor(readonly server: string) {}
  async login(username: string) {
    const res = await fetch(`${this.server}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    this.cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    this.userId = (await res.json()).profile.id;
  }
  async push(server: string, mutations: unknown[]) {
    const res = await fetch(`${server}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie },
      body: JSON.stringify({ deviceNow: new Date().toISOString(), mutations }),
    });
    return { status: res.status, body: await res.json() };
  }
  async pullAll(server: string): Promise<Change[]> {
    const changes: Change[] = [];
    let cursor = 0;
    for (;;) {
      const res = await fetch(`${server}/api/sync/pull?cursor=${cursor}&limit=40`, {
        headers: { cookie: this.cookie },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      changes.push(...body.changes);
      cursor = body.cursor;
      if (!body.hasMore) return changes;
    }
  }
}

const enabled = !!TEST_DATABASE_URL || IN_CI;
if (!enabled) warnIfPostgresSkipped();

describe.skipIf(!enabled)('two server processes on one PostgreSQL', () => {
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wd-two-'));
    if (!TEST_DATABASE_URL) throw new Error(POSTGRES_REQUIRED_MESSAGE);
    database = await createPostgresDatabase(TEST_DATABASE_URL);
    // Started together: both migrate and seed at once (advisory locks keep that to one run).
    [a, b] = await Promise.all([startProcess(database.url, dataDir), startProcess(database.url, dataDir)]);
    // A second hall-wide recorder, so both phones see every record.
    const db = await openPostgres(database.url);
    try {
      await createUser(db, { username: 'super2', password: DEMO_PASSWORD, role: 'supervision', displayName: '督查二' });
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    const codes = await Promise.all([a, b].filter((p): p is ServerProcess => !!p).map(stopProcess));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    // Graceful shutdown on SIGTERM: exit code 0.
    expect(codes.every((c) => c === 0)).toBe(true);
  });

  it('two phones through two processes: each pushes, both see both records exactly once', async () => {
    const phone1 = new Phone(a!.url);
    const phone2 = new Phone(b!.url);
    await phone1.login('super1');
    await phone2.login('super2');

    const m1 = recordMutation(phone1.userId, { note: 'phone 1 via A' });
    const m2 = recordMutation(phone2.userId, { note: 'phone 2 via B' });
    expect((await phone1.push(a!.url, [m1])).status).toBe(200);
    expect((await phone2.push(b!.url, [m2])).status).toBe(200);

    const ids = [m1, m2].map((m) => (m.args as { id: string }).id).sort();
    for (const [phone, server] of [
      [phone1, b!.url],
      [phone2, a!.url],
      [phone1, a!.url],
    ] as const) {
      const violations = (await phone.pullAll(server)).filter((c) => c.entity === 'violations');
      expect(violations.map((c) => c.id).sort()).toEqual(ids);
    }
  });

  it('the same mutation pushed through both processes at once is applied exactly once', async () => {
    const phone = new Phone(a!.url);
    await phone.login('duty1');
    const batch = Array.from({ length: 40 }, () => recordMutation(phone.userId));
    const [viaA, viaB] = await Promise.all([phone.push(a!.url, batch), phone.push(b!.url, batch)]);
    expect(viaA.status).toBe(200);
    expect(viaB.status).toBe(200);
    expect(viaA.body.results).toEqual(viaB.body.results);

    const db = await openPostgres(database!.url);
    try {
      const [row] = await db.query<{ v: number; m: number }>(
        `select (select count(*) from violations where id = any($1::uuid[])) as v,
                (select count(*) from mutations where id = any($2::uuid[]))
                  + (select count(*) from violations where mutation_id = any($2::uuid[])) as m`,
        [batch.map((m) => (m.args as { id: string }).id), batch.map((m) => m.id)],
      );
      expect(row).toEqual({ v: 40, m: 40 });
      const [seed] = await db.query<{ floors: number; runs: number }>(
        `select (select count(*) from floors) as floors, (select count(*) from schema_migrations) as runs`,
      );
      // Migrated and seeded once: one schema_migrations row per migration file.
      const migrationFiles = readdirSync(path.join(SERVER_ROOT, 'src/server/db/migrations')).filter((f) =>
        /^\d{4}_[a-z0-9_]+\.sql$/.test(f),
      );
      expect(seed).toEqual({ floors: 2, runs: migrationFiles.length });
    } finally {
      await db.close();
    }
  });
});
