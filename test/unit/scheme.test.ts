import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, SchemeSchema, spotCheckItems } from '../../src/domain';

describe('default scheme', () => {
  it('is valid against its own schema', () => {
    expect(SchemeSchema.safeParse(DEFAULT_SCHEME).success).toBe(true);
  });
  it('has the four categories of DOMAIN §4 with weights 30/20/30/20', () => {
    expect(DEFAULT_SCHEME.categories.map((c) => [c.code, c.weight])).toEqual([
      ['DISCIPLINE', 30],
      ['NETWORK', 20],
      ['CASES', 30],
      ['CONDUCT', 20],
    ]);
  });
  it("puts the brief's first four spot-check items first on the checklist", () => {
    expect(
      spotCheckItems(DEFAULT_SCHEME)
        .slice(0, 4)
        .map((i) => i.code),
    ).toEqual(['OFF_POST', 'NO_BADGE', 'EATING', 'GAMING']);
  });
  it('rejects an item in an unknown category', () => {
    const bad = {
      ...DEFAULT_SCHEME,
      items: [...DEFAULT_SCHEME.items, { ...DEFAULT_SCHEME.items[0]!, code: 'X', category: 'NOPE' }],
    };
    const result = SchemeSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('unknown category NOPE');
  });
});
