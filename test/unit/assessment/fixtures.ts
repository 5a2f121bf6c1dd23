import type { HallWindow, Staff, WindowKind } from '../../../src/domain/entities';
import type { BonusRecord, DeductionRecord, MonthInput } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import type { Scheme } from '../../../src/domain/scheme';

/** A valid v4 UUID from a namespace digit and a number, readable in failures. */
export function uid(ns: number, n: number): string {
  return `${ns.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
export const windowId = (n: number) => uid(1, n);
export const staffId = (n: number) => uid(2, n);
export const recordId = (n: number) => uid(3, n);
export const FLOOR = uid(9, 1);

export function hallWindow(n: number, kind: WindowKind = 'approval'): HallWindow {
  return {
    id: windowId(n),
    floorId: FLOOR,
    number: String(n),
    name: `窗口${n}`,
    department: '市场监管局',
    kind,
    position: n,
  };
}

export function staff(n: number, window: number, post: Staff['post'] = 'A'): Staff {
  return { id: staffId(n), name: `员工${n}`, windowId: windowId(window), post, phone: null };
}

let next = 1;
export function deduction(fields: Partial<DeductionRecord> & { itemCode: string }): DeductionRecord {
  return {
    id: recordId(next++),
    windowId: windowId(1),
    staffId: null,
    quantity: 1,
    status: 'active',
    source: 'patrol',
    ...fields,
  };
}

export function bonus(fields: Partial<BonusRecord> & { bonusCode: string; points: number }): BonusRecord {
  const id = recordId(next++);
  return { id, windowId: windowId(1), staffId: null, eventId: `event-${id.slice(-4)}`, ...fields };
}

/** Window-level records deducting exactly `100 − score` (0.5-point chatting; ≤ 30 points). */
export function deductTo(score: number, window: number, staff: number | null = null): DeductionRecord[] {
  const points = 100 - score;
  if (points === 0) return [];
  return [
    deduction({
      itemCode: 'CHATTING',
      quantity: points * 2,
      windowId: windowId(window),
      staffId: staff === null ? null : staffId(staff),
    }),
  ];
}

export function monthInput(fields: Partial<MonthInput> = {}): MonthInput {
  return {
    month: '2024-03',
    scheme: DEFAULT_SCHEME,
    windows: [],
    staff: [],
    deductions: [],
    bonuses: [],
    disqualifications: [],
    dutyPatrols: [],
    ...fields,
  };
}

/** The default scheme with every category's policy replaced. */
export function schemeWithPolicy(policy: 'capped' | 'no_floor', only?: string): Scheme {
  return {
    ...DEFAULT_SCHEME,
    categories: DEFAULT_SCHEME.categories.map((c) => (only === undefined || c.code === only ? { ...c, policy } : c)),
  };
}

/** A deterministic shuffle (reverse, then rotate) to show input order does not matter. */
export function shuffled<T>(list: readonly T[]): T[] {
  const r = [...list].reverse();
  const k = Math.floor(r.length / 3);
  return [...r.slice(k), ...r.slice(0, k)];
}
