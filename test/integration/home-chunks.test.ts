import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_TARGETS } from '../bench/first-load';

const ROOT = join(import.meta.dirname, '..', '..');

interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** What a signed-in start loads before the home shows: the shell and the data layer, then the role's home. */
const SHELL = ['index.html', 'src/app/controller.ts'];

/**
 * The manifest key of the chunk that holds a module: its own entry, or (a module placed in a named
 * group or chunk, vite.config.ts) the chunk of that name — the controller is in 'data-layer', each
 * role's home in its 'home-…' chunk.
 */
function chunkOf(manifest: Manifest, module: string, name: string): string {
  if (manifest[module]) return module;
  const key = Object.keys(manifest).find((k) => manifest[k]!.name === name && manifest[k]!.file.endsWith('.js'));
  if (!key) throw new Error(`not in the build manifest: ${module} (nor a chunk named ${name})`);
  return key;
}
const CHUNK_NAMES: Record<string, string> = {
  'src/app/controller.ts': 'data-layer',
  // The sync engine's side, loaded after the first screen.
  'src/app/sync/app-sync.ts': 'sync',
  // Each role's home is a chunk of its own (preloaded from the HTML for the role signed in).
  'src/app/screens/DutyHome.tsx': 'home-duty',
  'src/app/screens/SupervisionHome.tsx': 'home-supervision',
  'src/app/screens/OtherHome.tsx': 'home-leave',
  'src/app/screens/console/Console.tsx': 'Console',
};
const roots = (manifest: Manifest, modules: readonly string[]) =>
  modules.map((m) => chunkOf(manifest, m, CHUNK_NAMES[m] ?? m));
const HOMES = ['src/app/screens/DutyHome.tsx', 'src/app/screens/SupervisionHome.tsx', 'src/app/screens/OtherHome.tsx'];
/** zod v4 names its classes through $constructor('$ZodType', …): the string survives minification. */
const ZOD = /\$Zod(?:Type|Error)\b/;

/** Every manifest entry the given ones import statically, themselves included. */
function staticClosure(manifest: Manifest, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const todo = [...roots];
  while (todo.length) {
    const key = todo.pop()!;
    if (seen.has(key)) continue;
    if (!manifest[key]) throw new Error(`not in the build manifest: ${key}`);
    seen.add(key);
    todo.push(...(manifest[key].imports ?? []));
  }
  return [...seen];
}

// Issue 14: a home's cold start stays within its bytes; zod (~25 KiB compressed) loads only when a
// schema is needed (first sync, first write), never as a static import of the first screen.
describe('the chunks a signed-in home loads at start', () => {
  let out = '';
  let manifest: Manifest = {};
  const text = (file: string) => readFileSync(join(out, file), 'utf8');
  const brotli = (file: string) =>
    brotliCompressSync(readFileSync(join(out, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'wd-home-chunks-'));
    const args = ['build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir', '--manifest'];
    // NODE_ENV as `npm run build` has it: vitest's 'test' would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), args, { cwd: ROOT, encoding: 'utf8', env });
    if (run.status !== 0) throw new Error(`vite build failed:\n${run.stderr}`);
    manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  }, 240_000);
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('the zod check sees zod where it is loaded statically (the console)', () => {
    const console = staticClosure(manifest, roots(manifest, ['src/app/screens/console/Console.tsx']));
    expect(console.filter((key) => ZOD.test(text(manifest[key]!.file))).length).toBeGreaterThan(0);
  });

  it('zod is tree-shaken: its file holds what the schemas use, not every export (locales and all)', () => {
    const zodFiles = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter(
      (file) => file.endsWith('.js') && ZOD.test(text(file)),
    );
    expect(zodFiles.length).toBeGreaterThan(0);
    // 22.5 KiB at the time of writing; an import('zod') of the whole module made it 73.8 KiB.
    for (const file of zodFiles) expect(brotli(file) / 1024).toBeLessThan(35);
  });

  it.each(HOMES)('%s imports no zod statically', (home) => {
    const withZod = staticClosure(manifest, roots(manifest, [...SHELL, home])).filter((key) =>
      ZOD.test(text(manifest[key]!.file)),
    );
    expect(withZod).toEqual([]);
  });

  it("a duty leader's start loads neither the other roles' homes nor the sync engine", () => {
    const files = staticClosure(manifest, roots(manifest, [...SHELL, 'src/app/screens/DutyHome.tsx'])).map(
      (key) => manifest[key]!.file,
    );
    expect(files.some((file) => /\/home-duty-/.test(file))).toBe(true);
    expect(files.filter((file) => /\/(home-supervision|home-leave|sync)-/.test(file))).toEqual([]);
  });

  it("the sync side, which a duty leader's phone loads after his home, brings no other role's home", () => {
    const files = staticClosure(manifest, roots(manifest, ['src/app/sync/app-sync.ts'])).map(
      (key) => manifest[key]!.file,
    );
    expect(files.some((file) => /\/sync-[\w-]{8}\.js$/.test(file))).toBe(true); // the engine's file was found
    expect(files.filter((file) => /\/(home-supervision|home-leave)-/.test(file))).toEqual([]);
  });

  it.each(HOMES)(`%s: its static JS and CSS stay within ${FIRST_LOAD_TARGETS.homeKiB} KiB brotli`, (home) => {
    const chunks = staticClosure(manifest, roots(manifest, [...SHELL, home]));
    const files = new Set(chunks.flatMap((key) => [manifest[key]!.file, ...(manifest[key]!.css ?? [])]));
    const kib = [...files].reduce((sum, file) => sum + brotli(file), 0) / 1024;
    expect(kib).toBeGreaterThan(10); // the closure was found at all
    expect(kib).toBeLessThanOrEqual(FIRST_LOAD_TARGETS.homeKiB);
  });
});
