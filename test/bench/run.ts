// `npm run bench`: builds the PWA and prints one JSON object with the size and speed figures the
// product is held to (targets beside each figure). Bounded: loopback only, fixed row counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteTarget, postgresTarget, TEST_DATABASE_URL } from '../integration/support/databases';
import { measureInBrowser } from './browser';
import { ROOT, buildPwa } from './build';
import { measurePatrol } from './patrol';
import { measureFirstLoad, measurePrecache } from './bundle-size';
import { measureServerIngest } from './server-ingest';
import { measureAssessment } from './assessment';
import { measureAssessmentInBrowser } from './assessment-browser';
import { CHROMIUM_PATH } from '../support/environment';
import { existsSync } from 'node:fs';

const dist = join(ROOT, 'dist');

buildPwa();

// First, while the machine is quiet: the engine figure is CPU-bound.
const assessment = measureAssessment();

const firstLoad = measureFirstLoad(dist);
const precache = measurePrecache(dist);

const pgliteDir = mkdtempSync(join(tmpdir(), 'wd-bench-pglite-'));
const ingestPglite = await measureServerIngest(pgliteTarget(pgliteDir));
rmSync(pgliteDir, { recursive: true, force: true });
const postgresUrl = TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (postgresUrl && !TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = postgresUrl;
const ingestPostgres = TEST_DATABASE_URL ? await measureServerIngest(postgresTarget()) : { skipped: 'set TEST_DATABASE_URL' };

const browser = existsSync(CHROMIUM_PATH) ? await measureInBrowser() : { skipped: `no Chromium at ${CHROMIUM_PATH}` };
const patrol = existsSync(CHROMIUM_PATH) ? await measurePatrol() : { skipped: `no Chromium at ${CHROMIUM_PATH}` };
const assessmentBrowser = existsSync(CHROMIUM_PATH) ? await measureAssessmentInBrowser() : { skipped: `no Chromium at ${CHROMIUM_PATH}` };

const KiB = 1024;
console.log(
  JSON.stringify(
    {
      firstLoad: {
        jsGzipBytes: firstLoad.jsGzipBytes,
        cssGzipBytes: firstLoad.cssGzipBytes,
        targetJsGzipBytes: 150 * KiB,
        files: firstLoad.files,
      },
      precache: { ...precache },
      browser: { ...browser, targets: { tapToPersistedMedianMs: 16, push10kMs: 5000, pull10kMs: 2000 } },
      patrol: { ...patrol, targets: { roundOpenMedianMs: 100, roundOpenCpuThrottle: 4, roundTapToPersistedMedianMs: 16, photoScale12MpMedianMs: 500 } },
      serverIngest: { pglite: ingestPglite, postgres: ingestPostgres, targetRatioToRawInsert: 0.5 },
      assessmentNode: assessment,
      assessmentChromium: { ...assessmentBrowser, targets: { engineMedianMs: 200, rankingsOpenMedianMs: 300 } },
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    },
    null,
    2,
  ),
);
process.exit(0);
