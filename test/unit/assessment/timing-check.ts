/**
 * Local timing check (not a test, no timed assertion): npx tsx test/unit/assessment/timing-check.ts
 * Target: a month of 200 windows, 600 staff, 50 000 records scored in ≤ 200 ms in Node.
 * Reports the first call in the process (cold JIT) and then warm runs.
 */
import { assessMonth } from '../../../src/domain/assessment';
import { largeMonth } from './large-month';

const input = largeMonth();
const t0 = performance.now();
const first = assessMonth(input);
const cold = performance.now() - t0;

const runs: number[] = [];
for (let i = 0; i < 15; i++) {
  const fresh = largeMonth({ seed: 100 + i });
  const t = performance.now();
  assessMonth(fresh);
  runs.push(performance.now() - t);
}
runs.sort((a, b) => a - b);
console.log(
  `assessMonth: ${first.windows.length} windows, ${first.staff.length} staff, ${input.deductions.length} deductions + ${input.bonuses.length} bonuses\n` +
    `  first call (cold): ${cold.toFixed(1)} ms\n` +
    `  warm, fresh data each run: min ${runs[0]!.toFixed(1)} ms, median ${runs[7]!.toFixed(1)} ms, max ${runs[14]!.toFixed(1)} ms`,
);
