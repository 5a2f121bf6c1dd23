import { afterAll, beforeAll, expect, it } from 'vitest';
import { ViolationSchema, type Violation } from '../../src/domain';
import type { AssessmentVersion, MonthAssessment, PublishedSummary } from '../../src/domain/assessment';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pullAll } from './support/sync';

const MONTH = '2026-08';
const W102 = DEMO_IDS.window102;
const url = (month: string, version: string | number, windowId: string) =>
  `/api/assessments/${month}/versions/${version}/windows/${windowId}`;

describeEachTarget(
  'published months that scale: summaries on pull, a window explanation on demand (#14 §4)',
  (target) => {
    let h: Harness;
    let staff1 = '';
    let full: AssessmentVersion;

    beforeAll(async () => {
      h = await createHarness(target);
      staff1 = await h.loginAs('staff1');
      expect(await seedDemoMonth(h.db, MONTH)).toMatchObject({ seeded: true });
      full = (
        await h.app.inject({ method: 'GET', url: `/api/assessments/${MONTH}/versions/1`, headers: { cookie: staff1 } })
      ).json().version;
    });
    afterAll(() => h?.close());
    const get = (path: string, cookie = staff1) => h.app.inject({ method: 'GET', url: path, headers: { cookie } });

    it('a pull carries each version as its rankings summary: scores, ranks, honours, no score sheets', async () => {
      const pulled = (await pullAll(h.app, staff1)).changes.filter((c) => c.entity === 'assessments');
      expect(pulled).toHaveLength(1);
      const summary = pulled[0]!.data as unknown as PublishedSummary;
      expect(summary).toMatchObject({ id: full.id, month: MONTH, version: 1, publishedBy: full.publishedBy });
      expect(summary.result.groups).toEqual(full.result.groups);
      expect(summary.result.windows.map((w) => w.windowId)).toEqual(full.result.windows.map((w) => w.windowId));
      const w = summary.result.windows.find((x) => x.windowId === W102)!;
      const fw = full.result.windows.find((x) => x.windowId === W102)!;
      expect(w).toMatchObject({ score: fw.score, rank: fw.rank, honour: fw.honour });
      expect(w.deductionsTaken).toBe(fw.sheet.deductionsTaken);
      expect(w.bonusGranted).toBe(fw.sheet.bonusGranted);
      expect('sheet' in w).toBe(false);
      expect(summary.result.staff.map((s) => [s.staffId, s.score])).toEqual(
        full.result.staff.map((s) => [s.staffId, s.score]),
      );
      expect(summary.result.staff.every((s) => !('sheet' in s))).toBe(true);
      expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(full).length / 2);
    });

    it('a window explanation: the window sheet, its staff and the leave behind its lines', async () => {
      const res = await get(url(MONTH, 1, W102));
      expect(res.statusCode).toBe(200);
      const body = res.json() as { versionId: string; month: string; version: number; result: MonthAssessment };
      expect(body).toMatchObject({ versionId: full.id, month: MONTH, version: 1, windowId: W102 });
      expect(body.result.windows).toEqual([full.result.windows.find((w) => w.windowId === W102)]);
      expect(body.result.staff.filter((s) => s.windowId === W102)).toEqual(
        full.result.staff.filter((s) => s.windowId === W102),
      );
      expect(body.result.schemeVersion).toBe(full.result.schemeVersion);
      // Another window's explanation too (rankings are public in the hall).
      expect((await get(url(MONTH, 1, DEMO_IDS.window101))).json().result.windows[0].windowId).toBe(DEMO_IDS.window101);
    });

    it('the records behind the lines come with it, as the pull scopes them (older months are not on phones)', async () => {
      const supervision = await h.loginAs('super1');
      const body = (await get(url(MONTH, 1, W102), supervision)).json() as {
        result: MonthAssessment;
        records: Violation[];
      };
      const sheet = body.result.windows[0]!.sheet;
      const lineIds = [
        ...sheet.categories.flatMap((c) => c.records.map((r) => r.recordId)),
        ...sheet.notCounted.filter((n) => n.kind === 'deduction').map((n) => n.recordId),
      ];
      const stored = await h.db.query<{ id: string }>(
        'select id from violations where id::text = any($1::text[]) and deleted_at is null',
        [lineIds],
      );
      expect(stored.length).toBeGreaterThan(0);
      expect(body.records.map((r) => r.id).sort()).toEqual(stored.map((r) => r.id).sort());
      for (const record of body.records) expect(ViolationSchema.parse(record)).toEqual(record);
      // staff1 sees only their own records (DOMAIN §2), in any window's explanation.
      const me = (await get('/api/auth/me')).json().profile as { staffId: string };
      const mine = (await get(url(MONTH, 1, W102))).json().records as Violation[];
      expect(mine.every((r) => r.staffId === me.staffId)).toBe(true);
      expect(mine.length).toBeLessThan(body.records.length);
    });

    it('signed out: 401', async () => {
      expect((await h.app.inject({ method: 'GET', url: url(MONTH, 1, W102) })).statusCode).toBe(401);
    });

    it('bounded parameters: a clear 400, never a 500', async () => {
      for (const path of [
        url('2026-13', 1, W102),
        url('august', 1, W102),
        url(MONTH, 0, W102),
        url(MONTH, -1, W102),
        url(MONTH, 'one', W102),
        url(MONTH, '1.5', W102),
        url(MONTH, '99999999999', W102),
        url(MONTH, 1, 'not-a-uuid'),
        url(MONTH, 1, `${W102}x`),
      ]) {
        const res = await get(path);
        expect(res.statusCode, path).toBe(400);
        expect(res.json().error, path).toBe('invalid_request');
      }
    });

    it('a version not published or a window it does not rank: 404 with a clear message', async () => {
      const missing = await get(url(MONTH, 2, W102));
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: 'not_found', message: `${MONTH} has no published version 2.` });
      expect((await get(url('2026-07', 1, W102))).statusCode).toBe(404);
      const noWindow = await get(url(MONTH, 1, '00000000-0000-4000-8000-000000000000'));
      expect(noWindow.statusCode).toBe(404);
      expect(noWindow.json().message).toMatch(/does not rank that window/);
    });
  },
);
