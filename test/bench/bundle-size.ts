import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * First-load bytes: what index.html makes the browser fetch before the app can render — its
 * module script, modulepreloads and stylesheets — gzip-compressed as served over the wire.
 */
export function measureFirstLoad(distDir: string): { jsGzipBytes: number; cssGzipBytes: number; files: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let jsGzipBytes = 0;
  let cssGzipBytes = 0;
  for (const ref of new Set(refs)) {
    const bytes = gzipSync(readFileSync(join(distDir, ref)), { level: 9 }).length;
    if (ref.endsWith('.js')) jsGzipBytes += bytes;
    else cssGzipBytes += bytes;
  }
  return { jsGzipBytes, cssGzipBytes, files: [...new Set(refs)] };
}

/** Bytes the service worker precaches on install (the manifest injected into sw.js). */
export function measurePrecache(distDir: string): { entries: number; bytes: number } {
  const sw = readFileSync(join(distDir, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"?url"?:"([^"]+)"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const url of urls) {
    const file = join(distDir, url.replace(/^\//, ''));
    if (existsSync(file)) bytes += statSync(file).size;
  }
  return { entries: urls.length, bytes };
}
