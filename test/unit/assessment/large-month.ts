import type {
  BonusRecord,
  DeductionRecord,
  MonthInput,
  MonthRecords,
  RecordLike,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { hallWindow, staff, staffId, uid, windowId } from './fixtures';

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A big month: `windows` windows (60 % approval), 3 staff each, `records` deductions, bonuses and disqualifications. */
export function largeMonth({ windows = 200, staffPerWindow = 3, records = 50_000, seed = 7 } = {}): MonthInput {
  const r = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const ws = Array.from({ length: windows }, (_, i) =>
    hallWindow(i + 1, i < windows * 0.6 ? 'approval' : 'public_service'),
  );
  const people = ws.flatMap((_, w) =>
    Array.from({ length: staffPerWindow }, (_, p) =>
      staff(w * staffPerWindow + p + 1, w + 1, (['A', 'B', 'C', 'D'] as const)[p % 4]),
    ),
  );
  const items = DEFAULT_SCHEME.items.map((i) => i.code);
  const deductions: DeductionRecord[] = Array.from({ length: records }, (_, i) => {
    const w = 1 + Math.floor(r() * windows);
    const x = r();
    const substitute = x < 0.03;
    const person = substitute
      ? 1 + Math.floor(r() * people.length)
      : (w - 1) * staffPerWindow + 1 + Math.floor(r() * staffPerWindow);
    return {
      id: uid(0x30, i + 1),
      windowId: windowId(w),
      staffId: x < 0.3 && !substitute ? null : staffId(person),
      itemCode: pick(items),
      quantity: 1 + Math.floor(r() * 2),
      status: x > 0.95 ? 'withdrawn' : x > 0.9 ? 'overturned' : 'active',
      source: pick(['patrol', 'leave', 'section', 'complaint']),
      ...(substitute ? { substituteFor: staffId((w - 1) * staffPerWindow + 1) } : {}),
    };
  });
  const bonusItems = DEFAULT_SCHEME.bonus.items;
  const bonuses: BonusRecord[] = Array.from({ length: Math.floor(records / 25) }, (_, i) => {
    const w = 1 + Math.floor(r() * windows);
    const item = pick(bonusItems);
    return {
      id: uid(0x40, i + 1),
      windowId: windowId(w),
      staffId: r() < 0.5 ? null : staffId((w - 1) * staffPerWindow + 1),
      bonusCode: item.code,
      points: item.maxPoints,
      eventId: `event-${Math.floor(r() * (records / 40))}`,
    };
  });
  const codes = DEFAULT_SCHEME.disqualifications.map((d) => d.code).filter((c) => c !== 'DUTY_NEGLECT');
  return {
    month: '2024-03',
    scheme: DEFAULT_SCHEME,
    windows: ws,
    staff: people,
    deductions,
    bonuses,
    disqualifications: Array.from({ length: Math.ceil(windows / 20) }, () => ({
      windowId: windowId(1 + Math.floor(r() * windows)),
      code: pick(codes),
      reason: 'generated',
    })),
    dutyPatrols: [1, 2, 3, 4].map((n) => ({
      windowId: windowId(Math.min(n * 10, windows)),
      roundsRequired: 44,
      roundsDone: n === 4 ? 40 : 44,
    })),
  };
}

/** The same month as stored rows (what the server and the phone map with monthInputFromRecords). */
export function largeMonthAsRows(input: MonthInput): MonthRecords {
  return {
    month: input.month,
    zone: 'Asia/Shanghai',
    scheme: input.scheme,
    windows: input.windows,
    staff: input.staff,
    violations: input.deductions.map((d, n): RecordLike => ({
      id: d.id,
      windowId: d.windowId,
      staffId: d.staffId,
      itemCode: d.itemCode,
      count: d.quantity,
      status: d.status === 'withdrawn' ? 'withdrawn' : 'active',
      observedAt: `2024-03-${String(1 + (n % 28)).padStart(2, '0')}T02:00:00.000Z`,
      source: d.source,
      substituteFor: d.substituteFor ?? null,
    })),
    disputes: input.deductions
      .filter((d) => d.status === 'overturned')
      .map((d) => ({ violationId: d.id, status: 'overturned' as const })),
    bonuses: input.bonuses.map((b) => ({ ...b, month: input.month, note: '', status: 'active' as const })),
    disqualifications: [],
    dutyPatrols: input.dutyPatrols,
  };
}
