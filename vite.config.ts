import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Whether a source module and all it imports statically (relative imports, transitively) stay
 * clear of zod: such a domain module may share one chunk without pulling zod onto the home's path.
 */
function zodFree(id: string, seen = new Map<string, boolean>()): boolean {
  const known = seen.get(id);
  if (known !== undefined) return known;
  seen.set(id, true); // a cycle does not make a module zod's
  let source: string;
  try {
    source = readFileSync(id, 'utf8');
  } catch {
    seen.set(id, false);
    return false;
  }
  let free = true;
  for (const [, spec] of source.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s*'([^']+)'/gm)) {
    if (!spec!.startsWith('.')) {
      free = false; // a package (zod, or anything else): not a plain domain module
      break;
    }
    const base = resolve(id, '..', spec!);
    const file = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (!file || !zodFree(file, seen)) {
      free = false;
      break;
    }
  }
  seen.set(id, free);
  return free;
}
const zodFreeSeen = new Map<string, boolean>();

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
          // The data layer (Dexie, the database, the sync engine, the HTTP client) always loads as a
          // whole, before any signed-in screen: one file instead of a dozen small shared chunks,
          // fewer requests on a cold start. Not the stores and transfers, which the shell imports.
          groups: [
            {
              name: 'data-layer',
              test: /[\\/]src[\\/]app[\\/](controller\.ts|db[\\/]|sync[\\/](?!transfers)|http[\\/])|[\\/]node_modules[\\/]dexie[\\/]/,
            },
            {
              // The patrol and leave rules without zod (rounds, slots, roster days, leave rules, the
              // default scheme …) that the homes read: one file instead of some twenty of 0.1–2 KiB
              // each, which a signed-in start fetched a round trip at a time. Not the assessment
              // engine (the rankings' chunk) nor anything importing zod (it stays off the home).
              name: 'domain-rules',
              test: (id) =>
                /[\\/]src[\\/]domain[\\/](patrol[\\/]|leave[\\/]|sync[\\/]limits|files[\\/]|record-id|role-list|clock-skew|assessment[\\/]summary|scheme[\\/](default-scheme|items))/.test(
                  id,
                ) && zodFree(id, zodFreeSeen),
            },
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
