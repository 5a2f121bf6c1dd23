import { connect } from 'node:http2';
import { request } from 'node:https';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { testConfig } from '../../src/server/config';
import { startServer, type RunningServer } from '../../src/server/server';
import { selfSignedCertificate } from '../support/certificate';
import { describeEachTarget, type OpenedDatabase } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { push, pull, recordMutation } from './support/sync';

const TOKEN = 'metrics-token-0123456789';

describeEachTarget('watching and https', (target) => {
  let h: Harness;
  let behindProxy: Harness;

  beforeAll(async () => {
    h = await createHarness(target, { config: { metricsToken: TOKEN } });
    behindProxy = await createHarness(target, { seed: true, config: { trustProxy: true } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await behindProxy?.close();
  });

  it('live and ready; /api/health as before', async () => {
    expect((await h.app.inject({ url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ url: '/api/health/ready' })).json()).toEqual({ status: 'ok', database: target.name });
    expect((await h.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok', database: target.name });
  });

  it('not ready while migrations are pending, yet live', async () => {
    const opened = await target.open(); // an empty database, never migrated
    const app = await buildApp({ db: opened.db, config: testConfig() });
    try {
      const ready = await app.inject({ url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().pendingMigrations).toContain('0001_initial.sql');
      expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
      await opened.db.close();
      const gone = await app.inject({ url: '/api/health/ready' });
      expect(gone.statusCode).toBe(503);
      expect(gone.json().error).toBe('database unreachable');
    } finally {
      await app.close();
      await opened.dispose().catch(() => {});
    }
  });

  it('/metrics counts requests by route, push outcomes, pulled rows and the lag; only for this machine or the token', async () => {
    const cookie = await h.loginAs('duty1');
    const userId = await h.userId('duty1');
    const made = new Date(Date.now() - 90_000).toISOString(); // queued on the phone 90 s ago
    expect(
      (await push(h.app, cookie, [recordMutation(userId, {}, { createdAt: made }), recordMutation(userId)])).status,
    ).toBe(200);
    const pulled = await pull(h.app, cookie);
    expect((await push(h.app, cookie, [recordMutation(userId, { itemCode: 'NO_SUCH_ITEM' })])).status).toBe(422);

    const res = await h.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('window_duty_http_requests_total{method="POST",route="/api/sync/push",status="200"} 1');
    expect(text).toContain('window_duty_http_requests_total{method="POST",route="/api/sync/push",status="422"} 1');
    expect(text).toContain('window_duty_sync_push_batches_total 2');
    expect(text).toContain('window_duty_sync_mutations_total{outcome="applied"} 2');
    expect(text).toContain('window_duty_sync_mutations_total{outcome="rejected"} 1');
    expect(text).toContain(`window_duty_sync_pull_rows_total ${pulled.body.changes.length}`);
    expect(text).toContain('window_duty_sync_lag_seconds_bucket{le="60"} 2'); // the two fresh ones
    expect(text).toContain('window_duty_sync_lag_seconds_bucket{le="300"} 3');
    expect(text.includes('window_duty_db_pool_connections{state="total"}')).toBe(target.name === 'postgres');
    expect(text).not.toMatch(/route="\/api\/sync\/pull\?/); // patterns, never URLs

    expect((await h.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/metrics', headers: { 'x-forwarded-for': '10.1.2.3' } })).statusCode).toBe(403);
    expect(
      (
        await h.app.inject({
          url: '/metrics',
          remoteAddress: '10.1.2.3',
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await h.app.inject({
          url: '/metrics',
          remoteAddress: '10.1.2.3',
          headers: { authorization: `Bearer ${TOKEN.slice(1)}x` },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('behind a proxy that says https: HSTS and a Secure cookie; over plain http neither', async () => {
    const login = (headers: Record<string, string>) =>
      behindProxy.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers,
        payload: { username: 'duty1', password: 'demo1234' },
      });
    const secure = await login({ 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.0.0.9' });
    expect(secure.statusCode).toBe(200);
    expect(secure.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(String(secure.headers['set-cookie'])).toMatch(/; Secure/);
    const plain = await login({});
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
    // Without TRUST_PROXY the header is not believed.
    const notTrusted = await h.app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(notTrusted.headers['strict-transport-security']).toBeUndefined();
  });
});

describeEachTarget('TLS_CERT/TLS_KEY', (target) => {
  let server: RunningServer;
  let tls: ReturnType<typeof selfSignedCertificate>;
  let opened: OpenedDatabase;

  beforeAll(async () => {
    tls = selfSignedCertificate();
    opened = await target.open(); // for PostgreSQL: a fresh database (its URL) for the server
    server = await startServer(
      testConfig({ databaseUrl: opened.url, tls: { certFile: tls.certFile, keyFile: tls.keyFile } }),
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await opened?.dispose();
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('speaks HTTP/2 and HTTP/1.1 over TLS, with HSTS', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const h2 = await new Promise<{ status: number; hsts: unknown; body: string }>((resolve, reject) => {
      const session = connect(server.url, { ca: tls.cert });
      session.on('error', reject);
      const req = session.request({ ':path': '/api/health' });
      let body = '';
      let status = 0;
      let hsts: unknown;
      req.on('response', (headers) => {
        status = Number(headers[':status']);
        hsts = headers['strict-transport-security'];
      });
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        session.close();
        resolve({ status, hsts, body });
      });
      req.end();
    });
    expect(h2.status).toBe(200);
    expect(h2.hsts).toBe('max-age=15552000');
    expect(JSON.parse(h2.body).status).toBe('ok');

    const h1 = await new Promise<{ status: number; version: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/health/live`, { ca: tls.cert }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(h1).toEqual({ status: 200, version: '1.1' });
  });
});
