// `npm run bench`: builds the PWA and prints one JSON object with the size and speed figures the
// product is held to (targets beside each figure), also written to .tmp/bench.json (BENCH_OUT),
// which `npm run bench:readme` turns into the README's table. Bounded: loopback only, fixed row counts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pgliteTarget, postgresTarget, TEST_DATABASE_URL } from '../integration/support/databases';
import { measureInBrowser } from './browser';
import { ROOT, buildPwa } from './build';
import { measurePatrol } from './patrol';
import { measurePrecache } from './bundle-size';
import { measureFirstLoadInBrowser } from './first-load';
import { measureLighthouse } from './lighthouse';
import { measureServerIngest } from './server-ingest';
import { measureAssessmentApart } from './assessment';
import { measureAssessmentInBrowser } from './assessment-browser';
import { measureScale } from './scale';
import { CHROMIUM_PATH } from '../support/environment';
import { existsSync } from 'node:fs';

const dist = join(ROOT, 'dist');

buildPwa();

// First, while the machine is quiet: the engine figure is CPU-bound.
const assessment = measureAssessmentApart();

const precache = measurePrecache(dist);

const noChromium = { skipped: `no Chromium at ${CHROMIUM_PATH}` };
/** A part that fails is reported as failed (and the bench exits 1) without losing the others' figures. */
const failed: string[] = [];
async function part<T>(name: string, measure: () => Promise<T>): Promise<T | { failed: string } | { skipped: string }> {
  if (!existsSync(CHROMIUM_PATH)) return noChromium;
  try {
    return await measure();
  } catch (error) {
    failed.push(name);
    console.error(`bench: ${name} failed:`, error);
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}
// Lighthouse and the first-load bytes first: their timings suffer most from a busy machine.
const lighthouse = await part('lighthouse', measureLighthouse);
const firstLoad = await part('firstLoad', measureFirstLoadInBrowser);
const browser = await part('browser', measureInBrowser);
const patrol = await part('patrol', measurePatrol);
const assessmentBrowser = await part('assessmentBrowser', measureAssessmentInBrowser);
const scale = await part('scale', () => measureScale());

// The server ingest after the browser parts: run before them (PGlite in this process, then
// PostgreSQL's writes), it left the browser figures slower (10,000 rows pulled 4.1 s, 2.2 s alone).
const pgliteDir = mkdtempSync(join(tmpdir(), 'wd-bench-pglite-'));
const ingestPglite = await measureServerIngest(pgliteTarget(pgliteDir));
rmSync(pgliteDir, { recursive: true, force: true });
const postgresUrl = TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (postgresUrl && !TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = postgresUrl;
const ingestPostgres = TEST_DATABASE_URL
  ? await measureServerIngest(postgresTarget())
  : { skipped: 'set TEST_DATABASE_URL' };

const os = await import('node:os');
const report = JSON.stringify(
  {
    measuredAt: new Date().toISOString(),
    firstLoad,
    lighthouse,
    precache: { ...precache },
    browser: { ...browser, targets: { tapToPersistedMedianMs: 16, push10kMs: 5000, pull10kMs: 2000 } },
    patrol: {
      ...patrol,
      targets: {
        roundOpenMedianMs: 100,
        roundOpenCpuThrottle: 4,
        roundTapToPersistedMedianMs: 16,
        photoScale12MpMedianMs: 500,
      },
    },
    serverIngest: { pglite: ingestPglite, postgres: ingestPostgres, targetRatioToRawInsert: 0.5 },
    assessmentNode: assessment,
    assessmentChromium: { ...assessmentBrowser, targets: { engineMedianMs: 200, rankingsOpenMedianMs: 300 } },
    scale,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
      node: process.version,
    },
  },
  null,
  2,
);
const out = process.env.BENCH_OUT ?? join(ROOT, '.tmp', 'bench.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${report}\n`);
console.log(report);
console.error(`bench: written to ${out} (npm run bench:readme puts it in README.md)`);
if (failed.length) console.error(`bench: failed parts: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
