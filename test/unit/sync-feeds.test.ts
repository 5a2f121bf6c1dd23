import { describe, expect, it } from 'vitest';
import { ENTITY_TABLES } from '../../src/app/db/database';
import { SYNCED_ENTITIES } from '../../src/domain';
import { FEEDS } from '../../src/server/sync/pull';
import { pullHorizon } from '../../src/server/sync/routes';

describe('pull feeds', () => {
  it('cover every synced entity once, and each has its Dexie table on the phone', () => {
    const entities = FEEDS.map((f) => f.entity);
    expect([...entities].sort()).toEqual([...SYNCED_ENTITIES].sort());
    expect(new Set(entities).size).toBe(entities.length);
    expect([...ENTITY_TABLES].sort()).toEqual([...SYNCED_ENTITIES].sort());
  });
});

describe('pull horizon (issue 14 §5)', () => {
  const ZONE = 'Asia/Shanghai';
  const NOW = new Date('2026-03-02T10:00:00.000Z'); // March in the hall

  it("is the phone's month, its first day and first instant in the hall", () => {
    expect(pullHorizon('2026-01', NOW, ZONE)).toEqual({
      month: '2026-01',
      day: '2026-01-01',
      fromIso: '2025-12-31T16:00:00.000Z',
    });
    expect(pullHorizon(undefined, NOW, ZONE)).toBeNull();
    // A phone clock in 1970 keeps everything: nothing is left out.
    expect(pullHorizon('1969-12', NOW, ZONE)).toBeNull();
    expect(pullHorizon('0000-01', NOW, ZONE)).toBeNull();
  });

  it("is never later than the month before the server's own (a phone clock running ahead)", () => {
    expect(pullHorizon('2026-02', NOW, ZONE)?.month).toBe('2026-02');
    expect(pullHorizon('2026-03', NOW, ZONE)?.month).toBe('2026-02');
    expect(pullHorizon('2099-12', NOW, ZONE)?.month).toBe('2026-02');
    expect(pullHorizon('2100-06', NOW, ZONE)?.month).toBe('2026-02');
    expect(pullHorizon('9999-12', NOW, ZONE)?.month).toBe('2026-02');
    // 00:30 on 1 April in the hall is still March in UTC: the hall's month decides.
    expect(pullHorizon('2099-12', new Date('2026-03-31T16:30:00.000Z'), ZONE)?.month).toBe('2026-03');
  });
});
