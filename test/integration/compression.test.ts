import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

// Issue 14 §2: the built app's files go out precompressed (brotli or gzip, by Accept-Encoding),
// large JSON answers compressed on the fly, each kind of file with its cache header.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Text that compresses, of about `bytes` bytes (and different from line to line). */
function text(prefix: string, bytes: number): string {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${prefix} line ${i} ${'x'.repeat(i % 40)}\n`;
  return out;
}

/** Writes a file with the .br and .gz copies the build makes (vite.config.ts). */
function writeBuilt(dir: string, rel: string, body: string, compressed = true): Buffer {
  const file = path.join(dir, rel);
  const raw = Buffer.from(body);
  writeFileSync(file, raw);
  if (compressed) {
    writeFileSync(`${file}.br`, brotliCompressSync(raw));
    writeFileSync(`${file}.gz`, gzipSync(raw));
  }
  return raw;
}

function decoded(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

describe('compression and caching', () => {
  let h: Harness;
  let dist = '';
  const files: Record<string, Buffer> = {};

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'wd-dist-compressed-'));
    mkdirSync(path.join(dist, 'assets'));
    files.index = writeBuilt(
      dist,
      'index.html',
      `<!doctype html><title>窗口考评</title>\n<!-- ${text('shell', 3000)} -->`,
    );
    files.entry = writeBuilt(dist, 'assets/index-Ab12Cd34.js', text('console.log', 40_000));
    files.css = writeBuilt(dist, 'assets/index-Ef56Gh78.css', text('.a{color:red}', 8000));
    files.sw = writeBuilt(dist, 'sw.js', text('self.addEventListener("fetch", () => {});', 5000));
    files.manifest = writeBuilt(
      dist,
      'manifest.webmanifest',
      JSON.stringify({ name: '窗口考评', pad: text('m', 2000) }),
    );
    files.icon = writeBuilt(dist, 'assets/small-Zz99.js', 'console.log(1)', false); // under 1 KiB: no copies
    h = await createHarness(pgliteTarget(), { staticDir: dist });
  });
  afterAll(async () => {
    await h?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const cases: [string, string, keyof typeof files, string][] = [
    ['the entry chunk', '/assets/index-Ab12Cd34.js', 'entry', IMMUTABLE],
    ['a stylesheet', '/assets/index-Ef56Gh78.css', 'css', IMMUTABLE],
    ['the service worker', '/sw.js', 'sw', 'no-cache'],
    ['the web manifest', '/manifest.webmanifest', 'manifest', 'no-cache'],
    ['the shell', '/', 'index', 'no-cache'],
    ['a client route (the shell)', '/rankings', 'index', 'no-cache'],
  ];

  for (const [what, url, key, cacheControl] of cases) {
    it(`${what}: br, gzip or identity by Accept-Encoding, the same bytes, ${cacheControl}`, async () => {
      for (const [accept, expected] of [
        ['br, gzip, deflate', 'br'],
        ['gzip, deflate', 'gzip'],
        [undefined, undefined],
        ['identity', undefined],
      ] as const) {
        const res = await h.app.inject({ method: 'GET', url, headers: accept ? { 'accept-encoding': accept } : {} });
        expect(res.statusCode, `${url} ${accept}`).toBe(200);
        expect(res.headers['content-encoding'], `${url} ${accept}`).toBe(expected);
        expect(res.headers['cache-control'], `${url} ${accept}`).toBe(cacheControl);
        expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
        expect(decoded(expected, res.rawPayload).equals(files[key]!), `${url} ${accept}: bytes`).toBe(true);
      }
      const typed = await h.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      // The type is the file's, not the compressed copy's.
      expect(String(typed.headers['content-type'])).not.toMatch(/octet-stream|brotli/);
    });
  }

  it('a small file without copies is sent as it is', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/assets/small-Zz99.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.body).toBe('console.log(1)');
  });

  it('a large JSON answer (a pull page) is compressed when accepted, and decodes to the same answer', async () => {
    const cookie = await h.loginAs('super1');
    const plain = await h.app.inject({ method: 'GET', url: '/api/sync/pull?cursor=0&limit=1000', headers: { cookie } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const encoding of ['br', 'gzip'] as const) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/api/sync/pull?cursor=0&limit=1000',
        headers: { cookie, 'accept-encoding': encoding },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      const body = JSON.parse(decoded(encoding, res.rawPayload).toString('utf8'));
      expect({ ...body, serverTime: null }).toEqual({ ...plain.json(), serverTime: null });
    }
  });

  it('a small JSON answer is not compressed (under 1 KiB)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('a compressed request body is not inflated: a clear JSON 4xx, not a parsed body or a 500', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ username: 'super1', password: 'demo1234' })),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
