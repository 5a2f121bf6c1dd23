import { readFileSync, statSync, existsSync } from 'node:fs';
// What the first screens load is measured in Chromium, as served (first-load.ts).
import { join } from 'node:path';

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
