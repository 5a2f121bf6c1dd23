#!/usr/bin/env node
// `npm test`: builds the PWA (the end-to-end tests drive the real built app), runs every vitest
// project (unit, integration, e2e) and prints one closing line "N passed, N failed, N skipped"
// that CI reads. Missing Chromium or PostgreSQL skip their parts with a loud notice; in CI (CI=true or CI=1)
// they fail instead (the tests themselves decide, see test/support/environment.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const extra = process.argv.slice(2);

const build = spawnSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('vite build failed');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

mkdirSync(join(root, '.tmp'), { recursive: true });
const report = join(root, '.tmp', 'vitest-report.json');
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // a file that fails to load has no failing test but a failing suite; otherwise count tests only
  // (numFailedTestSuites also counts each describe block around a failing test)
  failed = json.numFailedTests || (json.numFailedTestSuites ?? 0);
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed = 1;
}
const status = run.status === 0 && failed === 0 ? 0 : 1;
if (status !== 0 && failed === 0) failed = 1; // vitest failed without a failing test: count it
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
