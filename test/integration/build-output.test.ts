import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Builds the PWA as `npm run build` does (or with --mode bench) into a scratch directory. */
function build(outDir: string, mode?: string): void {
  const args = ['build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir', ...(mode ? ['--mode', mode] : [])];
  const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), args, { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vite build failed:\n${run.stderr}`);
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.(?:js|html|css|webmanifest)$/.test(f),
  );
}

// Issue 14 §6 and §2: the production build carries no bench hook, and ships brotli/gzip copies.
describe('the production build', () => {
  let prod = '';
  let bench = '';
  beforeAll(() => {
    prod = mkdtempSync(join(tmpdir(), 'wd-build-prod-'));
    bench = mkdtempSync(join(tmpdir(), 'wd-build-bench-'));
    build(prod);
    build(bench, 'bench');
  }, 240_000);
  afterAll(() => {
    for (const dir of [prod, bench]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no trace of the ?bench hook (the bench build has it, so the check can fail)', () => {
    const traces = (dir: string) =>
      filesOf(dir).filter(
        (f) => /__windowDuty|bench-hook/.test(readFileSync(join(dir, f), 'utf8')) || /bench-hook/.test(f),
      );
    expect(traces(prod)).toEqual([]);
    expect(traces(bench).length).toBeGreaterThan(0);
  });

  it("index.html's home preload script comes before the stylesheet, so it does not wait for it", () => {
    // A classic inline script after a <link rel=stylesheet> runs only once that file has arrived:
    // the signed-in home's files would start a round trip later.
    const html = readFileSync(join(prod, 'index.html'), 'utf8');
    const inline = html.search(/<script>[^<]*modulepreload/);
    const stylesheet = html.search(/<link rel="stylesheet"/);
    expect(inline).toBeGreaterThan(0);
    expect(stylesheet).toBeGreaterThan(0);
    expect(inline).toBeLessThan(stylesheet);
  });

  it('every compressible file over 1 KiB has .br and .gz copies with the same bytes', () => {
    const big = filesOf(prod).filter((f) => readFileSync(join(prod, f)).length >= 1024);
    expect(big).toContain('index.html');
    expect(big).toContain('sw.js');
    // The shell's script is among them: index.html's entry, or (strictExecutionOrder makes the entry
    // a small facade) the shell chunk it modulepreloads.
    const shellScripts = [...readFileSync(join(prod, 'index.html'), 'utf8').matchAll(/"\/(assets\/[^"]+\.js)"/g)].map(
      (m) => m[1]!,
    );
    expect(shellScripts.some((f) => big.includes(f))).toBe(true);
    expect(shellScripts.some((f) => /^assets\/shell-[\w-]+\.js$/.test(f))).toBe(true);
    for (const f of big) {
      const raw = readFileSync(join(prod, f));
      expect(brotliDecompressSync(readFileSync(join(prod, `${f}.br`))).equals(raw), `${f}.br`).toBe(true);
      expect(gunzipSync(readFileSync(join(prod, `${f}.gz`))).equals(raw), `${f}.gz`).toBe(true);
    }
  });
});
