import { randomUUID } from 'node:crypto';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AssessmentVersion, MonthAssessment } from '../../src/domain/assessment';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordMutation } from './support/sync';

const MONTH = '2026-10';
const W102 = DEMO_IDS.window102;

describeEachTarget('monthly assessment cycle: compile, verify and dispute, approve, publish, correct', (target) => {
  let h: Harness;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const record: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(target);
    for (const u of ['duty1', 'head1', 'staff1', 'super1', 'leader1', 'dept1']) {
      cookies[u] = await h.loginAs(u);
      ids[u] = await h.userId(u);
    }
  });
  afterAll(() => h?.close());

  const post = (who: string, url: string, payload: unknown = {}) =>
    h.app.inject({ method: 'POST', url, headers: { cookie: cookies[who]! }, payload: payload as object });
  const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  const window102 = (result: MonthAssessment) => result.windows.find((w) => w.windowId === W102)!;
  const preliminaryScore = async () =>
    window102((await get('super1', `/api/assessments/${MONTH}`)).json().preliminary.result).score;
  const dispute = (who: string, violationId: string, reason = '当时在办理业务，并非违规') =>
    envelope(ids[who]!, 'dispute.file', {
      id: randomUUID(),
      violationId,
      reason,
      filedAt: '2026-11-03T10:00:00+08:00',
    });

  it('records of the month: patrol records on the phones', async () => {
    const items: [string, string, string | null][] = [
      ['eating', 'EATING', DEMO_IDS.window102StaffA],
      ['gaming', 'GAMING', DEMO_IDS.window102StaffB],
      ['untidy', 'UNTIDY', null],
    ];
    const mutations = items.map(([key, itemCode, staffId], i) => {
      const m = recordMutation(ids.duty1!, {
        windowId: W102,
        itemCode,
        staffId,
        observedAt: `2026-10-0${i + 5}T10:00:00+08:00`,
      });
      record[key] = (m.args as { id: string }).id;
      return m;
    });
    const other = recordMutation(ids.duty1!, {
      windowId: DEMO_IDS.window101,
      staffId: DEMO_IDS.window101StaffA,
      itemCode: 'NO_BADGE',
      observedAt: '2026-10-09T10:00:00+08:00',
    });
    record.other = (other.args as { id: string }).id;
    const { status, body } = await push(h.app, cookies.duty1!, [...mutations, other]);
    expect(status).toBe(200);
    expect(body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
  });

  it('nothing can be compiled or disputed while the month is open', async () => {
    expect((await post('super1', `/api/assessments/${MONTH}/compile`)).json()).toMatchObject({ error: 'wrong_state' });
    const { body } = await push(h.app, cookies.head1!, [dispute('head1', record.gaming!)]);
    expect(body.results[0]).toMatchObject({ status: 'rejected', code: 'closed' });
    expect((await get('head1', `/api/assessments/${MONTH}`)).json()).toMatchObject({
      state: 'open',
      preliminary: null,
      actions: [],
    });
  });

  it('closed → preliminary: only the supervision section compiles', async () => {
    expect((await post('super1', `/api/periods/${MONTH}/close`)).statusCode).toBe(200);
    for (const who of ['head1', 'leader1', 'staff1'])
      expect((await post(who, `/api/assessments/${MONTH}/compile`)).statusCode).toBe(403);
    const res = await post('super1', `/api/assessments/${MONTH}/compile`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ month: MONTH, state: 'preliminary', pendingDisputes: 0, latestVersion: null });
    expect(res.json().preliminary.dataAsOf).toMatch(/Z$/);
    expect(await preliminaryScore()).toBe(100 - 2 - 5 - 0.5);
    // Window staff do not get the preliminary result; the period state they do.
    expect((await get('staff1', `/api/assessments/${MONTH}`)).json()).toMatchObject({
      state: 'preliminary',
      preliminary: null,
    });
    expect((await get('staff1', '/api/assessments/2026-13')).statusCode).toBe(400);
  });

  it('the supervision section records bonuses and other-source deductions; the preliminary result follows', async () => {
    const bonus = {
      windowId: W102,
      bonusCode: 'PUBLIC_THANKS',
      points: 3,
      eventId: 'thanks-2026-10-12',
      note: '群众锦旗',
    };
    expect((await post('staff1', `/api/assessments/${MONTH}/bonuses`, bonus)).statusCode).toBe(403);
    const bad = await post('super1', `/api/assessments/${MONTH}/bonuses`, { ...bonus, points: 'three' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_request');
    expect((await post('super1', `/api/assessments/${MONTH}/bonuses`, { ...bonus, points: 4 })).json()).toMatchObject({
      error: 'invalid_record',
    });
    expect(
      (await post('super1', `/api/assessments/${MONTH}/bonuses`, { ...bonus, bonusCode: 'NOPE' })).statusCode,
    ).toBe(422);
    expect(
      (await post('super1', `/api/assessments/${MONTH}/bonuses`, { ...bonus, windowId: randomUUID() })).statusCode,
    ).toBe(404);
    const created = await post('super1', `/api/assessments/${MONTH}/bonuses`, bonus);
    expect(created.statusCode).toBe(201);
    record.bonus = created.json().bonus.id;
    expect(await preliminaryScore()).toBe(92.5 + 3);

    // A substitute from window 101 stood in at 102 for staff A: the case-handling section's
    // record deducts window 102 and the substitute, not the person covered (DOMAIN §7).
    const deduction = {
      windowId: W102,
      staffId: DEMO_IDS.window101StaffA,
      substituteFor: DEMO_IDS.window102StaffA,
      itemCode: 'OVERDUE_CASE',
      count: 2,
      observedAt: '2026-10-14T15:00:00+08:00',
      source: 'section',
      note: '协调管理科: 超时办件 2 件',
    };
    expect(
      (await post('super1', `/api/assessments/${MONTH}/deductions`, { ...deduction, substituteFor: null })).json(),
    ).toMatchObject({ error: 'invalid_record' });
    expect(
      (
        await post('super1', `/api/assessments/${MONTH}/deductions`, {
          ...deduction,
          observedAt: '2026-09-30T10:00:00+08:00',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await post('super1', `/api/assessments/${MONTH}/deductions`, { ...deduction, source: 'patrol' })).statusCode,
    ).toBe(400);
    const res = await post('super1', `/api/assessments/${MONTH}/deductions`, deduction);
    expect(res.statusCode).toBe(201);
    record.section = res.json().record.id;
    const result = (await get('super1', `/api/assessments/${MONTH}`)).json().preliminary.result as MonthAssessment;
    expect(window102(result).score).toBe(95.5 - 2);
    const person = (id: string) => result.staff.find((s) => s.staffId === id)!.score;
    expect(person(DEMO_IDS.window101StaffA)).toBe(100 - 1 - 2); // the substitute: own NO_BADGE at 101 and the record at 102
    expect(person(DEMO_IDS.window102StaffA)).toBe(98); // only their own EATING
    expect(result.windows.find((w) => w.windowId === DEMO_IDS.window101)!.score).toBe(99); // its own NO_BADGE only
    // The section's list of the month's other-source records (what the cycle screen offers to withdraw): no patrol records.
    const listed = (await get('super1', `/api/assessments/${MONTH}/deductions`)).json().deductions as {
      id: string;
      source: string;
      status: string;
    }[];
    expect(listed.map((d) => [d.id, d.source, d.status])).toEqual([[record.section, deduction.source, 'active']]);
    expect((await get('staff1', `/api/assessments/${MONTH}/deductions`)).statusCode).toBe(403);
  });

  it('verification: the window head disputes records of the window only, once each, with a reason (offline mutation)', async () => {
    expect((await post('head1', `/api/assessments/${MONTH}/open-verification`)).statusCode).toBe(403);
    expect((await post('super1', `/api/assessments/${MONTH}/open-verification`)).json()).toMatchObject({
      state: 'verification',
    });
    const gaming = dispute('head1', record.gaming!);
    const eating = dispute('head1', record.eating!);
    const { body } = await push(h.app, cookies.head1!, [
      gaming,
      eating,
      dispute('head1', record.gaming!), // the same record again
      dispute('head1', record.other!), // another window's record
      dispute('head1', randomUUID()),
      envelope(ids.head1!, 'dispute.file', {
        id: randomUUID(),
        violationId: record.untidy,
        reason: ' ',
        filedAt: '2026-11-03T10:00:00+08:00',
      }),
    ]);
    expect(body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'applied',
      'applied',
      'conflict',
      'forbidden',
      'not_found',
      'invalid',
    ]);
    expect((await push(h.app, cookies.staff1!, [dispute('staff1', record.untidy!)])).body.results[0]).toMatchObject({
      code: 'forbidden',
    });
    // A replay gets its first outcome and files nothing twice.
    expect((await push(h.app, cookies.head1!, [gaming])).body.results[0]).toMatchObject({ status: 'applied' });
    const [{ n }] = (await h.db.query<{ n: number }>('select count(*)::int as n from disputes')) as [{ n: number }];
    expect(n).toBe(2);
    record.gamingDispute = (gaming.args as { id: string }).id;
    record.eatingDispute = (eating.args as { id: string }).id;

    // Synced to the head (and supervision), not to staff or department leaders.
    const disputesOf = async (who: string) =>
      (await pullAll(h.app, cookies[who]!)).changes.filter((c) => c.entity === 'disputes');
    expect((await disputesOf('head1')).map((c) => c.data!.status)).toEqual(['pending', 'pending']);
    expect(await disputesOf('super1')).toHaveLength(2);
    expect(await disputesOf('staff1')).toHaveLength(0);
    expect(await disputesOf('dept1')).toHaveLength(0);
    expect((await get('head1', `/api/assessments/${MONTH}/disputes`)).json().disputes).toHaveLength(2);
    expect((await get('staff1', `/api/assessments/${MONTH}/disputes`)).statusCode).toBe(403);
  });

  it('approval waits for every dispute; the supervision section overturns one and upholds the other, with reasons', async () => {
    expect((await post('leader1', `/api/assessments/${MONTH}/approve`)).json()).toMatchObject({
      error: 'pending_disputes',
    });
    const decide = (who: string, id: string, payload: unknown) => post(who, `/api/disputes/${id}/decide`, payload);
    expect((await decide('head1', record.gamingDispute!, { decision: 'overturn', reason: 'x' })).statusCode).toBe(403);
    expect((await decide('super1', record.gamingDispute!, { decision: 'overturn' })).statusCode).toBe(400);
    expect((await decide('super1', randomUUID(), { decision: 'overturn', reason: 'x' })).statusCode).toBe(404);
    const overturned = await decide('super1', record.gamingDispute!, {
      decision: 'overturn',
      reason: '监控显示当时在查询业务系统',
    });
    expect(overturned.statusCode).toBe(200);
    expect(overturned.json().dispute).toMatchObject({
      status: 'overturned',
      decisionReason: '监控显示当时在查询业务系统',
      decidedBy: ids.super1,
    });
    expect(await preliminaryScore()).toBe(93.5 + 5);
    expect(
      (await decide('super1', record.eatingDispute!, { decision: 'uphold', reason: '照片清楚' })).json().dispute.status,
    ).toBe('upheld');
    expect(await preliminaryScore()).toBe(98.5);
    expect(
      (await decide('super1', record.eatingDispute!, { decision: 'overturn', reason: 'again' })).json(),
    ).toMatchObject({ error: 'already_decided' });
    const explained = window102((await get('super1', `/api/assessments/${MONTH}`)).json().preliminary.result);
    expect(explained.sheet.notCounted).toEqual([
      expect.objectContaining({ recordId: record.gaming, reason: 'overturned' }),
    ]);
  });

  it('approval by the center leader freezes the records; publication makes version 1, immutable', async () => {
    expect((await post('super1', `/api/assessments/${MONTH}/approve`)).statusCode).toBe(403);
    expect((await post('leader1', `/api/assessments/${MONTH}/approve`)).json()).toMatchObject({ state: 'approved' });
    expect(
      (
        await post('super1', `/api/assessments/${MONTH}/bonuses`, {
          windowId: W102,
          bonusCode: 'INFO_ADOPTED',
          points: 1,
          eventId: 'e',
        })
      ).json(),
    ).toMatchObject({ error: 'wrong_state' });
    expect((await push(h.app, cookies.head1!, [dispute('head1', record.untidy!)])).body.results[0]).toMatchObject({
      code: 'closed',
    });
    expect((await post('head1', `/api/assessments/${MONTH}/publish`)).statusCode).toBe(403);
    const published = await post('super1', `/api/assessments/${MONTH}/publish`);
    expect(published.statusCode).toBe(201);
    const v1 = published.json().version as AssessmentVersion;
    expect(v1).toMatchObject({
      month: MONTH,
      version: 1,
      reason: null,
      approvedBy: ids.leader1,
      publishedBy: ids.super1,
      schemeVersion: 1,
    });
    expect(window102(v1.result).score).toBe(98.5);
    expect((await post('super1', `/api/assessments/${MONTH}/publish`)).json()).toMatchObject({ error: 'wrong_state' });
    await expect(h.db.query('update assessment_versions set reason = $1', ['tampered'])).rejects.toThrow(/immutable/);
    await expect(h.db.query('delete from assessment_versions')).rejects.toThrow(/immutable/);
    // Everyone gets the published version on pull (the phone keeps it for offline rankings).
    const pulled = (await pullAll(h.app, cookies.staff1!)).changes.filter((c) => c.entity === 'assessments');
    expect(pulled.map((c) => [c.data!.month, c.data!.version])).toEqual([[MONTH, 1]]);
    expect(window102((pulled[0]!.data as unknown as AssessmentVersion).result).score).toBe(98.5);
  });

  it('a correction after publication is version 2 with its reason; both stay viewable', async () => {
    expect(
      (await post('super1', `/api/bonuses/${record.bonus}/withdraw`, { reason: '锦旗经核实为其他窗口' })).statusCode,
    ).toBe(200);
    expect((await post('super1', `/api/assessments/${MONTH}/corrections`, {})).statusCode).toBe(400);
    expect((await post('leader1', `/api/assessments/${MONTH}/corrections`, { reason: 'x' })).statusCode).toBe(403);
    const res = await post('super1', `/api/assessments/${MONTH}/corrections`, {
      reason: '附加分更正：锦旗为其他窗口所得',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toMatchObject({
      version: 2,
      reason: '附加分更正：锦旗为其他窗口所得',
      approvedBy: null,
    });
    const versions = (await get('staff1', `/api/assessments/${MONTH}/versions`)).json().versions as AssessmentVersion[];
    expect(versions.map((v) => [v.version, window102(v.result).score, v.reason])).toEqual([
      [1, 98.5, null],
      [2, 95.5, '附加分更正：锦旗为其他窗口所得'],
    ]);
    expect((await get('staff1', `/api/assessments/${MONTH}/versions/1`)).json().version.version).toBe(1);
    expect((await get('staff1', `/api/assessments/${MONTH}/versions/3`)).statusCode).toBe(404);
    expect((await get('head1', `/api/assessments/${MONTH}`)).json()).toMatchObject({
      state: 'published',
      latestVersion: 2,
      versions: [{ version: 1 }, { version: 2 }],
    });
    expect((await get('head1', '/api/assessments')).json().versions.map((v: { version: number }) => v.version)).toEqual(
      [2, 1],
    );
  });

  it('the audit log records the decisions, the approval, the publication and the correction', async () => {
    const rows = await h.db.query<{ action: string; actor_id: string; entity_id: string }>(
      "select action, actor_id, entity_id from audit_log where action in ('compile', 'open_verification', 'decide_dispute', 'approve', 'publish', 'correct') order by id",
    );
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['compile', ids.super1],
      ['open_verification', ids.super1],
      ['decide_dispute', ids.super1],
      ['decide_dispute', ids.super1],
      ['approve', ids.leader1],
      ['publish', ids.super1],
      ['correct', ids.super1],
    ]);
  });

  it('the bulletin (.xlsx): the latest published version, or a given one; preliminary only for the hall-wide roles', async () => {
    const res = await get('staff1', `/api/assessments/${MONTH}/bulletin.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheets = await readXlsxFile(res.rawPayload);
    expect(sheets.map((s) => s.sheet)).toEqual(['通报', '明细', '人员']);
    const rows = sheets[0]!.data.map((r) => r.map((c) => (c === null ? '' : String(c))));
    expect(rows[0]![0]).toBe('2026年10月窗口考评通报');
    expect(rows.some((r) => r[0]?.includes('第 2 版'))).toBe(true);
    expect(rows.some((r) => r[0]?.includes('更正说明'))).toBe(true);
    expect(rows.find((r) => r[1] === '102')!.slice(4, 7)).toEqual(['95.5', '4.5', '0']);
    const details = sheets[1]!.data.map((r) => r.map((c) => (c === null ? '' : String(c))));
    expect(details.some((r) => r[0] === '102' && r[8]?.startsWith('替岗'))).toBe(true);
    const v1 = await readXlsxFile(
      (await get('staff1', `/api/assessments/${MONTH}/bulletin.xlsx?version=1`)).rawPayload,
    );
    expect(v1[0]!.data.find((r) => r[1] === '102')![4]).toBe(98.5);
    expect((await get('staff1', `/api/assessments/${MONTH}/bulletin.xlsx?preliminary=1`)).statusCode).toBe(403);
    expect((await get('staff1', '/api/assessments/2026-01/bulletin.xlsx')).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/assessments/${MONTH}/bulletin.xlsx` })).statusCode).toBe(
      401,
    );
  });

  it('the demo month (npm run cli -- seed-month) is taken through the cycle to a published version, once', async () => {
    expect(await seedDemoMonth(h.db, '2026-08')).toEqual({ month: '2026-08', seeded: true });
    expect(await seedDemoMonth(h.db, '2026-08')).toEqual({ month: '2026-08', seeded: false });
    const [v1] = (await get('head1', '/api/assessments/2026-08/versions')).json().versions as AssessmentVersion[];
    expect(v1).toMatchObject({ version: 1, approvedBy: ids.leader1, publishedBy: ids.super1 });
    expect(v1!.result.windows).toHaveLength(24);
    expect(Object.keys(v1!.result.groups)).toEqual(['approval', 'public_service']);
    const w = window102(v1!.result);
    expect(w.score).toBe(100 - 2 - 1); // EATING 2, CHATTING 2 × 0.5; the disputed UNTIDY overturned
    expect(w.sheet.notCounted.map((n) => n.reason)).toEqual(['overturned']);
    expect(v1!.result.windows.find((x) => x.number === '112')!.disqualifications.map((d) => d.code)).toEqual([
      'COMPLAINT_OR_MEDIA',
    ]);
  });

  it('the center leader may send an approved month back to verification, with a reason', async () => {
    const month = '2026-07';
    expect((await post('super1', `/api/periods/${month}/close`)).statusCode).toBe(200);
    for (const step of ['compile', 'open-verification'])
      expect((await post('super1', `/api/assessments/${month}/${step}`)).statusCode).toBe(200);
    expect((await post('leader1', `/api/assessments/${month}/approve`)).json()).toMatchObject({
      state: 'approved',
      actions: ['return', 'publish'],
    });
    expect((await post('super1', `/api/assessments/${month}/return`, { reason: 'x' })).statusCode).toBe(403);
    expect((await post('leader1', `/api/assessments/${month}/return`, {})).statusCode).toBe(400);
    expect(
      (await post('leader1', `/api/assessments/${month}/return`, { reason: '请复核 102 窗口的附加分' })).json(),
    ).toMatchObject({ state: 'verification' });
    const [row] = await h.db.query<{ approved_by: string | null }>(
      'select approved_by from assessment_periods where month = $1',
      [month],
    );
    expect(row!.approved_by).toBeNull();
    expect((await post('leader1', `/api/assessments/${month}/return`, { reason: 'again' })).json()).toMatchObject({
      error: 'wrong_state',
    });
  });

  it('quarter and year: grades and honours from the latest published version of each month', async () => {
    const q4 = await get('staff1', '/api/assessments/periods/2026-Q4');
    expect(q4.statusCode).toBe(200);
    expect(q4.json()).toMatchObject({ period: '2026-Q4', publishedMonths: ['2026-10'] });
    const w = q4.json().windows.find((x: { windowId: string }) => x.windowId === W102);
    expect(w.monthly.map((m: { score: number | null }) => m.score)).toEqual([95.5, null, null]); // version 2, the correction
    const year = (await get('staff1', '/api/assessments/periods/2026')).json();
    expect(year.publishedMonths).toEqual(['2026-08', '2026-10']);
    expect(year.staff.find((s: { staffId: string }) => s.staffId === DEMO_IDS.window102StaffA).grade).toBe('excellent');
    expect((await get('staff1', '/api/assessments/periods/2026-Q5')).statusCode).toBe(400);
  });
  it('leave consequences are records of the month: compiled with their source, disputed by id, overturned out', async () => {
    const month = '2026-09';
    const now = () => new Date().toISOString();
    const sent = async (who: string, name: string, args: unknown) =>
      expect((await push(h.app, cookies[who]!, [envelope(ids[who]!, name, args)])).body.results[0]).toMatchObject({
        status: 'applied',
      });
    const leave = (from: string, to: string) => ({
      id: randomUUID(),
      staffId: DEMO_IDS.window102StaffA,
      windowId: W102,
      type: 'personal',
      from: { date: from, half: 'am' },
      to: { date: to, half: 'pm' },
      reason: '家中有事',
      attachments: [],
      extensionOf: null,
      submittedAt: now(),
    });
    // Two days filed afterwards (补办), approved with no substitute; a day overstayed (back 09-23 am: 09-22 is absence).
    const noSub = leave('2026-09-14', '2026-09-15');
    const overstayed = leave('2026-09-21', '2026-09-21');
    await sent('staff1', 'leave.request', noSub);
    await sent('head1', 'leave.decide', {
      leaveId: noSub.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    await sent('leader1', 'leave.decide', {
      leaveId: noSub.id,
      step: 1,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    await sent('staff1', 'leave.request', overstayed);
    await sent('head1', 'leave.decide', {
      leaveId: overstayed.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    await sent('super1', 'leave.close', {
      leaveId: overstayed.id,
      returnedOn: { date: '2026-09-23', half: 'am' },
      note: '超假',
      certificate: null,
      at: now(),
    });

    expect((await post('super1', `/api/periods/${month}/close`)).statusCode).toBe(200);
    expect((await post('super1', `/api/assessments/${month}/compile`)).statusCode).toBe(200);
    const preliminary = async () =>
      (await get('super1', `/api/assessments/${month}`)).json().preliminary.result as MonthAssessment;
    const result = await preliminary();
    const w = window102(result);
    const leaveRecords = w.sheet.categories.flatMap((c) => c.records).filter((r) => r.source === 'leave');
    expect(leaveRecords.map((r) => [r.itemCode, r.quantity, r.staffId, r.amount]).sort()).toEqual([
      ['ABSENCE', 2, DEMO_IDS.window102StaffA, 2],
      ['NO_SUBSTITUTE', 1, DEMO_IDS.window102StaffA, 1],
    ]);
    expect(w.score).toBe(97);
    expect(result.staff.find((s) => s.staffId === DEMO_IDS.window102StaffA)!.score).toBe(97);
    const sources = result.leaveSources!;
    const overstay = sources.find((s) => s.reason === 'overstay')!;
    expect(overstay).toMatchObject({ sourceKind: 'leave', sourceId: overstayed.id, windowId: W102, quantity: 2 });
    expect(sources.find((s) => s.reason === 'no_substitute')).toMatchObject({ sourceId: noSub.id });
    expect(sources.find((s) => s.reason === 'no_substitute')!.explanation.zh).toContain('未安排替岗');

    // Before verification it cannot be disputed; during it, once, by the window's head, by its id.
    expect((await push(h.app, cookies.head1!, [dispute('head1', overstay.recordId)])).body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'closed',
    });
    expect((await post('super1', `/api/assessments/${month}/open-verification`)).statusCode).toBe(200);
    const filed = dispute('head1', overstay.recordId, '当天在外办事，已口头请假');
    expect((await push(h.app, cookies.head1!, [filed])).body.results[0]).toMatchObject({ status: 'applied' });
    expect((await push(h.app, cookies.head1!, [dispute('head1', overstay.recordId)])).body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'conflict',
    });
    expect((await push(h.app, cookies.head1!, [dispute('head1', randomUUID())])).body.results[0]).toMatchObject({
      status: 'rejected',
      code: 'not_found',
    });
    const [row] = await h.db.query<{ window_id: string; month: string; record_kind: string }>(
      'select window_id, month, record_kind from disputes where id = $1',
      [(filed.args as { id: string }).id],
    );
    expect(row).toEqual({ window_id: W102, month, record_kind: 'leave' });
    // Overturned: it no longer counts, and the preliminary result says so.
    expect(
      (
        await post('super1', `/api/disputes/${(filed.args as { id: string }).id}/decide`, {
          decision: 'overturn',
          reason: '核实已口头请假',
        })
      ).statusCode,
    ).toBe(200);
    const after = window102(await preliminary());
    expect(after.score).toBe(99);
    expect(after.sheet.notCounted).toEqual(
      expect.arrayContaining([expect.objectContaining({ recordId: overstay.recordId, reason: 'overturned' })]),
    );
  });
});
