import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assessMonth, monthInputFromRecords } from '../../src/domain/assessment';
import { largeMonth, largeMonthAsRows } from '../unit/assessment/large-month';

const RUNS = 11;

/**
 * The assessment engine in Node (issue 5 §8): a month of 200 windows, 600 staff and 50,000
 * records, target ≤ 200 ms. Two figures: the engine alone (assessMonth on a MonthInput), and the
 * whole path the server and the phone run (stored rows → monthInputFromRecords → assessMonth).
 * Fresh data every run (no cache can help); median of 11 warm runs, plus the first (cold) call.
 */
export function measureAssessment() {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = (fn: () => unknown) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  const first = largeMonth();
  const coldMs = time(() => assessMonth(first));
  // Inputs are built before the clock runs (building them is the test's work, not the engine's).
  const inputs = Array.from({ length: RUNS }, (_, i) => largeMonth({ seed: 200 + i }));
  const rowInputs = inputs.map(largeMonthAsRows);
  for (let i = 0; i < 3; i++) assessMonth(inputs[i]!); // warm-up
  const engine = inputs.map((input) => time(() => assessMonth(input)));
  const fromRows = rowInputs.map((input) => time(() => assessMonth(monthInputFromRecords(input))));
  const size = JSON.stringify(assessMonth(inputs[0]!)).length;
  return {
    windows: first.windows.length,
    staff: first.staff.length,
    records: first.deductions.length,
    bonuses: first.bonuses.length,
    coldMs: Math.round(coldMs),
    engineMedianMs: Math.round(median(engine)),
    fromRowsMedianMs: Math.round(median(fromRows)),
    resultJsonBytes: size,
    targetMs: 200,
  };
}

/**
 * measureAssessment in a process of its own: its inputs (11 months of 50,000 records) left a heap
 * of several hundred MB in the bench's process, whose collection then ran beside the Lighthouse
 * runs that follow (in the same process) on the same 2 cores: the signed-out start's TBT was
 * ~250 ms in the full bench against ~40 ms alone.
 */
export function measureAssessmentApart(): ReturnType<typeof measureAssessment> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`bench: the assessment measure exited ${run.status}`);
  return JSON.parse(run.stdout) as ReturnType<typeof measureAssessment>;
}

if (process.argv.includes('--measure') && process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(JSON.stringify(measureAssessment()));
