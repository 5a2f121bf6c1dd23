import { describe, expect, it } from 'vitest';
import {
  BonusRecordSchema,
  DeductionRecordSchema,
  DutyPatrolSchema,
  MonthInputSchema,
} from '../../../src/domain/assessment';
import { bonus, deduction, monthInput } from './fixtures';

describe('assessment inputs: what the schemas accept', () => {
  const good = deduction({ itemCode: 'EATING' });
  const deductions: { name: string; value: unknown; ok: boolean }[] = [
    { name: 'a valid record', value: good, ok: true },
    {
      name: "a substitute's record",
      value: { ...good, staffId: good.windowId, substituteFor: good.windowId },
      ok: true,
    },
    { name: 'quantity 0', value: { ...good, quantity: 0 }, ok: false },
    { name: 'fractional quantity', value: { ...good, quantity: 1.5 }, ok: false },
    { name: 'unknown status', value: { ...good, status: 'pending' }, ok: false },
    { name: 'lower-case item code', value: { ...good, itemCode: 'eating' }, ok: false },
    { name: 'missing staffId (must be null for "the window")', value: { ...good, staffId: undefined }, ok: false },
  ];
  it.each(deductions)('deduction: $name → $ok', ({ value, ok }) => {
    expect(DeductionRecordSchema.safeParse(value).success).toBe(ok);
  });

  const b = bonus({ bonusCode: 'MEDIA_CITY', points: 2 });
  const bonuses: { name: string; value: unknown; ok: boolean }[] = [
    { name: 'a valid bonus', value: b, ok: true },
    { name: 'withdrawn', value: { ...b, status: 'withdrawn' }, ok: true },
    { name: 'zero points', value: { ...b, points: 0 }, ok: false },
    { name: 'no event', value: { ...b, eventId: '' }, ok: false },
  ];
  it.each(bonuses)('bonus: $name → $ok', ({ value, ok }) => {
    expect(BonusRecordSchema.safeParse(value).success).toBe(ok);
  });

  it('duty patrols and months', () => {
    expect(DutyPatrolSchema.safeParse({ windowId: b.windowId, roundsRequired: 44, roundsDone: -1 }).success).toBe(
      false,
    );
    expect(MonthInputSchema.safeParse(monthInput({ month: '2024-12' })).success).toBe(true);
    expect(MonthInputSchema.safeParse(monthInput({ month: '2024-13' })).success).toBe(false);
  });
});
