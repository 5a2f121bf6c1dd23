import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigSchema } from '../../src/server/config';
import { freePort } from '../support/server-process';
import { createPostgresDatabase, TEST_DATABASE_URL } from './support/databases';

/**
 * The deployment recipes name commands that must really start the server: Docker is not on
 * this machine, so the files are parsed and their start/backup commands run here as they are.
 */
const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const CONFIG_KEYS = new Set([...Object.keys(ConfigSchema.shape), 'NODE_ENV']);

/** `Key=Value` lines of a systemd unit (the last one wins, as for systemd's single-valued keys). */
function unit(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) keys.set(m[1]!, [...(keys.get(m[1]!) ?? []), m[2]!]);
  }
  return keys;
}

/** A unit's command line on this machine: its node is ours, its WorkingDirectory the repository. */
function commandOf(execStart: string): string[] {
  const [bin, ...args] = execStart.split(/\s+/);
  expect(bin).toBe('/usr/bin/node');
  return [process.execPath, ...args];
}

async function startCommand(command: string[], env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${log}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`not ready in time: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function cli(command: string[], env: Record<string, string>) {
  const { stdout, stderr } = await run(command[0]!, command.slice(1), {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env },
  });
  return stdout + stderr;
}
const tsxCli = (...args: string[]) => [process.execPath, '--import', 'tsx', 'src/server/cli.ts', ...args];
let bundles = 0;
/** The center as `npm run cli -- export` writes it, without its export time. */
async function bundle(env: Record<string, string>) {
  const out = join(tmpdir(), `wd-bundle-${process.pid}-${bundles++}.json`);
  await cli(tsxCli('export', '--out', out), { DATABASE_URL: '', ...env });
  const value = { ...JSON.parse(await readFile(out, 'utf8')), exportedAt: 'x' };
  await rm(out);
  return value;
}

describe('deployment recipes', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'wd-deploy-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('compose.yaml: the app with PostgreSQL, volumes, restarts and a graceful stop; only settings the server knows', async () => {
    const compose = parseYaml(await readFile(join(root, 'deploy', 'compose.yaml'), 'utf8'));
    const { app, db } = compose.services;
    expect(db.image).toMatch(/^postgres:1[5-9]/);
    expect(db.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(app.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
    expect(app.depends_on.db.condition).toBe('service_healthy');
    expect(app.volumes).toContain('appdata:/data');
    expect(Object.keys(compose.volumes)).toEqual(['pgdata', 'appdata']);
    for (const s of [app, db]) expect(s.restart).toBe('unless-stopped');
    expect(app.stop_signal).toBe('SIGTERM');
    expect(app.environment.DATABASE_URL).toMatch(
      /^postgres:\/\/windowduty:\$\{POSTGRES_PASSWORD\}@db:5432\/windowduty$/,
    );
    for (const key of Object.keys(app.environment)) expect(CONFIG_KEYS.has(key), key).toBe(true);
  });

  it('Dockerfile: multi-stage, non-root, data in a volume; its CMD starts the server', async () => {
    const text = await readFile(join(root, 'Dockerfile'), 'utf8');
    expect(text.match(/^FROM /gm)).toHaveLength(2);
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^VOLUME \["\/data"\]$/m);
    const ignore = await readFile(join(root, '.dockerignore'), 'utf8');
    for (const path of ['node_modules', 'data', '.git', 'dist']) expect(ignore.split('\n')).toContain(path);
    const envKeys = [...text.matchAll(/^\s+([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(envKeys).toEqual(expect.arrayContaining(['DATA_DIR', 'HOST', 'PORT']));
    for (const key of envKeys) expect(CONFIG_KEYS.has(key), key).toBe(true);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(text)![1]!) as string[];
    expect(cmd[0]).toBe('node');
    const server = await startCommand([process.execPath, ...cmd.slice(1)], { DATA_DIR: join(work, 'docker') });
    expect(await server.stop()).not.toBeNull();
  }, 120_000);

  it('systemd: restarts on failure, stops with SIGTERM; ExecStart serves, and the backup unit backs up the running PGlite server with retention', async () => {
    const service = unit(await readFile(join(root, 'deploy', 'window-duty.service'), 'utf8'));
    expect(service.get('Restart')).toEqual(['on-failure']);
    expect(service.get('KillSignal')).toEqual(['SIGTERM']);
    expect(service.get('WorkingDirectory')).toEqual(['/opt/window-duty']);
    const env = await readFile(join(root, 'deploy', 'window-duty.env.example'), 'utf8');
    for (const m of env.matchAll(/^#?([A-Z_]+)=/gm)) expect(CONFIG_KEYS.has(m[1]!), m[1]).toBe(true);

    const dataDir = join(work, 'systemd');
    const backups = join(work, 'backups');
    const server = await startCommand(commandOf(service.get('ExecStart')![0]!), {
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
    });
    try {
      const backup = unit(await readFile(join(root, 'deploy', 'window-duty-backup.service'), 'utf8'));
      const command = commandOf(
        backup.get('ExecStart')![0]!.replace('/var/lib/window-duty/backups', backups).replace('--keep 14', '--keep 2'),
      );
      await run('mkdir', ['-p', backups]);
      const env = { DATA_DIR: dataDir, PORT: String(server.port), HOST: '127.0.0.1' };
      for (let i = 0; i < 3; i++) {
        expect(await cli(command, env)).toMatch(/through the running server/);
        await new Promise((r) => setTimeout(r, 1100)); // names are per second
      }
      const kept = await readdir(backups);
      expect(kept).toHaveLength(2);
      expect(kept.every((n) => /^window-duty-\d{8}T\d{6}Z\.backup\.gz$/.test(n))).toBe(true);
      expect(await readFile(join(dataDir, 'ops-token'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    } finally {
      expect(await server.stop()).not.toBeNull();
    }
    // A stopped server leaves no token: the CLI then reads the database files itself.
    await expect(readFile(join(dataDir, 'ops-token'))).rejects.toThrow(/ENOENT/);
    // The newest backup restores into an empty data dir as the hall the server had.
    const restored = join(work, 'restored');
    const kept = (await readdir(backups)).sort();
    await cli(tsxCli('restore', '--from', join(backups, kept[1]!)), { DATA_DIR: restored });
    expect(await bundle({ DATA_DIR: restored })).toEqual(await bundle({ DATA_DIR: dataDir }));
  }, 240_000);

  it.skipIf(!TEST_DATABASE_URL)(
    'one command pair moves a hall from PGlite to PostgreSQL: backup, then restore into DATABASE_URL',
    async () => {
      const dataDir = join(work, 'pglite-hall');
      await cli(tsxCli('seed'), { DATA_DIR: dataDir });
      await cli(tsxCli('seed-month', '--month', '2026-09'), { DATA_DIR: dataDir });
      const file = join(work, 'move.backup.gz');
      expect(await cli(tsxCli('backup', '--out', file), { DATA_DIR: dataDir })).toMatch(/from the database/);
      const pg = await createPostgresDatabase(TEST_DATABASE_URL!);
      try {
        const summary = JSON.parse(
          await cli(tsxCli('restore', '--from', file), { DATABASE_URL: pg.url, DATA_DIR: join(work, 'pg-files') }),
        );
        expect(summary.tables.violations).toBeGreaterThan(0);
        expect(await bundle({ DATABASE_URL: pg.url })).toEqual(await bundle({ DATA_DIR: dataDir }));
      } finally {
        await pg.drop();
      }
    },
    240_000,
  );
});
