import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { exportBundle } from '../../src/server/bundle/export';
import { importBundle, parseBundle } from '../../src/server/bundle/import';
import { assessPeriodFromDb } from '../../src/server/assessment/period-data';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

/**
 * Quarter and year inputs (issue #15 point 10): the 优秀 quota per period and the peer review /
 * public satisfaction imports (.xlsx/.csv, row errors, all or nothing, audited), the period
 * result blending them, and the bundle carrying them so `assess --period` reproduces it.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZONE = 'Asia/Shanghai';
const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');

describeEachTarget('period inputs', (target) => {
  let h: Harness;
  let su: string;
  const names = new Map<string, { name: string; number: string }>();
  const send = (
    step: 'preview' | 'commit',
    body: Buffer,
    type = 'text/csv',
    query = '?kind=peer_review',
    period = '2026-Q1',
  ) =>
    h.app.inject({
      method: 'POST',
      url: `/api/admin/periods/${period}/scores/${step}${query}`,
      headers: { cookie: su, 'content-type': type, 'x-file-name': encodeURIComponent('互评.csv') },
      payload: body,
    });
  const scoreCount = async () =>
    (await h.db.query<{ n: number }>('select count(*)::int as n from period_scores'))[0]!.n;
  const person = (id: string) => names.get(id)!;

  beforeAll(async () => {
    h = await createHarness(target);
    su = await h.loginAs('super1');
    for (const r of await h.db.query<{ id: string; name: string; number: string }>(
      'select s.id, s.name, w.number from staff s join windows w on w.id = s.window_id',
    ))
      names.set(r.id, { name: r.name, number: r.number });
    // Two published months of 2026-Q1.
    await seedDemoMonth(h.db, '2026-01', ZONE);
    await seedDemoMonth(h.db, '2026-02', ZONE);
  });
  afterAll(() => h?.close());

  it('a file with bad rows: every row with its number and reason, nothing saved', async () => {
    const a = person(DEMO_IDS.window102StaffA);
    const b = person(DEMO_IDS.window101StaffA);
    const file = csv([
      ['姓名', '窗口号', '分数'],
      [a.name, a.number, '96'],
      [b.name, b.number, '101'],
      ['无此人', '102', '90'],
      [a.name, a.number, '95'],
      [b.name, b.number, '-0.5'],
      [b.name, b.number, 'abc'],
    ]);
    const preview = await send('preview', file);
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 5 });
    expect(
      body.rows.map((r: { row: number; problems: { code: string }[] }) => [r.row, r.problems.map((p) => p.code)]),
    ).toEqual([
      [2, []],
      [3, ['out_of_range']],
      [4, ['unknown_person']],
      [5, ['duplicate_person']],
      [6, ['duplicate_person', 'out_of_range']],
      [7, ['duplicate_person', 'not_a_number']],
    ]);
    const commit = await send('commit', file);
    expect(commit.statusCode).toBe(422);
    expect(commit.json()).toMatchObject({ error: 'import_has_errors', details: { summary: { error: 5 } } });
    expect(await scoreCount()).toBe(0);
  });

  it('bounds: bad period, bad kind, not a file, a missing column → 4xx, never 500', async () => {
    const file = csv([['姓名', '分数']]);
    expect((await send('preview', file, 'text/csv', '?kind=peer_review', '2026-Q5')).statusCode).toBe(400);
    expect((await send('preview', file, 'text/csv', '?kind=x')).statusCode).toBe(400);
    expect((await send('preview', file, 'text/csv', '')).statusCode).toBe(400);
    const json = await h.app.inject({
      method: 'POST',
      url: '/api/admin/periods/2026-Q1/scores/preview?kind=peer_review',
      headers: { cookie: su },
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    const missing = await send(
      'preview',
      csv([
        ['姓名', '窗口号'],
        ['张三', '101'],
      ]),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('missing_columns');
    for (const quota of [-1, 1.5, 10_001, '3', null, { quota: 3 }]) {
      const r = await h.app.inject({
        method: 'PUT',
        url: '/api/admin/periods/2026-Q1/quota',
        headers: { cookie: su },
        payload: { quota: quota === null ? undefined : typeof quota === 'object' ? quota : { quota, tieRule: 'x' } },
      });
      expect(r.statusCode, JSON.stringify(quota)).toBe(400);
    }
  });

  it('a good file (.xlsx and .csv) is saved, audited, and re-importing it changes nothing', async () => {
    const a = person(DEMO_IDS.window102StaffA);
    const b = person(DEMO_IDS.window101StaffA);
    const rows = [
      ['姓名', '窗口号', '互评得分'],
      [a.name, a.number, '96'],
      [b.name, b.number, '88.5'],
    ];
    const xlsx = (await writeXlsxFile(rows.map((r) => r.map((value) => ({ value }))) as never).toBuffer()) as Buffer;
    const first = await send('commit', xlsx, XLSX);
    expect(first.statusCode).toBe(200);
    expect(first.json().summary).toEqual({ create: 2, update: 0, unchanged: 0, error: 0 });
    const again = await send('commit', csv(rows));
    expect(again.json().summary).toEqual({ create: 0, update: 0, unchanged: 2, error: 0 });
    // The public satisfaction, by staff id (a person without both scores stays on the average).
    const sat = await send(
      'commit',
      csv([
        ['人员编号', '满意度'],
        [DEMO_IDS.window102StaffA, '100'],
      ]),
      'text/csv',
      '?kind=public_satisfaction',
    );
    expect(sat.json().summary).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    const audit = await h.db.query<{ action: string; entity: string; entity_id: string; after: { summary: unknown } }>(
      "select action, entity, entity_id, after from audit_log where entity = 'period_scores' order by id",
    );
    expect(audit.map((e) => [e.action, e.entity_id])).toEqual([
      ['import', '2026-Q1/peer_review'],
      ['import', '2026-Q1/public_satisfaction'],
    ]);
    const listed = await h.app.inject({ method: 'GET', url: '/api/admin/periods/2026-Q1', headers: { cookie: su } });
    expect(listed.json().scores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ staffId: DEMO_IDS.window102StaffA, peerReview: 96, publicSatisfaction: 100 }),
        expect.objectContaining({ staffId: DEMO_IDS.window101StaffA, peerReview: 88.5, publicSatisfaction: null }),
      ]),
    );
  });

  it('the quota is entered per period, audited; only supervision may change it', async () => {
    const put = (cookie: string, quota: unknown) =>
      h.app.inject({ method: 'PUT', url: '/api/admin/periods/2026-Q1/quota', headers: { cookie }, payload: { quota } });
    expect((await put(su, { quota: 1, tieRule: 'exclude_all_tied' })).statusCode).toBe(200);
    expect((await put(await h.loginAs('leader1'), { quota: 5, tieRule: 'exclude_all_tied' })).statusCode).toBe(403);
    expect((await put(await h.loginAs('staff1'), null)).statusCode).toBe(403);
    const [row] = await h.db.query<{ quota: number }>("select quota from period_quotas where period = '2026-Q1'");
    expect(row!.quota).toBe(1);
    const [audit] = await h.db.query<{ action: string; after: unknown }>(
      "select action, after from audit_log where entity = 'period_quota' order by id desc limit 1",
    );
    expect(audit).toMatchObject({ action: 'create', after: { quota: 1, tieRule: 'exclude_all_tied' } });
    for (const who of ['staff1', 'duty1']) {
      const cookie = await h.loginAs(who);
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/admin/periods/2026-Q1/scores/commit?kind=peer_review',
        headers: { cookie, 'content-type': 'text/csv' },
        payload: csv([['姓名', '分数']]),
      });
      expect(r.statusCode).toBe(403);
    }
  });

  describe('the period result', () => {
    it('shows the blend per person and the quota applied', async () => {
      const cookie = await h.loginAs('staff1');
      const res = await h.app.inject({ method: 'GET', url: '/api/assessments/periods/2026-Q1', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      const period = res.json();
      expect(period.publishedMonths).toEqual(['2026-01', '2026-02']);
      expect(period.blendWeights).toEqual({ monthly: 0.4, peerReview: 0.3, publicSatisfaction: 0.3 });
      const a = period.staff.find((s: { staffId: string }) => s.staffId === DEMO_IDS.window102StaffA);
      // average × 0.4 + 96 × 0.3 + 100 × 0.3, rounded half up to 0.01.
      const expected = Math.round((a.average * 0.4 + 96 * 0.3 + 100 * 0.3) * 100) / 100;
      expect(a).toMatchObject({ peerReview: 96, publicSatisfaction: 100, blended: expected, basis: 'blended' });
      const b = period.staff.find((s: { staffId: string }) => s.staffId === DEMO_IDS.window101StaffA);
      expect(b).toMatchObject({ peerReview: 88.5, publicSatisfaction: null, blended: null, basis: 'average' });
      expect(period.excellentQuota).toMatchObject({ quota: 1, tieRule: 'exclude_all_tied' });
      expect(period.staff.filter((s: { grade: string }) => s.grade === 'excellent').length).toBeLessThanOrEqual(1);
      const inputs = await h.app.inject({
        method: 'GET',
        url: '/api/assessments/periods/2026-Q1/inputs',
        headers: { cookie },
      });
      expect(inputs.json()).toMatchObject({ period: '2026-Q1', quota: { quota: 1 } });
      expect(inputs.json().scores).toHaveLength(3);
    });

    it('the bundle carries quota and scores: assess --period reproduces the result in another database', async () => {
      const served = (
        await h.app.inject({
          method: 'GET',
          url: '/api/assessments/periods/2026-Q1',
          headers: { cookie: su },
        })
      ).json();
      const bundle = await exportBundle(h.db, ZONE);
      expect(bundle.periodQuotas).toEqual([{ period: '2026-Q1', quota: 1, tieRule: 'exclude_all_tied' }]);
      expect(bundle.periodScores).toHaveLength(3);
      const here = await assessPeriodFromDb(h.db, '2026-Q1', ZONE);
      expect(here.assessedMonths).toEqual(['2026-01', '2026-02']);
      const other = await createHarness(target, { seed: false });
      try {
        await importBundle(other.db, JSON.parse(JSON.stringify(bundle)), ZONE);
        const there = await assessPeriodFromDb(other.db, '2026-Q1', ZONE, ['2026-01', '2026-02']);
        const view = (p: { staff: { staffId: string; blended: number | null; score: number; grade: string }[] }) =>
          p.staff.map((s) => [s.staffId, s.blended, s.score, s.grade]);
        expect(view(there)).toEqual(view(here));
        expect(view(here)).toEqual(view(served));
        expect(there.excellentQuota).toEqual(served.excellentQuota);
        // Importing the same bundle again changes nothing.
        const again = await importBundle(other.db, JSON.parse(JSON.stringify(bundle)), ZONE);
        expect([again.inserted.periodQuotas, again.inserted.periodScores]).toEqual([0, 0]);
        expect([again.unchanged.periodQuotas, again.unchanged.periodScores]).toEqual([1, 3]);
        // A bundle of an older build (no period sections) still parses and imports.
        const { periodQuotas: _q, periodScores: _s, ...old } = bundle;
        expect(() => parseBundle(JSON.parse(JSON.stringify(old)))).not.toThrow();
      } finally {
        await other.close();
      }
    }, 240_000);
  });
});
