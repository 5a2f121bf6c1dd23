import { describe, expect, it } from 'vitest';
import {
  assessMonth,
  dutyPatrolsOf,
  latestVersion,
  monthInputFromRecords,
  PeriodLabelSchema,
  periodFromVersions,
  periodMonths,
  provisionalAssessment,
  rankingRows,
  recordMonth,
  countsInMonth,
  schemeInForceFor,
  windowExplanation,
  type BonusEntry,
  type RecordLike,
} from '../../../src/domain/assessment';
import type { DutyRoster } from '../../../src/domain/patrol/roster';
import type { LocalViolation, SchemeRow } from '../../../src/app/db/database';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { hallWindow, recordId, staff, staffId, uid, windowId } from './fixtures';

const ZONE = 'Asia/Shanghai';

const rec = (n: number, fields: Partial<RecordLike>): RecordLike => ({
  id: recordId(n),
  windowId: windowId(1),
  staffId: null,
  itemCode: 'UNTIDY',
  count: 1,
  status: 'active',
  observedAt: '2024-03-05T02:00:00Z',
  ...fields,
});

describe('stored records → the engine input', () => {
  it("a substitute's record deducts the window stood in at, not the person covered (DOMAIN §7)", () => {
    // staff 9 works at window 2 and stands in at window 1 for staff 1.
    const a = assessMonth(
      monthInputFromRecords({
        month: '2024-03',
        zone: ZONE,
        scheme: DEFAULT_SCHEME,
        windows: [hallWindow(1), hallWindow(2)],
        staff: [staff(1, 1), staff(9, 2)],
        violations: [rec(1, { staffId: staffId(9), substituteFor: staffId(1), itemCode: 'EATING' })],
      }),
    );
    const score = (id: string) => a.windows.find((w) => w.windowId === id)!.score;
    const person = (id: string) => a.staff.find((s) => s.staffId === id)!.score;
    expect(score(windowId(1))).toBe(98);
    expect(score(windowId(2))).toBe(100);
    expect(person(staffId(1))).toBe(100);
    expect(person(staffId(9))).toBe(98);
    expect(a.windows.find((w) => w.windowId === windowId(1))!.sheet.categories[0]!.records[0]).toMatchObject({
      substituteFor: staffId(1),
      staffId: staffId(9),
    });
  });

  it.each([
    ['2024-03-31T15:59:59Z', ZONE, '2024-03'],
    ['2024-03-31T16:00:00.000Z', ZONE, '2024-04'], // 04-01 00:00 in Shanghai: the hall's month, as recording and closing count it
    ['2024-04-01T00:00:00+08:00', ZONE, '2024-04'],
    ['2024-04-30T23:59:59.999+08:00', ZONE, '2024-04'],
    ['2024-04-01T00:00:00+08:00', 'UTC', '2024-03'],
    ['2024-04-01T03:59:59.999Z', 'America/New_York', '2024-03'], // EDT, UTC−4
    ['2024-04-01T04:00:00.000Z', 'America/New_York', '2024-04'],
    ['2024-12-31T16:00:00.000Z', ZONE, '2025-01'],
  ])('a record observed %s in %s counts in %s', (observedAt, zone, month) => {
    expect(recordMonth(observedAt, zone)).toBe(month);
    expect(countsInMonth(month, zone)(observedAt)).toBe(true);
    expect(countsInMonth('2023-01', zone)(observedAt)).toBe(false);
    expect(countsInMonth(month.slice(0, 6), zone)(observedAt)).toBe(false);
    const input = monthInputFromRecords({
      month,
      zone,
      scheme: DEFAULT_SCHEME,
      windows: [],
      staff: [],
      violations: [rec(1, { observedAt }), rec(2, { observedAt: '2023-01-01T00:00:00Z' })],
    });
    expect(input.deductions.map((d) => d.id)).toEqual([recordId(1)]);
  });

  it('counts every instant in exactly the month recordMonth names, stored ("…Z") or with an offset, across month ends', () => {
    const months = ['2024-02', '2024-03', '2024-04'].map((m) => [m, countsInMonth(m, ZONE)] as const);
    // Every 7 minutes from 03-31 12:00 to 04-01 12:00 UTC, as stored (UTC) and as a phone writes it (+08:00).
    for (let t = Date.parse('2024-03-31T12:00:00Z'); t < Date.parse('2024-04-01T12:00:00Z'); t += 7 * 60_000) {
      const stored = new Date(t).toISOString();
      const local = new Date(t + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      for (const observedAt of [stored, local]) {
        const named = recordMonth(observedAt, ZONE);
        expect(months.filter(([, counts]) => counts(observedAt)).map(([m]) => m)).toEqual([named]);
      }
    }
  });

  it('keeps withdrawn records (explained as not counted), sources, bonuses of the month and active disqualifications only', () => {
    const bonus = (n: number, month: string, status: BonusEntry['status'] = 'active'): BonusEntry => ({
      id: recordId(200 + n),
      month,
      windowId: windowId(1),
      staffId: null,
      bonusCode: 'PUBLIC_THANKS',
      points: 3,
      eventId: `e${n}`,
      note: '',
      status,
    });
    const input = monthInputFromRecords({
      month: '2024-03',
      zone: ZONE,
      scheme: DEFAULT_SCHEME,
      windows: [hallWindow(1)],
      staff: [],
      violations: [rec(1, { status: 'withdrawn' }), rec(2, { source: 'section', itemCode: 'OVERDUE_CASE', count: 3 })],
      bonuses: [bonus(1, '2024-03'), bonus(2, '2024-02'), bonus(3, '2024-03', 'withdrawn')],
      disqualifications: [
        {
          id: uid(8, 1),
          month: '2024-03',
          windowId: windowId(1),
          code: 'SELF_SET_FEES',
          reason: '擅自收费',
          status: 'active',
        },
        {
          id: uid(8, 2),
          month: '2024-03',
          windowId: windowId(1),
          code: 'CORRUPT_CONDUCT',
          reason: 'entered in error',
          status: 'withdrawn',
        },
      ],
    });
    expect(input.deductions.map((d) => [d.status, d.source])).toEqual([
      ['withdrawn', 'patrol'],
      ['active', 'section'],
    ]);
    expect(input.bonuses.map((b) => [b.id, b.status])).toEqual([
      [recordId(201), 'active'],
      [recordId(203), 'withdrawn'],
    ]);
    expect(input.disqualifications).toEqual([{ windowId: windowId(1), code: 'SELF_SET_FEES', reason: '擅自收费' }]);
    const w = assessMonth(input).windows[0]!;
    expect(w.score).toBe(100 - 3 + 3);
    expect(w.disqualifications.map((d) => d.code)).toEqual(['SELF_SET_FEES']);
  });
});

describe('duty windows that missed rounds (DOMAIN §2, §5.7)', () => {
  const FLOOR = uid(9, 1);
  const head = uid(5, 1);
  const dutyLeader = uid(5, 2);
  const entry = (userId: string, dates: string[]): DutyRoster => ({
    id: uid(6, dates.length),
    month: '2024-03',
    floorId: FLOOR,
    userId,
    userName: 'x',
    dates,
    standIns: [],
  });
  const round = (leaderId: string, day: string, slot: number) => ({
    floorId: FLOOR,
    leaderId,
    day,
    slot,
    finished: true,
  });
  const windowOf = new Map<string, string | null>([
    [head, windowId(3)],
    [dutyLeader, null],
  ]);

  it.each([
    [
      'all rounds walked',
      [
        round(head, '2024-03-04', 0),
        round(head, '2024-03-04', 1),
        round(head, '2024-03-05', 0),
        round(head, '2024-03-05', 1),
      ],
      4,
      false,
    ],
    [
      'one round missed',
      [round(head, '2024-03-04', 0), round(head, '2024-03-04', 1), round(head, '2024-03-05', 0)],
      3,
      true,
    ],
    [
      'the same slot twice counts once',
      [
        round(head, '2024-03-04', 0),
        round(head, '2024-03-04', 0),
        round(head, '2024-03-05', 0),
        round(head, '2024-03-05', 1),
      ],
      3,
      true,
    ],
  ])('%s', (_what, rounds, done, neglect) => {
    const patrols = dutyPatrolsOf('2024-03', [entry(head, ['2024-03-04', '2024-03-05'])], rounds, 2, windowOf);
    expect(patrols).toEqual([{ windowId: windowId(3), roundsRequired: 4, roundsDone: done }]);
    // Four windows (15 % of 4 rounds to one red flag); window 3 scores highest.
    const others = [4, 5, 6].map((n) => rec(n, { windowId: windowId(n) }));
    const a = assessMonth(
      monthInputFromRecords({
        month: '2024-03',
        zone: ZONE,
        scheme: DEFAULT_SCHEME,
        windows: [3, 4, 5, 6].map((n) => hallWindow(n)),
        staff: [],
        violations: others,
        dutyPatrols: patrols,
      }),
    );
    expect(a.windows[0]!.disqualifications.map((d) => d.code)).toEqual(neglect ? ['DUTY_NEGLECT'] : []);
    // Disqualified windows keep score and rank but get no honour.
    expect(a.windows[0]!.honour).toBe(neglect ? null : 'red_flag');
    expect(a.windows[0]!.rank).toBe(1);
  });

  it('an officer with no window makes no duty window', () => {
    expect(dutyPatrolsOf('2024-03', [entry(dutyLeader, ['2024-03-04'])], [], 2, windowOf)).toEqual([]);
  });

  it('days still to come are left out of a month in progress', () => {
    const [p] = dutyPatrolsOf(
      '2024-03',
      [entry(head, ['2024-03-04', '2024-03-25'])],
      [round(head, '2024-03-04', 0), round(head, '2024-03-04', 1)],
      2,
      windowOf,
      '2024-03-10',
    );
    expect(p).toEqual({ windowId: windowId(3), roundsRequired: 2, roundsDone: 2 });
  });
});

describe('provisional, published', () => {
  const schemes = [
    { version: 1, effectiveFrom: '2024-01', scheme: DEFAULT_SCHEME },
    { version: 2, effectiveFrom: '2024-04', scheme: { ...DEFAULT_SCHEME, version: 2, base: 120 } },
    { version: 3, effectiveFrom: '2024-05', scheme: { broken: true } },
  ];
  it('a month is assessed under the version in force for it', () => {
    expect(schemeInForceFor(schemes, '2024-03')?.version).toBe(1);
    expect(schemeInForceFor(schemes, '2024-04')?.base).toBe(120);
    expect(schemeInForceFor(schemes, '2024-05')).toBeNull(); // a version that does not parse is not guessed around
    expect(schemeInForceFor([], '2024-05')).toBeNull();
  });

  it('this month so far: labelled provisional, with the time of its data', () => {
    const p = provisionalAssessment({
      month: '2024-04',
      zone: ZONE,
      schemes,
      windows: [hallWindow(1), hallWindow(2)],
      staff: [],
      violations: [rec(1, { observedAt: '2024-04-02T02:00:00Z', itemCode: 'GAMING' })],
      dataAsOf: '2024-04-02T03:00:00.000Z',
      complete: true,
    })!;
    expect(p).toMatchObject({
      kind: 'provisional',
      month: '2024-04',
      dataAsOf: '2024-04-02T03:00:00.000Z',
      complete: true,
    });
    expect(p.label.zh).toMatch('暂计');
    expect(p.result.schemeVersion).toBe(2);
    expect(p.result.windows.map((w) => w.score)).toEqual([115, 120]);
    const rows = rankingRows(p.result);
    expect(rows.map((r) => [r.number, r.rank, r.score, r.deductionsTaken])).toEqual([
      ['2', 1, 120, 0],
      ['1', 2, 115, 5],
    ]);
    expect(windowExplanation(p.result, windowId(1))!.window.sheet.categories[0]!.records[0]!.itemCode).toBe('GAMING');
    expect(windowExplanation(p.result, uid(1, 99))).toBeNull();
  });

  it('the latest version: newest month, then highest version', () => {
    const v = (month: string, version: number) => ({ month, version });
    const list = [v('2024-02', 1), v('2024-03', 1), v('2024-03', 2), v('2024-01', 5)];
    expect(latestVersion(list)).toEqual(v('2024-03', 2));
    expect(latestVersion(list, '2024-01')).toEqual(v('2024-01', 5));
    expect(latestVersion(list, '2024-09')).toBeNull();
  });
});

describe('quarter and year from published versions', () => {
  it.each([
    ['2026-Q1', ['2026-01', '2026-02', '2026-03']],
    ['2026-Q4', ['2026-10', '2026-11', '2026-12']],
  ])('%s has the months %j', (label, months) => expect(periodMonths(label)).toEqual(months));

  it('a year has twelve months; PeriodLabelSchema takes YYYY or YYYY-Qn only', () => {
    expect(periodMonths('2026')).toHaveLength(12);
    expect(['2026', '2026-Q3'].map((l) => PeriodLabelSchema.safeParse(l).success)).toEqual([true, true]);
    expect(['2026-Q5', '26', '2026-03'].map((l) => PeriodLabelSchema.safeParse(l).success)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('uses the latest version of each published month and grades the staff', () => {
    const month = (m: string, score: number) =>
      assessMonth(
        monthInputFromRecords({
          month: m,
          zone: ZONE,
          scheme: DEFAULT_SCHEME,
          windows: [hallWindow(1)],
          staff: [staff(1, 1)],
          violations:
            score < 100
              ? [
                  rec(1, {
                    staffId: staffId(1),
                    itemCode: 'CHATTING',
                    count: (100 - score) * 2,
                    observedAt: `${m}-05T02:00:00Z`,
                  }),
                ]
              : [],
        }),
      );
    const versions = [
      { month: '2026-10', version: 1, result: month('2026-10', 90) },
      { month: '2026-10', version: 2, result: month('2026-10', 96) }, // the correction counts
      { month: '2026-11', version: 1, result: month('2026-11', 94) },
    ];
    const p = periodFromVersions('2026-Q4', versions, [
      { version: 1, effectiveFrom: '2026-01', scheme: DEFAULT_SCHEME },
    ])!;
    expect(p.publishedMonths).toEqual(['2026-10', '2026-11']);
    expect(p.staff[0]).toMatchObject({ average: 95, monthsAssessed: 2, grade: 'excellent' });
    expect(p.staff[0]!.monthly.map((m) => m.score)).toEqual([96, 94, null]);
    expect(periodFromVersions('2026-Q4', versions, [])).toBeNull();
  });
});

describe('provisional from what the phone holds', () => {
  it('takes Dexie rows as they are: pending records count, rejected ones do not', () => {
    const local: LocalViolation[] = [
      {
        ...rec(1, { itemCode: 'GAMING' }),
        deviceRecordedAt: '2024-03-05T02:00:00Z',
        note: '',
        recordedBy: uid(5, 1),
        syncState: 'synced',
        status: 'active',
      },
      {
        ...rec(2, { itemCode: 'EATING' }),
        deviceRecordedAt: '2024-03-05T02:00:00Z',
        note: '',
        recordedBy: uid(5, 1),
        syncState: 'pending',
        status: undefined,
      },
      {
        ...rec(3, { itemCode: 'SMOKING' }),
        deviceRecordedAt: '2024-03-05T02:00:00Z',
        note: '',
        recordedBy: uid(5, 1),
        syncState: 'rejected',
        rejectionCode: 'closed',
      },
    ];
    const schemes: SchemeRow[] = [{ id: uid(4, 1), version: 1, effectiveFrom: '2024-01', scheme: DEFAULT_SCHEME }];
    const p = provisionalAssessment({
      month: '2024-03',
      zone: ZONE,
      schemes,
      windows: [hallWindow(1)],
      staff: [],
      violations: local,
      dataAsOf: null,
      complete: false,
    })!;
    expect(p.result.windows[0]!.score).toBe(100 - 5 - 2);
    expect(p.complete).toBe(false);
  });
});
