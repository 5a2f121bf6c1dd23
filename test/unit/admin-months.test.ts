import { describe, expect, it } from 'vitest';
import { hallMonth, previousMonth } from '../../src/server/admin/common';
import { schemeInForce } from '../../src/server/admin/schemes';

describe('console months', () => {
  it('the hall month is China Standard Time: 31 Dec 17:00 UTC is already January', () => {
    expect(hallMonth(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12');
    expect(hallMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('previous month wraps the year', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });

  it('the scheme in force: latest effectiveFrom ≤ month, the first one before any', () => {
    const list = [
      { v: 1, effectiveFrom: '2026-01' },
      { v: 2, effectiveFrom: '2026-06' },
      { v: 3, effectiveFrom: '2026-06' },
    ];
    expect(schemeInForce(list, '2026-05')?.v).toBe(1);
    expect(schemeInForce(list, '2026-06')?.v).toBe(3);
    expect(schemeInForce(list, '2025-12')?.v).toBe(1);
  });
});
