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
