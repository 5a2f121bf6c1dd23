import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Builds the PWA the browser figures run against (throws when the build fails). */
export function buildPwa(): void {
  const build = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('vite build failed');
}
