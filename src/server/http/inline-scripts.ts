import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CSP sources ('sha256-…') for the inline scripts of the built app's index.html: the one the build
 * adds (vite.config.ts homePreload) runs under a policy that otherwise allows no inline script.
 * Read from the file the server sends, so the hash always matches what the browser executes.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes!) || !body!.trim()) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The inline script hashes of staticDir/index.html (none without a built app). */
export function builtAppScriptHashes(staticDir: string | undefined): string[] {
  const index = staticDir ? path.join(staticDir, 'index.html') : undefined;
  return index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
}
