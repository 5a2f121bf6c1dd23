import { describe, expect, it } from 'vitest';
import { assessMonth } from '../../../src/domain/assessment';
import { largeMonth } from './large-month';
import { shuffled } from './fixtures';

// A month of the size the engine is built for (200 windows, 600 staff, 50 000 records).
// Correctness at scale only; the timing is checked locally with timing-check.ts, not here.
// Full-size assessments: seconds each on a loaded 2-core CI machine, so not vitest's 5 s (speed is the benchmark's job).
describe('a full-size month', { timeout: 60_000 }, () => {
  const input = largeMonth();
  const result = assessMonth(input);

  it('scores every window and staff member, and every score adds up from its explanation', () => {
    expect(result.windows).toHaveLength(200);
    expect(result.staff).toHaveLength(600);
    for (const { sheet } of [...result.windows, ...result.staff]) {
      const taken = sheet.categories.reduce((sum, c) => sum + Math.round(c.taken * 100), 0);
      expect(Math.round(sheet.deductionsTaken * 100)).toBe(taken);
      expect(Math.round(sheet.score * 100)).toBe(10_000 - taken + Math.round(sheet.bonusGranted * 100));
      for (const c of sheet.categories) expect(c.taken).toBeLessThanOrEqual(c.weight); // default scheme: all capped
      expect(sheet.bonusGranted).toBeLessThanOrEqual(20);
      expect(Number.isInteger(Math.round(sheet.score * 100))).toBe(true);
    }
  });

  it('counts every active record at its window exactly once', () => {
    const active = input.deductions.filter((d) => d.status === 'active').length;
    const listed = result.windows.reduce(
      (sum, w) => sum + w.sheet.categories.reduce((s, c) => s + c.records.length, 0),
      0,
    );
    expect(listed).toBe(active);
    const notCounted = result.windows.reduce(
      (sum, w) => sum + w.sheet.notCounted.filter((n) => n.kind === 'deduction').length,
      0,
    );
    expect(notCounted).toBe(input.deductions.length - active);
  });

  it('ranks both groups and honours 15 % / 30 % of them', () => {
    expect(result.groups.approval!.size).toBe(120);
    expect(result.groups.public_service!.size).toBe(80);
    expect(result.groups.approval!.honours.tiers.map((t) => t.places)).toEqual([18, 36]);
    expect(result.groups.public_service!.honours.tiers.map((t) => t.places)).toEqual([12, 24]);
  });

  it('does not depend on input order', () => {
    const again = assessMonth({
      ...input,
      deductions: shuffled(input.deductions),
      bonuses: shuffled(input.bonuses),
      staff: shuffled(input.staff),
      windows: shuffled(input.windows),
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });
});
