import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Builds the PWA the browser figures run against into dist/ (throws when the build fails). A later `npm run build` replaces it. */
export function buildPwa(): void {
  // --mode bench: the build with the `?bench` hook (controller.ts); `npm run build` has none.
  const build = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--logLevel', 'error', '--mode', 'bench'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (build.status !== 0) throw new Error('vite build failed');
}
