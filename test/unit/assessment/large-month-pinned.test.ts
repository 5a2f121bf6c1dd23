import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assessMonth,
  monthInputFromRecords,
  type MonthAssessment,
  type MonthInput,
} from '../../../src/domain/assessment';
import { largeMonth, largeMonthAsRows } from './large-month';

// The full-size month's result, pinned as it was before the engine was tuned for speed
// (issue 5 §8): any optimisation that changes a single byte of the output fails here.
const sha256 = (result: MonthAssessment) => createHash('sha256').update(JSON.stringify(result)).digest('hex');

function totals(result: MonthAssessment) {
  const centi = (x: number) => Math.round(x * 100);
  return {
    windowScores: result.windows.reduce((s, w) => s + centi(w.score), 0),
    staffScores: result.staff.reduce((s, p) => s + centi(p.score), 0),
    windowRecords: result.windows.reduce((s, w) => s + w.sheet.categories.reduce((t, c) => t + c.records.length, 0), 0),
    staffRecords: result.staff.reduce((s, p) => s + p.sheet.categories.reduce((t, c) => t + c.records.length, 0), 0),
    notCounted: [...result.windows, ...result.staff].reduce((s, x) => s + x.sheet.notCounted.length, 0),
    bonusLines: [...result.windows, ...result.staff].reduce((s, x) => s + x.sheet.bonus.lines.length, 0),
    redFlags: result.windows.filter((w) => w.honour === 'red_flag').length,
    advanced: result.windows.filter((w) => w.honour === 'advanced').length,
    firstRanked: result.groups
      .approval!.entries.slice(0, 5)
      .map((e) => `${e.number}@${e.rank}`)
      .join(' '),
  };
}

/** Record ids in no particular order (real ids are random UUIDs; the fixture's are sequential). */
function scrambledIds(input: MonthInput): MonthInput {
  const id = (n: number) =>
    createHash('md5')
      .update(String(n))
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  return {
    ...input,
    deductions: input.deductions.map((d, n) => ({ ...d, id: id(n) })),
    bonuses: input.bonuses.map((b, n) => ({ ...b, id: id(-1 - n) })),
  };
}

// Each case assesses a full-size month (~1 s alone, many times that on a loaded 2-core CI
// machine): a correctness pin, not a speed test (that is the benchmark), so not vitest's 5 s.
describe('the full-size month, pinned', { timeout: 60_000 }, () => {
  const input = largeMonth();
  const result = assessMonth(input);

  it('gives exactly the pinned result', () => {
    expect(totals(result)).toEqual(PINNED_TOTALS);
    expect(sha256(result)).toBe(PINNED_SHA256);
  });

  it('gives exactly the pinned result with unordered record ids', () => {
    expect(sha256(assessMonth(scrambledIds(largeMonth({ seed: 100 }))))).toBe(PINNED_SCRAMBLED_SHA256);
  });

  it('gives exactly the pinned result from stored rows', () => {
    const other = largeMonth({ seed: 200 });
    expect(sha256(assessMonth(monthInputFromRecords(largeMonthAsRows(other))))).toBe(PINNED_ROWS_SHA256);
  });
});

const PINNED_TOTALS = {
  windowScores: 461850,
  staffScores: 2401350,
  windowRecords: 44983,
  staffRecords: 31406,
  notCounted: 10034,
  bonusLines: 2985,
  redFlags: 29,
  advanced: 58,
  firstRanked: '22@1 68@2 12@3 46@3 100@5',
};
const PINNED_SHA256 = '74818ffc6aa1ff8a085ea980073886173a5f91a0c5ec2132bda66dce8a916a93';
const PINNED_ROWS_SHA256 = '197d47d57c521d7fd9119a1f70eb7cd2d85e4469b8613f0c7b198f805dd4697a';
const PINNED_SCRAMBLED_SHA256 = 'dbdb4fbd045ef2b3cc250f9c246b4e998e5d734d925d3c6df90af664d8fe3ee2';
