import { describe, expect, it } from 'vitest';
import { ENTITY_TABLES } from '../../src/app/db/database';
import { SYNCED_ENTITIES } from '../../src/domain';
import { FEEDS } from '../../src/server/sync/pull';

describe('pull feeds', () => {
  it('cover every synced entity once, and each has its Dexie table on the phone', () => {
    const entities = FEEDS.map((f) => f.entity);
    expect([...entities].sort()).toEqual([...SYNCED_ENTITIES].sort());
    expect(new Set(entities).size).toBe(entities.length);
    expect([...ENTITY_TABLES].sort()).toEqual([...SYNCED_ENTITIES].sort());
  });
});
