import { describe, expect, it } from 'vitest';
import { windowsInHallOrder } from '../../../src/app/features/violations/hall-order';

const F1 = '44444444-4444-4444-8444-444444444441';
const F2 = '44444444-4444-4444-8444-444444444442';
const floors = [
  { id: F1, name: '一楼', level: 1 },
  { id: F2, name: '二楼', level: 2 },
];
const w = (id: string, floorId: string, number: string, position: number) => ({
  id,
  floorId,
  number,
  name: number,
  department: 'd',
  kind: 'approval' as const,
  position,
});
const windows = [
  w('a', F1, '103', 3),
  w('b', F2, '201', 1),
  w('c', F1, '101', 1),
  w('d', F2, '202', 2),
  w('e', 'gone', '999', 0),
];

describe('windowsInHallOrder', () => {
  it("lists the duty leader's floor first, each floor in hall order, unknown floors last", () => {
    const groups = windowsInHallOrder(floors, windows, F2);
    expect(groups.map((g) => [g.floor?.name ?? null, g.windows.map((x) => x.number)])).toEqual([
      ['二楼', ['201', '202']],
      ['一楼', ['101', '103']],
      [null, ['999']],
    ]);
  });
  it('orders floors by level without an own floor', () => {
    expect(windowsInHallOrder(floors, windows, null).map((g) => g.floor?.name ?? null)).toEqual(['一楼', '二楼', null]);
  });
});
