import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readRound, readRoundAhead, takeRoundReadAhead } from '../../../src/app/features/patrol/round-read';
import { checkWindow, startRound } from '../../../src/app/features/patrol/rounds';
import { recordViolation } from '../../../src/app/features/violations/record';
import { FLOOR_1, USER_A, WINDOW_1, WINDOW_2, makeDb } from './helpers';

const FLOOR_2 = '44444444-4444-4444-8444-444444444442';
const WINDOW_3 = '33333333-3333-4333-8333-333333333333';
const window = (id: string, floorId: string, number: string, position: number) => ({
  id,
  floorId,
  number,
  name: `窗口${number}`,
  department: '测试',
  kind: 'public_service' as const,
  position,
});
const person = (id: string, windowId: string, name: string) => ({
  id,
  name,
  windowId,
  post: 'A' as const,
  phone: null,
});

async function hall() {
  const db = makeDb();
  // positions out of insertion order: the read gives hall order
  await db.windows.bulkPut([
    window(WINDOW_2, FLOOR_1, '102', 2),
    window(WINDOW_1, FLOOR_1, '101', 1),
    window(WINDOW_3, FLOOR_2, '201', 1),
  ]);
  await db.staff.bulkPut([
    person('55555555-5555-4555-8555-555555555551', WINDOW_1, '张一'),
    person('55555555-5555-4555-8555-555555555552', WINDOW_2, '李二'),
    person('55555555-5555-4555-8555-555555555553', WINDOW_3, '王三'),
  ]);
  return db;
}

describe('the round screen read', () => {
  it("gives the floor windows in hall order, their staff only, this round's records and its progress", async () => {
    const db = await hall();
    const earlier = await startRound(db, { floorId: FLOOR_1, slot: 0 }, USER_A);
    await recordViolation(
      db,
      { windowId: WINDOW_1, staffId: null, itemCode: 'EATING', count: 1, observedAt: new Date(), roundId: earlier.id },
      USER_A,
    );
    const round = await startRound(db, { floorId: FLOOR_1, slot: 1 }, USER_A);
    await recordViolation(
      db,
      { windowId: WINDOW_2, staffId: null, itemCode: 'NO_BADGE', count: 1, observedAt: new Date(), roundId: round.id },
      USER_A,
    );
    await checkWindow(db, { roundId: round.id, windowId: WINDOW_1, inOrder: true }, USER_A); // progress is the round row's, as on the server

    const read = await readRound(db, round.id);
    expect(read.round?.id).toBe(round.id);
    expect(read.windows.map((w) => w.number)).toEqual(['101', '102']);
    expect(read.staff.map((s) => s.name).sort()).toEqual(['张一', '李二']);
    expect(read.records.map((r) => [r.windowId, r.itemCode])).toEqual([[WINDOW_2, 'NO_BADGE']]);
    expect(read.progress).toEqual({ inOrder: [WINDOW_1] });
    expect(read.absences).toEqual({ leaves: [], outings: [], substitutes: [] });
  });

  it('an unknown round reads as not found, with nothing to show', async () => {
    const db = await hall();
    expect(await readRound(db, '66666666-6666-4666-8666-666666666666')).toEqual({
      round: undefined,
      windows: [],
      staff: [],
      absences: undefined,
      records: [],
      progress: { inOrder: [] },
    });
  });

  it("a read ahead is handed to that round's screen once, and never to another round", async () => {
    const db = await hall();
    const round = await startRound(db, { floorId: FLOOR_1, slot: 0 }, USER_A);
    await readRoundAhead(db, round.id);
    expect(takeRoundReadAhead('66666666-6666-4666-8666-666666666666')).toBeUndefined();
    expect(takeRoundReadAhead(round.id)).toBeUndefined(); // taking clears it, whichever id asked
    await readRoundAhead(db, round.id);
    expect(takeRoundReadAhead(round.id)?.windows).toHaveLength(2);
    expect(takeRoundReadAhead(round.id)).toBeUndefined();
  });
});
