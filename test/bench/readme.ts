// `npm run bench:readme`: rewrites the README's benchmark table (between the bench:table markers)
// from the JSON the last `npm run bench` wrote (.tmp/bench.json, or the path given). No figure in
// that table is typed by hand; a part the bench skipped shows as skipped.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build';

const START = '<!-- bench:table:start (npm run bench:readme writes this table from .tmp/bench.json) -->';
const END = '<!-- bench:table:end -->';

type Json = any;
const ok = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');
const kib = (n: number) => `${n.toFixed(1)} KiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function benchTable(b: Json): string {
  const rows: [string, string, string][] = [];
  // A part the bench skipped (no Chromium) or that failed has no figures.
  const skipped = (part: Json) => part && (typeof part.skipped === 'string' || typeof part.failed === 'string');
  const fl = b.firstLoad;
  if (fl && !skipped(fl)) {
    rows.push([
      'sign-in screen: JS + CSS fetched before it is usable (compressed, Chromium, cold cache)',
      `${kib(fl.signIn.totalKiB)} in ${fl.signIn.files} files${ok(fl.met.signIn)}; ${kib(fl.signIn.settledKiB)} once the network is quiet (the data layer loads after the screen)`,
      `≤ ${fl.targets.signInKiB} KiB`,
    ]);
    for (const [user, home] of Object.entries<Json>(fl.homes)) {
      rows.push([
        `${user}'s home: after signing in (since opening the app) / a signed-in phone's cold start`,
        `${kib(home.afterSignIn.totalKiB)}${ok(home.afterSignIn.totalKiB <= fl.targets.homeKiB)} / ${kib(home.coldStart.totalKiB)}${ok(home.coldStart.totalKiB <= fl.targets.homeKiB)}`,
        `≤ ${fl.targets.homeKiB} KiB`,
      ]);
    }
  } else rows.push(['first load in Chromium', 'skipped', '–']);
  const lh = b.lighthouse;
  if (lh && !skipped(lh)) {
    for (const [label, part] of [
      ['Lighthouse mobile, `/` signed out (median of 3)', lh.signedOut],
      ['Lighthouse mobile, `/` signed in as duty1 (median of 3)', lh.signedInHome],
    ] as const) {
      const m = part.median;
      rows.push([
        label,
        `performance ${m.performance}${ok(part.met.performance)}, LCP ${s(m.lcpMs)}${ok(part.met.lcp)}, TBT ${m.tbtMs} ms${ok(part.met.tbt)}, CLS ${m.cls}${ok(part.met.cls)} (runs: ${part.runs.map((r: Json) => r.performance).join(' / ')})`,
        `≥ ${lh.targets.performance}, LCP ≤ ${s(lh.targets.lcpMs)}, TBT ≤ ${lh.targets.tbtMs} ms, CLS ≤ ${lh.targets.cls}`,
      ]);
    }
  } else rows.push(['Lighthouse', 'skipped', '–']);
  rows.push([
    'precache (service worker install)',
    `${b.precache.entries} files, ${kib(b.precache.bytes / 1024)} uncompressed`,
    '–',
  ]);
  const br = b.browser;
  if (br && !skipped(br)) {
    rows.push([
      'tap-to-persisted, recording a violation from the form',
      `median ${br.tapToPersistedMs.median} ms, p95 ${br.tapToPersistedMs.p95} ms (${br.tapToPersistedMs.samples} records)`,
      `median ≤ ${br.targets.tapToPersistedMedianMs} ms`,
    ]);
    rows.push([
      '10,000 queued mutations pushed and acknowledged (PGlite)',
      `${s(br.push10k.ms)} (with the rows pulled back ${s(br.push10k.withPullBackMs)})`,
      `≤ ${s(br.targets.push10kMs)}`,
    ]);
    rows.push([
      '10,000 rows pulled into a fresh phone (one sync from cursor 0)',
      `${s(br.pull10k.ms)} (${br.pull10k.rows} changes); plain IndexedDB puts of the same rows ${s(br.pull10k.rawIndexedDbPutMs)}`,
      `≤ ${s(br.targets.pull10kMs)}`,
    ]);
  }
  const ingest = b.serverIngest;
  for (const [label, part] of [
    ['PGlite', ingest?.pglite],
    ['PostgreSQL', ingest?.postgres],
  ] as const) {
    if (!part) continue;
    rows.push([
      `server push ingest vs a plain multi-row INSERT of the same rows, ${label} (median of rounds)`,
      skipped(part)
        ? `skipped (${part.skipped})`
        : `${part.ratioToRawValuesInsert} × (rounds ${part.ratioToRawValuesInsertEachRound.join(' / ')}; ${part.pushRowsPerSecond} rows/s); vs INSERT … unnest ${part.ratioToRawUnnestInsert} ×`,
      `≥ ${ingest.targetRatioToRawInsert} ×`,
    ]);
  }
  const p = b.patrol;
  if (p && !skipped(p)) {
    rows.push([
      `round opens, ${p.roundOpen.floorWindows}-window floor, ${p.roundOpen.cpuThrottle}× CPU throttling (median of ${p.roundOpen.opens})`,
      `${p.roundOpen.medianMs} ms (p95 ${p.roundOpen.p95Ms} ms); the first opening with the screen's chunk ${p.roundOpen.firstOpenMs} ms`,
      `≤ ${p.targets.roundOpenMedianMs} ms`,
    ]);
    rows.push([
      'tap-to-persisted from the round screen',
      `median ${p.roundTapToPersistedMs.median} ms (p95 ${p.roundTapToPersistedMs.p95} ms, ${p.roundTapToPersistedMs.samples} records)`,
      `(${p.targets.roundTapToPersistedMedianMs} ms, the form's target)`,
    ]);
    rows.push([
      `scaling a 12-megapixel photo to at most 1600 px (${p.photoScale12Mp.output}), ${p.photoScale12Mp.cpuThrottle ?? 1}× CPU throttling (median of ${p.photoScale12Mp.runs})`,
      `${p.photoScale12Mp.medianMs} ms (max ${p.photoScale12Mp.maxMs} ms)`,
      `≤ ${p.targets.photoScale12MpMedianMs} ms`,
    ]);
  }
  const an = b.assessmentNode;
  if (an)
    rows.push([
      `assessment engine in Node: ${an.windows} windows, ${an.staff} staff, ${an.records} records`,
      `engine ${an.engineMedianMs} ms, from stored rows ${an.fromRowsMedianMs} ms`,
      '≤ 200 ms',
    ]);
  const ac = b.assessmentChromium;
  if (ac && !skipped(ac)) {
    rows.push([
      "the same month in Chromium, the app's chunk",
      `engine ${ac.engineMs.median} ms (p95 ${ac.engineMs.p95}), from stored rows ${ac.fromRowsMs.median} ms`,
      `≤ ${ac.targets.engineMedianMs} ms`,
    ]);
    rows.push([
      `rankings open offline with that month published (median of ${ac.rankingsOpen.opens})`,
      `${ac.rankingsOpen.medianMs} ms (p95 ${ac.rankingsOpen.p95Ms}); ${ac.rankingsOpenThrottled.median} ms at ${ac.rankingsOpenThrottled.cpuThrottle}× throttling; an offline cold start on /rankings ${ac.rankingsColdLoad.median} ms`,
      `≤ ${ac.targets.rankingsOpenMedianMs} ms`,
    ]);
  }
  const sc = b.scale;
  if (sc && !skipped(sc)) {
    const h = sc.hall;
    const hall = `${h.windows} windows, ${h.staff} staff, ${h.records.toLocaleString('en')} records over ${h.months}`;
    rows.push([
      `a staff phone's first sync, ${hall}, ${h.publishedMonth} published (compressed bytes pulled)`,
      `${(sc.staffPhone.pulledBytes / 1_000_000).toFixed(2)} MB in ${sc.staffPhone.pullRequests} pages${ok(sc.met.staffPull)}, ${s(sc.staffPhone.firstSyncMs)} from sign-in`,
      `≤ ${(sc.targets.staffPullBytes / 1_000_000).toFixed(0)} MB`,
    ]);
    rows.push([
      "another window's explanation in that month, tap → shown (median)",
      `online (fetched) ${sc.staffPhone.explanationOpenOnlineMs.median} ms; offline (kept) ${sc.staffPhone.explanationOpenOfflineMs.median} ms`,
      '–',
    ]);
    rows.push([
      `a supervision phone's first sync of that year (the open months kept)`,
      `${s(sc.supervisionPhone.firstSyncMs)} from sign-in, ${(sc.supervisionPhone.pulledBytes / 1_000_000).toFixed(1)} MB pulled; holds ${sc.supervisionPhone.recordsHeld.toLocaleString('en')} records, storage ${(sc.supervisionPhone.storageBytes / 1_000_000).toFixed(0)} MB`,
      '–',
    ]);
    rows.push([
      `that supervision phone's home opened, ${sc.supervisionPhone.homeOpenThrottledMs.cpuThrottle}× CPU throttling (median of ${sc.supervisionPhone.homeOpenThrottledMs.runs.length})`,
      `${s(sc.supervisionPhone.homeOpenThrottledMs.median)}${ok(sc.met.homeOpen)}`,
      `≤ ${s(sc.targets.homeOpenThrottledMs)}`,
    ]);
  }
  const m = b.machine;
  const head = `Last \`npm run bench\`: ${b.measuredAt ?? 'unknown time'}, ${m.cpus} × ${m.cpuModel ?? 'CPU'}, load average ${m.loadAverage1m ?? '?'} at the end, Node ${m.node}.`;
  const table = [
    '| figure | measured | target |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
  ];
  return [head, '', ...table].join('\n');
}

if (process.argv[1]?.endsWith('readme.ts')) {
  const source = process.argv[2] ?? join(ROOT, '.tmp', 'bench.json');
  const bench = JSON.parse(readFileSync(source, 'utf8'));
  const readmePath = join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} markers`);
  writeFileSync(readmePath, `${readme.slice(0, from + START.length)}\n${benchTable(bench)}\n${readme.slice(to)}`);
  console.log(`README.md: benchmark table written from ${source}`);
}
