import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SCHEME, type Scheme } from '../../src/domain';
import type { MonthAssessment } from '../../src/domain/assessment';
import { bundleJsonSchema, type Bundle } from '../../src/domain/bundle/schema';
import { DEFAULT_HALL_TIME_ZONE } from '../../src/domain/hall-time';
import { hallMonth, previousMonth } from '../../src/server/admin/common';
import { assessFromDb } from '../../src/server/assessment/data';
import { exportBundle } from '../../src/server/bundle/export';
import { importBundle } from '../../src/server/bundle/import';
import { migrate } from '../../src/server/db/migrate';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget, type OpenedDatabase } from './support/databases';
import { createHarness, type Harness } from './support/harness';

/**
 * Issue #15 "done when" for points 1, 2, 3, 8, 9: each source's reading set through the admin API
 * the console's scheme editor uses, the preview of last month under the draft shows the
 * difference, and the month assessed from an exported bundle under the saved version
 * (`npm run cli -- assess --month M --scheme-version N` → assessFromDb) gives the same numbers.
 */

const READINGS: Record<string, Scheme> = {
  domain: DEFAULT_SCHEME,
  // 003 §7.2 "按窗口总数的15%和30%"; §7.7 "取消窗口年度评先评优资格".
  '003': {
    ...DEFAULT_SCHEME,
    name: '003',
    honourBase: 'all_windows',
    disqualificationPeriods: [{ code: 'CORRUPT_CONDUCT', periods: ['year'] }],
  },
  // 004 值班要求 "当月不得评为红旗窗口"; outings over the limit cost allowance, not points.
  '004': {
    ...DEFAULT_SCHEME,
    name: '004',
    dutyNeglect: { removes: ['red_flag'], threshold: { kind: 'rounds_missed', atLeast: 1 } },
    items: DEFAULT_SCHEME.items.map((i) => (i.code === 'OUTING_OVER_LIMIT' ? { ...i, points: 0 } : i)),
  },
  // The county: "人员附加分加满5分为止", deductions "不封顶", people ranked as well.
  county: {
    ...DEFAULT_SCHEME,
    name: 'county',
    staffBonusCap: 5,
    ranking: 'both',
    categories: DEFAULT_SCHEME.categories.map((c) => ({ ...c, policy: 'no_floor' as const })),
  },
};

interface PreviewSide {
  score: number;
  rank: number | null;
  honour: string | null;
}
interface Preview {
  month: string;
  changedWindows: number;
  current: { version: number };
  draft: { version: number };
  windows: { windowId: string; number: string; current: PreviewSide; draft: PreviewSide; delta: number }[];
  staff: {
    staffId: string;
    current: number;
    draft: number;
    delta: number;
    currentRank: number | null;
    draftRank: number | null;
    currentHonour: string | null;
    draftHonour: string | null;
  }[];
}

describeEachTarget('#15 scoring variants: console preview = assess from an exported bundle', (target) => {
  let h: Harness;
  let fresh: OpenedDatabase;
  let oldCenter: OpenedDatabase;
  let su: string;
  const month = previousMonth(hallMonth());
  const previews: Record<string, Preview> = {};
  const versions: Record<string, number> = {};
  const number = new Map<string, string>();

  const req = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      headers: { cookie: su },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const w = (p: Preview, n: string) => p.windows.find((x) => x.number === n)!;

  beforeAll(async () => {
    h = await createHarness(target);
    su = await h.loginAs('super1');
    fresh = await target.open();
    await migrate(fresh.db);
    oldCenter = await target.open();
    await migrate(oldCenter.db);
    const superId = await h.userId('super1');
    const windows = await h.db.query<{ id: string; number: string }>('select id, number from windows order by number');
    for (const x of windows) number.set(x.id, x.number);
    const staff = await h.db.query<{ id: string; window_id: string }>('select id, window_id from staff order by id');
    const insert = (windowId: string, staffId: string | null, item: string, count: number, source = 'patrol') =>
      h.db.query(
        `insert into violations (id, window_id, staff_id, item_code, count, observed_at, recorded_by, device_recorded_at, server_received_at, clock_skew_ms, status, source)
         values ($1, $2, $3, $4, $5, $6, $7, $6, $6, 0, 'active', $8)`,
        [randomUUID(), windowId, staffId, item, count, `${month}-15T10:00:00+08:00`, superId, source],
      );
    // Distinct scores: the k-th window by number loses 0.5 × (k + 1) (chatting), its first person with it.
    for (const [k, x] of windows.entries())
      await insert(x.id, staff.find((s) => s.window_id === x.id)?.id ?? null, 'CHATTING', k + 1);
    // Three short outings over the limit at 102 (DOMAIN 0.5 each; 004: 0).
    await insert(DEMO_IDS.window102, DEMO_IDS.window102StaffA, 'OUTING_OVER_LIMIT', 3, 'leave');
    // Two bonus events of 5 for 102's person A (DOMAIN cap 20 → +10; county person cap 5 → +5).
    for (const [code, event] of [
      ['GOV_COMMENDATION', 'e1'],
      ['MEDIA_PROVINCE', 'e2'],
    ])
      await h.db.query(
        `insert into bonus_records (id, month, window_id, staff_id, bonus_code, points, event_id, recorded_by)
         values ($1, $2, $3, $4, $5, 5, $6, $7)`,
        [randomUUID(), month, DEMO_IDS.window102, DEMO_IDS.window102StaffA, code, event, superId],
      );
    // 101 (the top window) disqualified for 吃拿卡要; 109 (the top approval window) missed a round of duty.
    await h.db.query(
      `insert into disqualification_records (id, month, window_id, code, reason, recorded_by) values ($1, $2, $3, 'CORRUPT_CONDUCT', '吃拿卡要', $4)`,
      [randomUUID(), month, DEMO_IDS.window101, superId],
    );
    const w109 = windows.find((x) => x.number === '109')!.id;
    await h.db.query(
      'insert into duty_patrol_records (month, window_id, rounds_required, rounds_done) values ($1, $2, 40, 39)',
      [month, w109],
    );

    // Each reading: preview last month under the draft, then save it (from this month on).
    for (const [name, scheme] of Object.entries(READINGS)) {
      const preview = await req('POST', '/api/admin/schemes/preview', { scheme, month });
      expect(preview.statusCode, preview.body).toBe(200);
      previews[name] = preview.json();
      const saved = await req('POST', '/api/admin/schemes', { effectiveFrom: hallMonth(), scheme });
      expect(saved.statusCode, saved.body).toBe(201);
      versions[name] = saved.json().scheme.version;
    }
  }, 180_000);
  afterAll(async () => {
    await fresh?.dispose();
    await oldCenter?.dispose();
    await h?.close();
  });

  it('DOMAIN: the default scheme as a draft changes nothing', () => {
    const p = previews.domain!;
    expect(p.changedWindows).toBe(0);
    expect(p.staff).toEqual([]);
    expect(w(p, '101').current.honour).toBeNull(); // disqualified, every period
    expect(w(p, '109').current.honour).toBeNull(); // duty neglect, every honour
  });

  it('003: honours of all windows together; 101’s disqualification bars only the year', () => {
    const p = previews['003']!;
    // 101 (99.5) is second of all only to 102 (100 − 1 − 1.5 + 10 bonus = 107.5).
    expect(w(p, '101').draft).toMatchObject({ rank: 2, honour: 'red_flag' });
    expect(p.changedWindows).toBeGreaterThan(1);
    // Places from all windows: red = round(0.15 × all) awarded down one list, whatever the group.
    const all = p.windows.length;
    const reds = p.windows.filter((x) => x.draft.honour === 'red_flag').length;
    expect(reds).toBe(Math.floor((15 * all + 50) / 100));
  });

  it('004: the neglectful duty window 109 loses red flag only; outings over the limit deduct 0', () => {
    const p = previews['004']!;
    expect(w(p, '109').current.honour).toBeNull();
    expect(w(p, '109').draft.honour).toBe('advanced');
    // 102: 3 outings × 0.5 = 1.5 no longer deducted.
    expect(w(p, '102').delta).toBe(1.5);
  });

  it('county: a person’s bonus capped at 5, people ranked per group', () => {
    const p = previews.county!;
    const a = p.staff.find((s) => s.staffId === DEMO_IDS.window102StaffA)!;
    // +10 (two events of 5, cap 20) → +5 (person cap 5).
    expect(a.delta).toBe(-5);
    expect(a.currentRank).toBeNull();
    expect(a.draftRank).toEqual(expect.any(Number));
    expect(w(p, '102').delta).toBe(0); // the window's cap is still 20
  });

  it('the export carries the variants (JSON Schema valid); assess under each saved version = its preview', async () => {
    const bundle: Bundle = await exportBundle(h.db, DEFAULT_HALL_TIME_ZONE);
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(bundleJsonSchema());
    expect(validate(bundle), JSON.stringify(validate.errors)).toBe(true);
    expect(bundle.schemes.find((s) => s.version === versions['004'])!.scheme.dutyNeglect).toEqual(
      READINGS['004']!.dutyNeglect,
    );
    await importBundle(fresh.db, JSON.parse(JSON.stringify(bundle)), DEFAULT_HALL_TIME_ZONE);
    for (const [name, version] of Object.entries(versions)) {
      const result = await assessFromDb(fresh.db, month, DEFAULT_HALL_TIME_ZONE, { schemeVersion: version });
      expectSame(previews[name]!, result, 'draft');
    }
    // Without --scheme-version: the version in force for the month, i.e. the preview's "current".
    expectSame(previews['004']!, await assessFromDb(fresh.db, month, DEFAULT_HALL_TIME_ZONE), 'current');
    await expect(assessFromDb(fresh.db, month, DEFAULT_HALL_TIME_ZONE, { schemeVersion: 999 })).rejects.toThrow(
      /No valid scheme version 999/,
    );
  });

  it('an old bundle (schemes without the #15 fields) still imports and scores as before', async () => {
    const bundle = await exportBundle(h.db, DEFAULT_HALL_TIME_ZONE);
    const old = { ...bundle, schemes: bundle.schemes.filter((s) => s.version === previews.domain!.current.version) };
    for (const s of old.schemes)
      for (const f of ['dutyNeglect', 'honourBase', 'disqualificationPeriods', 'staffBonusCap', 'ranking'])
        expect(s.scheme).not.toHaveProperty(f);
    await importBundle(oldCenter.db, JSON.parse(JSON.stringify(old)), DEFAULT_HALL_TIME_ZONE);
    expectSame(previews.domain!, await assessFromDb(oldCenter.db, month, DEFAULT_HALL_TIME_ZONE), 'current');
  });

  it('bad variant fields are a 400, never stored', async () => {
    for (const bad of [
      { dutyNeglect: { removes: ['red_flag'], threshold: { kind: 'share_done', below: 2 } } },
      { honourBase: 'floor' },
      { disqualificationPeriods: [{ code: 'CORRUPT_CONDUCT', periods: ['week'] }] },
      { staffBonusCap: -1 },
      { ranking: 'departments' },
    ]) {
      const res = await req('POST', '/api/admin/schemes/preview', { scheme: { ...DEFAULT_SCHEME, ...bad }, month });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  function expectSame(p: Preview, result: MonthAssessment, side: 'current' | 'draft') {
    expect(result.windows.length).toBe(p.windows.length);
    for (const x of p.windows) {
      const r = result.windows.find((y) => y.windowId === x.windowId)!;
      expect({ score: r.score, rank: r.rank, honour: r.honour }, x.number).toEqual(x[side]);
    }
    for (const s of p.staff) {
      const r = result.staff.find((y) => y.staffId === s.staffId)!;
      expect(r.score).toBe(s[side]);
      expect(r.rank ?? null).toBe(side === 'draft' ? s.draftRank : s.currentRank);
      expect(r.honour ?? null).toBe(side === 'draft' ? s.draftHonour : s.currentHonour);
    }
  }
});
