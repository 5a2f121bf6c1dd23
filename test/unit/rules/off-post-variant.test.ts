import { describe, expect, it } from 'vitest';
import { absenceConversions } from '../../../src/domain';
import { assessRecords, type MonthRecords, type RecordLike } from '../../../src/domain/assessment';
import { conversionOptionsOf } from '../../../src/domain/patrol/fairness';
import { DEFAULT_SCHEME, SchemeSchema, type Scheme } from '../../../src/domain/scheme';

/** Issue #15 variant 5: the off-post conversion scored; expected values worked out by hand. */

const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const W = uid(102);
const A = uid(1);

/** 003: 擅离岗位超过半小时视为旷工半天；迟到半小时亦视为旷工半天. 004: off post 0.5 per occurrence. */
const scheme = (minutes: number, scored = true, offPostPoints = 0.5): Scheme =>
  SchemeSchema.parse({
    ...DEFAULT_SCHEME,
    items: DEFAULT_SCHEME.items.map((i) => (i.code === 'OFF_POST' ? { ...i, points: offPostPoints } : i)),
    offPost: { absenceAfterMinutes: minutes, scored },
  });

const rec = (n: number, itemCode: string, observedAt: string, returnedAt: string | null = null): RecordLike => ({
  id: uid(500 + n),
  windowId: W,
  staffId: A,
  itemCode,
  count: 1,
  status: 'active',
  observedAt,
  returnedAt,
});

const month = (s: Scheme, violations: RecordLike[]): MonthRecords => ({
  month: '2026-03',
  zone: 'Asia/Shanghai',
  scheme: s,
  windows: [
    {
      id: W,
      floorId: uid(1000),
      number: '101',
      name: '窗口',
      department: '公安局',
      kind: 'approval',
      position: 0,
    },
  ],
  staff: [{ id: A, name: '甲', windowId: W, post: 'A', phone: null }],
  violations,
});

// Off post seen at 10:00 (02:00Z), back at 10:40 (02:40Z) as the duty leader recorded: 40 minutes.
const away40 = rec(1, 'OFF_POST', '2026-03-04T02:00:00.000Z', '2026-03-04T02:40:00.000Z');

describe('variant 5: off post beyond the scheme minutes scored as half a day of absence', () => {
  it('30 minutes, scored: 40 min away → ABSENCE 1 half day (1 point) instead of OFF_POST 0.5', () => {
    const r = assessRecords(month(scheme(30), [away40]));
    // 40 > 30: the OFF_POST record is converted; ABSENCE 1 point × 1 half day: 100 − 1 = 99.
    expect(r.windows[0]!.score).toBe(99);
    const sheet = r.windows[0]!.sheet;
    expect(sheet.notCounted.map((n) => [n.recordId, n.reason])).toEqual([[away40.id, 'converted']]);
    const source = r.leaveSources!.find((s) => s.reason === 'off_post_absence')!;
    expect(source).toMatchObject({ sourceKind: 'violation', sourceId: away40.id, itemCode: 'ABSENCE', quantity: 1 });
    expect(source.explanation.zh).toContain('10:00 至 10:40（返岗时间） 脱岗超过 30 分钟（40 分钟）');
  });

  it('45 minutes: 40 min away stays one off post of 0.5 → 99.5', () => {
    expect(assessRecords(month(scheme(45), [away40])).windows[0]!.score).toBe(99.5);
  });

  it('not scored, or the default scheme: results unchanged (OFF_POST counts as recorded)', () => {
    expect(assessRecords(month(scheme(30, false), [away40])).windows[0]!.score).toBe(99.5);
    // Default: OFF_POST 1 point, no offPost field → 100 − 1 = 99, and nothing converted.
    const d = assessRecords(month(DEFAULT_SCHEME, [away40]));
    expect(d.windows[0]!.score).toBe(99);
    expect(d.windows[0]!.sheet.notCounted).toEqual([]);
  });

  it('another county, 15 minutes: 20 min away converts (20 > 15)', () => {
    const away20 = rec(2, 'OFF_POST', '2026-03-04T02:00:00.000Z', '2026-03-04T02:20:00.000Z');
    expect(assessRecords(month(scheme(15), [away20])).windows[0]!.score).toBe(99); // 100 − ABSENCE 1
    expect(assessRecords(month(scheme(30), [away20])).windows[0]!.score).toBe(99.5); // 20 ≤ 30: OFF_POST 0.5
  });

  it('seen twice a day: two OFF_POST records (0.5 + 0.5) become one half day of absence (1)', () => {
    const twice = [rec(3, 'OFF_POST', '2026-03-05T02:00:00.000Z'), rec(4, 'OFF_POST', '2026-03-05T02:10:00.000Z')];
    // Unscored: 2 × 0.5 = 1 → 99; scored: ABSENCE 1 → 99, with both records converted.
    const r = assessRecords(month(scheme(30), twice));
    expect(r.windows[0]!.score).toBe(99);
    expect(r.windows[0]!.sheet.notCounted.map((n) => n.reason)).toEqual(['converted', 'converted']);
  });

  it('arriving late: more than the minutes after the session began (08:30) is half a day of absence', () => {
    // Noted at 08:35 (00:35Z), arrived 09:05 (01:05Z): 09:05 − 08:30 = 35 > 30 → ABSENCE 1 instead of LATE_EARLY 0.5.
    const late35 = rec(5, 'LATE_EARLY', '2026-03-06T00:35:00.000Z', '2026-03-06T01:05:00.000Z');
    expect(assessRecords(month(scheme(30), [late35])).windows[0]!.score).toBe(99);
    // Arrived 08:50 (00:50Z): 20 ≤ 30, stays LATE_EARLY 0.5 → 99.5.
    const late20 = rec(6, 'LATE_EARLY', '2026-03-06T00:35:00.000Z', '2026-03-06T00:50:00.000Z');
    expect(assessRecords(month(scheme(30), [late20])).windows[0]!.score).toBe(99.5);
  });

  it('the duty leader sees the same conversion at the scheme minutes (patrol screens)', () => {
    const hall = [{ ...away40, observedAt: '2026-03-04T10:00:00+08:00', returnedAt: '2026-03-04T10:20:00+08:00' }];
    expect(absenceConversions(hall, conversionOptionsOf(scheme(15)))[0]).toMatchObject({ minutes: 20, limit: 15 });
    expect(absenceConversions(hall, conversionOptionsOf(scheme(30)))).toEqual([]);
  });

  it('is bounded: minutes 1–480, whole', () => {
    const ok = (m: number) =>
      SchemeSchema.safeParse({ ...DEFAULT_SCHEME, offPost: { absenceAfterMinutes: m, scored: true } }).success;
    expect([ok(1), ok(480), ok(0), ok(481), ok(30.5)]).toEqual([true, true, false, false, false]);
  });
});
