import { describe, expect, it } from 'vitest';
import { assessMonth, scoreStaff, scoreWindow, type DeductionStatus } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME, type Scheme } from '../../../src/domain/scheme';
import { deduction, hallWindow, monthInput, staff, staffId, windowId } from './fixtures';

const W = windowId(1);

describe('DOMAIN §5.3: verification — which records count', () => {
  const table: { name: string; status: DeductionStatus; score: number; notCounted: string[] }[] = [
    { name: 'active record counts', status: 'active', score: 95, notCounted: [] },
    { name: 'dispute rejected: stays active, counts', status: 'active', score: 95, notCounted: [] },
    { name: 'dispute upheld: overturned, not counted', status: 'overturned', score: 100, notCounted: ['overturned'] },
    { name: 'withdrawn: not counted', status: 'withdrawn', score: 100, notCounted: ['withdrawn'] },
  ];
  it.each(table)('$name', ({ status, score, notCounted }) => {
    const records = { deductions: [deduction({ itemCode: 'GAMING', status, staffId: staffId(1) })], bonuses: [] };
    const windowSheet = scoreWindow(DEFAULT_SCHEME, W, records);
    const staffSheet = scoreStaff(DEFAULT_SCHEME, staffId(1), records);
    expect(windowSheet.score).toBe(score);
    expect(staffSheet.score).toBe(score);
    expect(windowSheet.notCounted.map((n) => n.reason)).toEqual(notCounted);
    expect(windowSheet.categories[0]!.records).toHaveLength(status === 'active' ? 1 : 0);
  });

  it('explains an overturned record', () => {
    const sheet = scoreWindow(DEFAULT_SCHEME, W, {
      deductions: [deduction({ itemCode: 'EATING', status: 'overturned' })],
      bonuses: [],
    });
    expect(sheet.notCounted[0]!.note).toBe('dispute upheld for the window: overturned, not counted');
  });
});

describe('DOMAIN §4/§7: who a record deducts — the window, the person, a substitute', () => {
  // Staff 1 and 2 work at window 1; staff 3 works at window 2 and stands in at window 1 for staff 1.
  const sub = deduction({
    itemCode: 'EATING',
    windowId: W,
    staffId: staffId(3),
    substituteFor: staffId(1),
    source: 'patrol',
  });
  const own = deduction({ itemCode: 'NO_BADGE', windowId: W, staffId: staffId(2) });
  const anon = deduction({ itemCode: 'UNTIDY', windowId: W, staffId: null });
  const elsewhere = deduction({ itemCode: 'GAMING', windowId: windowId(2), staffId: staffId(3) });
  const records = { deductions: [sub, own, anon, elsewhere], bonuses: [] };
  const noOwn: Scheme = { ...DEFAULT_SCHEME, substitutes: { deductOwnScore: false } };
  const legacy: Scheme = { ...DEFAULT_SCHEME };
  delete legacy.substitutes;

  const table: { name: string; scheme: Scheme; subject: 'window' | 'staff'; id: string; score: number }[] = [
    {
      name: "window 1 counts every record there, the substitute's too",
      scheme: DEFAULT_SCHEME,
      subject: 'window',
      id: W,
      score: 96.5,
    },
    {
      name: "window 1 counts the substitute's record whatever the option",
      scheme: noOwn,
      subject: 'window',
      id: W,
      score: 96.5,
    },
    {
      name: "window 2 (the substitute's home) counts only its own records",
      scheme: DEFAULT_SCHEME,
      subject: 'window',
      id: windowId(2),
      score: 95,
    },
    {
      name: 'the substitute: own score deducted by default',
      scheme: DEFAULT_SCHEME,
      subject: 'staff',
      id: staffId(3),
      score: 93,
    },
    {
      name: 'the substitute: a scheme without the option deducts (default yes)',
      scheme: legacy,
      subject: 'staff',
      id: staffId(3),
      score: 93,
    },
    {
      name: 'the substitute: not deducted when the scheme says so',
      scheme: noOwn,
      subject: 'staff',
      id: staffId(3),
      score: 95,
    },
    {
      name: 'the person covered is never deducted for the substitute',
      scheme: DEFAULT_SCHEME,
      subject: 'staff',
      id: staffId(1),
      score: 100,
    },
    {
      name: 'a staff member counts only own records, not "window" ones',
      scheme: DEFAULT_SCHEME,
      subject: 'staff',
      id: staffId(2),
      score: 99,
    },
  ];
  it.each(table)('$name → $score', ({ scheme, subject, id, score }) => {
    const sheet = subject === 'window' ? scoreWindow(scheme, id, records) : scoreStaff(scheme, id, records);
    expect(sheet.score).toBe(score);
  });

  it("shows the substitute in the window's explanation and why the substitute's own score is spared", () => {
    const windowSheet = scoreWindow(DEFAULT_SCHEME, W, records);
    expect(windowSheet.categories[0]!.records.map((r) => [r.staffId, r.substituteFor])).toEqual([
      [staffId(3), staffId(1)],
    ]);
    const spared = scoreStaff(noOwn, staffId(3), records);
    expect(spared.notCounted.map((n) => [n.recordId, n.reason])).toEqual([[sub.id, 'substitute_not_own_score']]);
  });

  it('assessMonth applies the same split', () => {
    const result = assessMonth(
      monthInput({
        windows: [hallWindow(1), hallWindow(2)],
        staff: [staff(1, 1), staff(2, 1, 'B'), staff(3, 2)],
        deductions: records.deductions,
      }),
    );
    expect(result.windows.map((w) => [w.number, w.score])).toEqual([
      ['1', 96.5],
      ['2', 95],
    ]);
    expect(result.staff.map((s) => [s.name, s.score])).toEqual([
      ['员工1', 100],
      ['员工2', 99],
      ['员工3', 93],
    ]);
  });
});
