import { DEFAULT_HALL_TIME_ZONE } from '../../src/domain/hall-time';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bundle } from '../../src/domain/bundle/schema';
import { assessFromDb, monthLeaveSources } from '../../src/server/assessment/data';
import { migrate } from '../../src/server/db/migrate';
import { exportBundle } from '../../src/server/bundle/export';
import { BundleImportError, importBundle } from '../../src/server/bundle/import';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import {
  createPostgresDatabase,
  describeEachTarget,
  TEST_DATABASE_URL,
  type OpenedDatabase,
} from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, push, recordMutation } from './support/sync';

const MONTH = '2026-10';
const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** The CLI as a real process (tsx), with the given environment. */
async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'src', 'server', 'cli.ts'), ...args],
      {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'error', ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describeEachTarget('center bundle: export, import, assess from the CLI', (target) => {
  let h: Harness;
  let fresh: OpenedDatabase;
  let bundle: Bundle;
  let noSubstituteLeave: { id: string };
  let overstayedLeave: { id: string };
  const tmp = mkdtempSync(join(tmpdir(), 'wd-bundle-'));

  beforeAll(async () => {
    h = await createHarness(target);
    fresh = await target.open();
    await migrate(fresh.db);
    // A month with every kind of record: patrol records, an overturned dispute, a bonus, a
    // disqualification, a substitute's section record, a duty window (head1's 102) that walked no rounds.
    const cookie = (u: string) => h.loginAs(u);
    const [duty1, head1, super1, leader1] = (await Promise.all(
      ['duty1', 'head1', 'super1', 'leader1'].map(cookie),
    )) as [string, string, string, string];
    const dutyId = await h.userId('duty1');
    const headId = await h.userId('head1');
    const records = ['EATING', 'GAMING', 'LOUD'].map((itemCode, i) =>
      recordMutation(dutyId, { itemCode, observedAt: `2026-10-1${i}T10:00:00+08:00` }),
    );
    expect((await push(h.app, duty1, records)).status).toBe(200);
    // Leave of staff1 (window 102, two-person): two days filed afterwards (补办) and approved with
    // no substitute — over 1 day needs one — and a day overstayed (back on 10-23 am: 10-22 is absence).
    const [staff1] = [await h.loginAs('staff1')];
    const staff1Id = await h.userId('staff1');
    const leaderId = await h.userId('leader1');
    const superId = await h.userId('super1');
    const leaveArgs = (from: string, to: string) => ({
      id: randomUUID(),
      staffId: DEMO_IDS.window102StaffA,
      windowId: DEMO_IDS.window102,
      type: 'personal',
      from: { date: from, half: 'am' },
      to: { date: to, half: 'pm' },
      reason: '家中有事',
      attachments: [],
      extensionOf: null,
      submittedAt: new Date().toISOString(),
    });
    const leaveSent = async (c: string, userId: string, name: string, args: unknown) =>
      expect((await push(h.app, c, [envelope(userId, name, args)])).body.results[0]).toMatchObject({
        status: 'applied',
      });
    const decide = (leaveId: string, step: number) => ({
      leaveId,
      step,
      decision: 'approve',
      comment: '',
      decidedAt: new Date().toISOString(),
    });
    noSubstituteLeave = leaveArgs('2026-10-14', '2026-10-15');
    overstayedLeave = leaveArgs('2026-10-21', '2026-10-21');
    await leaveSent(staff1, staff1Id, 'leave.request', noSubstituteLeave);
    await leaveSent(head1, headId, 'leave.decide', decide(noSubstituteLeave.id, 0));
    await leaveSent(leader1, leaderId, 'leave.decide', decide(noSubstituteLeave.id, 1));
    await leaveSent(staff1, staff1Id, 'leave.request', overstayedLeave);
    await leaveSent(head1, headId, 'leave.decide', decide(overstayedLeave.id, 0));
    await leaveSent(super1, superId, 'leave.close', {
      leaveId: overstayedLeave.id,
      returnedOn: { date: '2026-10-23', half: 'am' },
      note: '超假',
      certificate: null,
      at: new Date().toISOString(),
    });
    await h.db.query(
      "insert into duty_roster (id, month, floor_id, user_id, dates) values ($1, $2, $3, $4, '{2026-10-12,2026-10-13}')",
      [randomUUID(), MONTH, DEMO_IDS.floor1, headId],
    );
    const post = (c: string, url: string, payload: unknown = {}) =>
      h.app.inject({ method: 'POST', url, headers: { cookie: c }, payload: payload as object });
    expect((await post(super1, `/api/periods/${MONTH}/close`)).statusCode).toBe(200);
    expect((await post(super1, `/api/assessments/${MONTH}/compile`)).statusCode).toBe(200);
    expect(
      (
        await post(super1, `/api/assessments/${MONTH}/bonuses`, {
          windowId: DEMO_IDS.window201,
          bonusCode: 'MEDIA_CITY',
          points: 2,
          eventId: 'news-1',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(super1, `/api/assessments/${MONTH}/disqualifications`, {
          windowId: DEMO_IDS.window201,
          code: 'COMPLAINT_OR_MEDIA',
          reason: '媒体曝光',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(super1, `/api/assessments/${MONTH}/deductions`, {
          windowId: DEMO_IDS.window102,
          staffId: DEMO_IDS.window101StaffA,
          substituteFor: DEMO_IDS.window102StaffA,
          itemCode: 'OVERDUE_CASE',
          count: 1,
          observedAt: '2026-10-20T10:00:00+08:00',
          source: 'section',
        })
      ).statusCode,
    ).toBe(201);
    expect((await post(super1, `/api/assessments/${MONTH}/open-verification`)).statusCode).toBe(200);
    const disputeId = randomUUID();
    const filed = await push(h.app, head1, [
      envelope(headId, 'dispute.file', {
        id: disputeId,
        violationId: (records[1]!.args as { id: string }).id,
        reason: '在查询业务',
        filedAt: '2026-11-02T09:00:00+08:00',
      }),
    ]);
    expect(filed.body.results[0].status).toBe('applied');
    expect(
      (await post(super1, `/api/disputes/${disputeId}/decide`, { decision: 'overturn', reason: '核实属实' }))
        .statusCode,
    ).toBe(200);
    // The window head disputes the absence from overstaying, a consequence of leave, by its id; upheld, it counts.
    const overstay = (await monthLeaveSources(h.db, MONTH, 'Asia/Shanghai')).find((s) => s.reason === 'overstay')!;
    const leaveDisputeId = randomUUID();
    const filedLeave = await push(h.app, head1, [
      envelope(headId, 'dispute.file', {
        id: leaveDisputeId,
        violationId: overstay.recordId,
        reason: '当天在外办事',
        filedAt: '2026-11-02T10:00:00+08:00',
      }),
    ]);
    expect(filedLeave.body.results[0].status).toBe('applied');
    expect(
      (await post(super1, `/api/disputes/${leaveDisputeId}/decide`, { decision: 'uphold', reason: '无请假手续' }))
        .statusCode,
    ).toBe(200);
    expect((await post(leader1, `/api/assessments/${MONTH}/approve`)).statusCode).toBe(200);
    expect((await post(super1, `/api/assessments/${MONTH}/publish`)).statusCode).toBe(201);
    bundle = await exportBundle(h.db, DEFAULT_HALL_TIME_ZONE);
  }, 120_000);
  afterAll(async () => {
    await fresh?.dispose();
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the export validates against docs/bundle.schema.json and holds every kind of record', () => {
    const schema = JSON.parse(readFileSync(join(root, 'docs', 'bundle.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    expect(validate(bundle), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...bundle, windows: [{ ...bundle.windows[0], kind: 'other' }] })).toBe(false);
    expect(bundle.violations.some((v) => v.substituteFor === DEMO_IDS.window102StaffA && v.source === 'section')).toBe(
      true,
    );
    expect(bundle.disputes.map((d) => [d.status, d.recordKind ?? 'violation']).sort()).toEqual([
      ['overturned', 'violation'],
      ['upheld', 'leave'],
    ]);
    expect(bundle.leave!.map((l) => l.id)).toEqual(expect.arrayContaining([noSubstituteLeave.id, overstayedLeave.id]));
    expect(bundle.substitutes!.length).toBeGreaterThan(0); // the demo center's covered leave
    expect(bundle.leave!.find((l) => l.id === overstayedLeave.id)).toMatchObject({
      status: 'closed',
      closure: { overstayHalfDays: 2 },
    });
    expect(bundle.bonuses).toHaveLength(1);
    expect(bundle.disqualifications).toHaveLength(1);
    expect(bundle.dutyPatrols).toEqual(
      expect.arrayContaining([{ month: MONTH, windowId: DEMO_IDS.window102, roundsRequired: 4, roundsDone: 0 }]),
    );
  });

  it('export → import into a fresh database → the same assessment, the same as published', async () => {
    const summary = await importBundle(fresh.db, bundle, DEFAULT_HALL_TIME_ZONE);
    expect(summary.inserted).toMatchObject({
      windows: bundle.windows.length,
      violations: bundle.violations.length,
      disputes: 2,
      bonuses: 1,
      disqualifications: 1,
      leave: bundle.leave!.length,
      substitutes: bundle.substitutes!.length,
    });
    const original = await assessFromDb(h.db, MONTH, DEFAULT_HALL_TIME_ZONE);
    const imported = await assessFromDb(fresh.db, MONTH, DEFAULT_HALL_TIME_ZONE);
    expect(JSON.stringify(imported)).toBe(JSON.stringify(original));
    const [published] = await h.db.query<{ result: unknown }>(
      'select result from assessment_versions where month = $1 and version = 1',
      [MONTH],
    );
    const result = typeof published!.result === 'string' ? JSON.parse(published!.result) : published!.result;
    expect(imported).toEqual(result);
    const w102 = imported.windows.find((w) => w.windowId === DEMO_IDS.window102)!;
    expect(w102.disqualifications.map((d) => d.code)).toEqual(['DUTY_NEGLECT']);
    // The consequences of leave, recomputed from the imported leave, count as published, with their source.
    const leaveRecords = w102.sheet.categories.flatMap((c) => c.records).filter((r) => r.source === 'leave');
    expect(leaveRecords.map((r) => [r.itemCode, r.quantity, r.staffId]).sort()).toEqual([
      ['ABSENCE', 2, DEMO_IDS.window102StaffA],
      ['NO_SUBSTITUTE', 1, DEMO_IDS.window102StaffA],
    ]);
    expect(imported.leaveSources!.map((s) => [s.reason, s.sourceId]).sort()).toEqual([
      ['no_substitute', noSubstituteLeave.id],
      ['overstay', overstayedLeave.id],
    ]);
    expect(w102.sheet.notCounted.map((n) => n.reason)).toEqual(['overturned']);
    // The exported bundle of the copy is the same data.
    const again = await exportBundle(fresh.db, DEFAULT_HALL_TIME_ZONE);
    const strip = (b: Bundle) => ({
      ...b,
      exportedAt: '',
      violations: b.violations.map((v) => ({ ...v, recordedBy: '', recordedByName: '' })),
      disputes: b.disputes.map((d) => ({ ...d, filedBy: '', filedByName: '' })),
      leave: b.leave!.map((l) => ({ ...l, requestedBy: '' })),
      substitutes: b.substitutes!.map((x) => ({ ...x, namedBy: '', confirmedBy: '' })),
      outings: b.outings!.map((o) => ({ ...o, registeredBy: '' })),
    });
    expect(strip(again)).toEqual(strip(bundle));
  });

  it('a re-import changes nothing, into the copy and into the original', async () => {
    for (const db of [fresh.db, h.db]) {
      const summary = await importBundle(db, bundle, DEFAULT_HALL_TIME_ZONE);
      expect(Object.values(summary.inserted).every((n) => n === 0)).toBe(true);
      expect(summary.unchanged.violations).toBe(bundle.violations.length);
    }
  });

  it('bad bundles are refused with every reason and write nothing', async () => {
    const count = async () =>
      Number((await fresh.db.query<{ n: number }>('select count(*)::int as n from violations'))[0]!.n);
    const before = await count();
    const attempt = async (value: unknown) => {
      const error = await importBundle(fresh.db, value, DEFAULT_HALL_TIME_ZONE).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BundleImportError);
      return (error as BundleImportError).problems;
    };
    expect(await attempt({ format: 'window-duty-bundle' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'windows' })]),
    );
    const renamed = { ...bundle, windows: bundle.windows.map((w, i) => (i === 0 ? { ...w, name: '改名' } : w)) };
    expect(await attempt(renamed)).toEqual([{ path: 'windows[0]', message: expect.stringContaining('other content') }]);
    const dangling = {
      ...bundle,
      violations: [...bundle.violations, { ...bundle.violations[0]!, id: randomUUID(), windowId: randomUUID() }],
    };
    expect((await attempt(dangling))[0]).toMatchObject({ path: `violations[${bundle.violations.length}].windowId` });
    const leave = {
      ...bundle,
      leave: [...bundle.leave!, { ...bundle.leave![0]!, id: randomUUID(), staffId: randomUUID() }],
    };
    expect((await attempt(leave))[0]).toMatchObject({ path: `leave[${bundle.leave!.length}].staffId` });
    const orphanDispute = {
      ...bundle,
      disputes: bundle.disputes.map((d) => (d.recordKind === 'leave' ? { ...d, windowId: randomUUID() } : d)),
    };
    expect((await attempt(orphanDispute))[0]).toMatchObject({
      path: expect.stringMatching(/^disputes\[\d\]\.windowId$/),
    });
    expect(await count()).toBe(before);
  });

  it('npm run cli -- import / assess / export as real processes reproduce the numbers', async () => {
    const file = join(tmp, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    let env: Record<string, string>;
    let drop = async () => {};
    if (target.name === 'postgres') {
      const db = await createPostgresDatabase(TEST_DATABASE_URL!);
      env = { DATABASE_URL: db.url };
      drop = db.drop;
    } else env = { DATA_DIR: join(tmp, 'data') };
    try {
      const imported = await cli(['import', file], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout).inserted.violations).toBe(bundle.violations.length);
      const assessed = await cli(['assess', '--month', MONTH], env);
      expect(assessed.code, assessed.stderr).toBe(0);
      expect(JSON.parse(assessed.stdout)).toEqual(await assessFromDb(h.db, MONTH, DEFAULT_HALL_TIME_ZONE));
      // The CLI's output shows the leave deductions with their source and the leave they come from.
      expect(assessed.stdout).toContain('NO_SUBSTITUTE');
      expect(assessed.stdout).toContain('未安排替岗');
      expect(assessed.stdout).toContain(overstayedLeave.id);
      const out = join(tmp, 'again.json');
      expect((await cli(['export', '--out', out], env)).code).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).violations).toHaveLength(bundle.violations.length);
      const broken = join(tmp, 'broken.json');
      writeFileSync(broken, JSON.stringify({ ...bundle, schemes: [] }));
      const refused = await cli(['import', broken], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('schemes');
      expect((await cli(['assess', '--month', '2026-13'], env)).code).toBe(2);
    } finally {
      await drop();
    }
  }, 120_000);
});
