import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { testConfig } from '../../src/server/config';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

describeEachTarget('http surface', (target) => {
  let h: Harness;
  let withDist: FastifyInstance;
  let dist = '';

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'wd-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>窗口考评</title><script>alert(1)</script>');
    writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
    h = await createHarness(target, { seed: false });
    withDist = await buildApp({ db: h.db, config: testConfig(), staticDir: dist });
  });
  afterAll(async () => {
    await withDist?.close();
    await h?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('health names the database', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: target.name });
  });

  it('sends the CSP and other security headers', async () => {
    const res = await withDist.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    // The built page's own inline script (the home preload) runs by its hash; no other inline script.
    expect(csp).toContain("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/health' })).headers['content-security-policy'],
    ).toBeDefined();
  });

  it('serves the PWA with the right caching; unknown paths fall back to index.html', async () => {
    const index = await withDist.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('窗口考评');
    expect(index.headers['cache-control']).toBe('no-cache');
    const sw = await withDist.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await withDist.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const deep = await withDist.inject({ method: 'GET', url: '/patrol/floor/1?x=2' });
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.body).toContain('窗口考评');
    // A missing asset is a real 404, not HTML that would break a script tag.
    expect((await withDist.inject({ method: 'GET', url: '/assets/gone-123.js' })).statusCode).toBe(404);
  });

  it('the fallback never swallows /api: unknown API routes are JSON 404s', async () => {
    for (const url of ['/api/nope', '/api/sync/nothing?cursor=1', '/api']) {
      const res = await withDist.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('/api') });
    }
    const post = await withDist.inject({ method: 'POST', url: '/api/unknown', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error).toBe('not_found');
  });

  it('wrong content type is a JSON 415', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=duty1',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('without a built PWA, non-API paths are a JSON 404', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/patrol' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});
