import { assessMonth, monthInputFromRecords, type RecordLike } from '../../src/domain/assessment';
import { largeMonth } from '../unit/assessment/large-month';

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
  const rowInputs = inputs.map((input) => ({
    ...input,
    violations: input.deductions.map((d, n): RecordLike => ({
      id: d.id, windowId: d.windowId, staffId: d.staffId, itemCode: d.itemCode, count: d.quantity,
      status: d.status === 'withdrawn' ? 'withdrawn' : 'active', observedAt: `2024-03-${String(1 + (n % 28)).padStart(2, '0')}T02:00:00.000Z`,
      source: d.source, substituteFor: d.substituteFor ?? null,
    })),
    disputes: input.deductions.filter((d) => d.status === 'overturned').map((d) => ({ violationId: d.id, status: 'overturned' as const })),
    bonuses: input.bonuses.map((b) => ({ ...b, month: input.month, note: '', status: 'active' as const })),
    disqualifications: [],
  }));
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
