import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { ROLES } from './src/domain/role-list';
import { HOME_KINDS, homeKindOf, type HomeKind } from './src/app/home-kind';
import { SIGNED_IN_HINT } from './src/app/profile-hint';

/**
 * What a source module imports statically: relative imports resolved to files, packages by name
 * (type-only imports left out). Read from the source, for the chunk groups below.
 */
function staticImports(id: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  let source: string;
  try {
    source = readFileSync(id, 'utf8');
  } catch {
    return { files, packages: ['?'] }; // unreadable: treated as importing something unknown
  }
  for (const [, spec] of source.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s*'([^']+)'/gm)) {
    if (!spec!.startsWith('.')) {
      packages.push(spec!);
      continue;
    }
    const base = resolve(id, '..', spec!);
    const file = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (file) files.push(file);
    else packages.push(spec!);
  }
  return { files, packages };
}

/**
 * Whether a source module and all it imports statically stay clear of packages (zod above all):
 * such a domain module may share one chunk without pulling zod onto the home's path.
 */
function zodFree(id: string, seen = new Map<string, boolean>()): boolean {
  const known = seen.get(id);
  if (known !== undefined) return known;
  seen.set(id, true); // a cycle does not make a module zod's
  const { files, packages } = staticImports(id);
  const free = packages.length === 0 && files.every((file) => zodFree(file, seen));
  seen.set(id, free);
  return free;
}
const zodFreeSeen = new Map<string, boolean>();

/** Source files reachable from the entries through static imports (the entries included). */
function reachableFrom(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const next = entries.map((entry) => resolve(import.meta.dirname, entry));
  while (next.length) {
    const file = next.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    next.push(...staticImports(file).files);
  }
  return seen;
}

/** The sync engine's side of the data layer (its own chunk, loaded after the first screen). */
const SYNC_MODULES =
  /[\\/]src[\\/]app[\\/](sync[\\/](engine|api|app-sync|transfers|transfer-counts)|db[\\/](outbox|leave-effects|shadow))\.ts$/;
/** The data layer's modules (its chunk, 'data-layer'; the sync side apart). */
const DATA_LAYER_MODULES =
  /[\\/]src[\\/]app[\\/](controller\.ts|db[\\/]|sync[\\/](?!transfer)|http[\\/]|ids\.ts|rejection-text\.ts)|[\\/]node_modules[\\/]dexie[\\/]/;

/**
 * The app code each role's home reads at its first render (the home and what it imports, less the
 * shell's and the data layer's own modules): a file per home ("home-duty", "home-supervision",
 * "home-other") and one for what two or three of them share ("homes"). A signed-in start preloads
 * its role's from the HTML (homePreload) instead of a dozen files of 0.2–5 KiB fetched a level at a
 * time, and not the other roles' homes.
 */
const shellModules = reachableFrom(['src/app/main.tsx', 'src/app/controller.ts']);
const shellOnly = reachableFrom(['src/app/main.tsx']);
/** The source files of a folder of src/app (not its subfolders). */
const appFiles = (folder: string) =>
  readdirSync(resolve(import.meta.dirname, 'src/app', folder))
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => resolve(import.meta.dirname, 'src/app', folder, f));
const sourceFiles = [...appFiles('.'), ...appFiles('db'), ...appFiles('sync'), ...appFiles('http')];
const syncFiles = sourceFiles.filter((f) => SYNC_MODULES.test(f));
/**
 * What the data layer's modules import beyond themselves (zod-free domain rules: the record id,
 * the ranking summary's shape …): in its file, not a file of their own in front of every home.
 */
const dataLayerReach = new Set(
  [...reachableFrom(sourceFiles.filter((f) => DATA_LAYER_MODULES.test(f) && !SYNC_MODULES.test(f)))].filter(
    (f) => !shellOnly.has(f) && !SYNC_MODULES.test(f),
  ),
);
/** What the sync side reads: a home's module it reads too goes in the shared homes file. */
const syncReach = reachableFrom(syncFiles);
const HOME_SOURCES: Record<HomeKind, string> = {
  duty: 'src/app/screens/DutyHome.tsx',
  supervision: 'src/app/screens/SupervisionHome.tsx',
  other: 'src/app/screens/OtherHome.tsx',
};
const homeGroups = new Map<string, string>(); // module -> its home group
{
  const usedBy = new Map<string, HomeKind[]>();
  for (const kind of HOME_KINDS)
    for (const file of reachableFrom([HOME_SOURCES[kind]]))
      if (!shellModules.has(file) && !DATA_LAYER_MODULES.test(file) && !dataLayerReach.has(file))
        usedBy.set(file, [...(usedBy.get(file) ?? []), kind]);
  for (const [file, kinds] of usedBy) homeGroups.set(file, homeGroupOf(syncReach.has(file), kinds));
}

/** The file a module read by the given homes (and perhaps by the sync side) goes in. */
function homeGroupOf(readBySync: boolean, kinds: HomeKind[]): string {
  // What the duty leader's home shares with another's home or with the sync side (which every
  // phone loads after its home).
  if (kinds.includes('duty')) return kinds.length === 1 && !readBySync ? 'home-duty' : 'homes';
  // What the sync side shares with the other homes only (the leave machine: in the leave home's
  // file, the duty leader's phone fetched all of that home after his first screen).
  if (readBySync) return 'sync-shared';
  if (kinds.length === 1 && kinds[0] === 'supervision') return 'home-supervision';
  // The leave home's (window staff, heads, department leaders; the supervision home shows it too).
  return 'home-leave';
}
const HOME_GROUPS = ['homes', 'home-duty', 'home-supervision', 'home-leave', 'sync-shared'];

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;

/**
 * Brotli and gzip copies (x.br, x.gz) of every compressible file in dist/ over 1 KiB, made once
 * at build time at the highest levels; the server sends the one a browser accepts (static.ts).
 * Runs after the other plugins' closeBundle (vite-plugin-pwa writes sw.js there).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'window-duty:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => COMPRESSIBLE.test(f));
        for (const file of files) {
          const path = join(outDir, file);
          const raw = readFileSync(path);
          if (raw.length < 1024) continue;
          writeFileSync(
            `${path}.br`,
            brotliCompressSync(raw, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
            }),
          );
          writeFileSync(`${path}.gz`, gzipSync(raw, { level: 9 }));
        }
      },
    },
  };
}

/**
 * A signed-in start fetches its home at once: an inline script in index.html (run while the page
 * is parsed) sees the profile hint (the role) and adds <link rel=modulepreload> for the data layer
 * and that role's home chunks with everything they import, so they download beside the shell instead of a level
 * at a time after it (the entry, then its lazy imports, then theirs). A phone nobody is signed in
 * on fetches nothing more. The server allows the script by its hash (http/inline-scripts.ts).
 */
function homePreload(): Plugin {
  let base = '/';
  return {
    name: 'window-duty:home-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return;
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (start: string[]) => {
          const seen = new Set<string>();
          const next = [...start];
          while (next.length) {
            const file = next.pop()!;
            if (seen.has(file)) continue;
            seen.add(file);
            next.push(...(byFile.get(file)?.imports ?? []));
          }
          return seen;
        };
        const holding = (module: string) => {
          const found = chunks.find((c) => c.moduleIds.some((id) => id.endsWith(module)));
          if (!found) throw new Error(`homePreload: no chunk holds ${module}`);
          return found.fileName;
        };
        const inHtml = closure([entry.fileName]);
        // Per home: the data layer, the home's chunks and what they import, less what the HTML loads.
        const byKind = Object.fromEntries(
          HOME_KINDS.map((kind) => [
            kind,
            [...closure(['src/app/controller.ts', HOME_SOURCES[kind]].map(holding))]
              .filter((file) => !inHtml.has(file))
              .map((file) => `${base}${file}`),
          ]),
        );
        const kindOfRole = Object.fromEntries(
          ROLES.filter((role) => homeKindOf(role) !== 'other').map((role) => [role, homeKindOf(role)]),
        );
        const code =
          `try{var r=localStorage.getItem(${JSON.stringify(SIGNED_IN_HINT)});if(r!==null)` +
          `for(var f of ${JSON.stringify(byKind)}[${JSON.stringify(kindOfRole)}[r]||"other"]){var l=document.createElement("link");` +
          `l.rel="modulepreload";l.crossOrigin="";l.href=f;document.head.appendChild(l)}}catch(e){}`;
        // Before the stylesheet: a classic script after a stylesheet waits for it to download
        // (the home's files started only once main.css had arrived, an extra round trip on slow 4G).
        const at = html.indexOf('</title>');
        if (at < 0) throw new Error('homePreload: index.html has no <title> to put the script after');
        const end = at + '</title>'.length;
        return `${html.slice(0, end)}\n    <script>${code}</script>${html.slice(end)}`;
      },
    },
  };
}

// `npm run bench` builds with --mode bench: only then does `?bench` put the database and the sync
// engine on globalThis (controller.ts reads import.meta.env.MODE); `npm run build` has no trace of it.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      registerType: 'prompt',
      // We register the worker ourselves (workbox-window in UpdatePrompt); no inline script (CSP).
      injectRegister: false,
      manifest: {
        name: '窗口考评',
        short_name: '窗口考评',
        lang: 'zh-CN',
        description: '政务服务大厅窗口值班巡查、违规记录与考评（可离线使用）',
        theme_color: '#b8261d',
        background_color: '#f4f6f9',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      },
      devOptions: { enabled: false },
    }),
    homePreload(),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The entry's chunks are preloaded from the HTML; a lazy chunk's JS imports are not preloaded
    // by script (its CSS still is). Vite's helper appended a <link rel=modulepreload> per import at
    // run time: ~65 ms of main thread unthrottled on a signed-in start (11 links for the data layer
    // alone), long tasks after the first paint. Lighthouse, 3 runs each, before → after: signed in
    // 72–80 → 83–86 (TBT 348–579 → 203–325 ms), signed out 90–98 → 97–98 (TBT 111–360 → 9–22 ms).
    // Chromium fetches a lazy chunk's imports once it has parsed it: one more round trip, and none
    // once the service worker has the precache.
    modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    rolldownOptions: {
      output: {
        // Module bodies run in source order, each when first imported (issue 14 §3): the sign-in
        // screen's long tasks after its first paint went (Lighthouse TBT ~200 ms → ~10–60 ms), and
        // the data-layer group below needs it (it captures modules without their dependencies).
        strictExecutionOrder: true,
        // With strictExecutionOrder the HTML entry is a small facade and the shell's code a chunk
        // that rolldown names after the checkout's folder ("main", "ci"): named for what it is.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => /[\\/]src[\\/]app[\\/]main\.tsx$/.test(id))
            ? 'assets/shell-[hash].js'
            : 'assets/[name]-[hash].js',
        codeSplitting: {
          includeDependenciesRecursively: false,
          // The data layer (Dexie, the database, the HTTP client, the start) always loads as a
          // whole, before any signed-in screen: one file instead of a dozen small shared chunks,
          // fewer requests on a cold start. Not the stores and the transfers' status, which the shell imports.
          // The sync engine, the outbox and what they need are the 'sync' file, loaded after the
          // first screen (controller.ts): ~12 KiB less in front of a signed-in home.
          groups: [
            {
              // The shell: what main.tsx imports, React with it. Without the group the bundler
              // had made React and zustand a 3 KiB file of their own once the sync side left the
              // data layer: one more request in front of every first screen.
              name: 'shell',
              test: (id) =>
                shellOnly.has(id) ||
                /[\\/]node_modules[\\/](react|react-dom|scheduler|zustand)[\\/]|vite[\\/](preload-helper|modulepreload-polyfill)|[\\/]index\.html$|[\\/]src[\\/]app[\\/]styles\.css$/.test(
                  id,
                ),
            },
            {
              name: 'sync',
              test: SYNC_MODULES,
            },
            {
              name: 'data-layer',
              test: (id) =>
                (DATA_LAYER_MODULES.test(id) && !SYNC_MODULES.test(id)) ||
                (dataLayerReach.has(id) && /[\\/]src[\\/]domain[\\/]/.test(id) && zodFree(id, zodFreeSeen)),
            },
            {
              // The patrol and leave rules without zod (rounds, slots, roster days, leave rules, the
              // default scheme …) that the data layer and the screens after the home read: one file
              // instead of some twenty of 0.1–2 KiB each. Those only a home reads are in its file
              // (below). Not the assessment engine (the rankings' chunk) nor anything importing zod.
              name: 'domain-rules',
              test: (id) =>
                !homeGroups.has(id) &&
                /[\\/]src[\\/]domain[\\/](patrol[\\/]|leave[\\/]|sync[\\/]limits|files[\\/]|record-id|role-list|clock-skew|text-order|assessment[\\/]summary|scheme[\\/](default-scheme|items))/.test(
                  id,
                ) &&
                zodFree(id, zodFreeSeen),
            },
            ...HOME_GROUPS.map((name) => ({
              name,
              test: (id: string) =>
                homeGroups.get(id) === name ||
                (name === 'homes' && /[\\/]node_modules[\\/]dexie-react-hooks[\\/]/.test(id)),
            })),
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
