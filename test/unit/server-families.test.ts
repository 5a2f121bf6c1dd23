import { describe, expect, it } from 'vitest';
import { MUTATIONS, type MutationName } from '../../src/domain';
import { FAMILIES, familyOf } from '../../src/server/sync/families';

describe('push mutation families', () => {
  it('handle every registered mutation name exactly once', () => {
    const handled = FAMILIES.flatMap((f) => f.names);
    expect([...handled].sort()).toEqual(Object.keys(MUTATIONS).sort());
    expect(new Set(handled).size).toBe(handled.length);
  });

  it('name the family of each mutation', () => {
    for (const name of Object.keys(MUTATIONS) as MutationName[]) expect(familyOf(name)?.names).toContain(name);
  });
});
