import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/domain';
import { openPglite } from '../../src/server/db/pglite';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { testNowIso } from '../support/test-clock';
import { recordMutation } from './support/sync';

/**
 * `npm run serve` stopped with SIGTERM (a deploy, a container stop) while a phone's push batch is
 * being received: the batch is answered and stored whole, the process exits 0, and the embedded
 * database (PGlite under DATA_DIR) opens again with the data. Under the `tsx` binary the server
 * was SIGKILLed ~30 ms after the signal (exit 143), PGlite unclosed.
 */
/** Enough to keep the server busy well past tsx's 30 ms relay, far below the 30 s shutdown grace even under load. */
const BATCH = 100;

describe('graceful shutdown of the server process (PGlite data dir)', () => {
  let server: ServerProcess | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wd-shutdown-'));
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM during a push batch: the batch is answered and kept, exit 0, the data dir reopens cleanly', async () => {
    const port = await freePort();
    server = await startServerProcess({ port, dataDir, testClock: true });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'duty1', password: 'demo1234' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const userId = ((await login.json()) as { profile: { id: string } }).profile.id;

    const mutations = Array.from({ length: BATCH }, (_, i) => recordMutation(userId, { note: `关停时的第${i + 1}条` }));
    const body = Buffer.from(JSON.stringify({ deviceNow: testNowIso(), mutations }));

    // The request's headers go first with "Expect: 100-continue": the server's "100 Continue"
    // proves the request is in flight there. Then the batch, and SIGTERM as soon as it is sent:
    // the signal lands while the server parses and applies it (busy, which is when the tsx
    // binary's 30 ms relay gave up and SIGKILLed it: "socket hang up").
    let exited: Promise<number | null> | undefined;
    const stopping = server;
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${stopping.url}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, cookie, expect: '100-continue' },
      });
      req.on('continue', () => {
        req.end(body, () => {
          exited = stopping.stop();
        });
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(exited, 'SIGTERM was sent while the request was in flight').toBeDefined();
    expect(answer.status, stopping.output()).toBe(200);
    const results = (JSON.parse(answer.text) as PushResponse).results;
    expect(results).toHaveLength(BATCH);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    expect(await exited, stopping.output()).toBe(0);
    server = undefined;

    // The data dir opens cleanly and holds the whole batch.
    const db = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const rows = await db.query<{ n: number }>(
        'select count(*)::int as n from violations where id = any($1::uuid[])',
        [mutations.map((m) => (m.args as { id: string }).id)],
      );
      expect(rows[0]!.n).toBe(BATCH);
    } finally {
      await db.close();
    }
  }, 300_000);
});
