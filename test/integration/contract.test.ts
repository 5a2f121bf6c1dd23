import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Change, HalfDay, MutationName, Role } from '../../src/domain';
import {
  MUTATIONS,
  addMonths,
  hallDay,
  hallDayAndMinutes,
  hallMonth,
  instantOfHallClock,
  isWeekend,
} from '../../src/domain';
import { PULLED_ROW_SCHEMAS } from '../../src/domain/sync/pulled-rows';
import { createDatabase, type WindowDutyDb } from '../../src/app/db/database';
import type { Actor } from '../../src/app/db/outbox';
import { fileDispute } from '../../src/app/features/assessment/disputes';
import * as leave from '../../src/app/features/leave/actions';
import { forwardAsLate, updateViolation, withdrawViolation } from '../../src/app/features/patrol/corrections';
import { abandonRound, checkWindow, finishRound, startRound } from '../../src/app/features/patrol/rounds';
import { recordViolation } from '../../src/app/features/violations/record';
import type { FetchFn } from '../../src/app/http/client';
import { SyncEngine } from '../../src/app/sync/engine';
import { seedDemoMonth } from '../../src/server/seed/demo-assessment';
import { DEMO_IDS, seedDutyRoster } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

/**
 * The contract between the phone and the server, with both real: the app's SyncEngine (Dexie on
 * fake-indexeddb) pushes what the app's own action functions queued to the real Fastify app
 * (through app.inject, with the session cookie), and pulls back. Every mutation family is pushed
 * and applied; every row pulled parses with its domain schema (PULLED_ROW_SCHEMAS).
 */
const ZONE = 'Asia/Shanghai';

interface Phone {
  db: WindowDutyDb;
  engine: SyncEngine;
  user: Required<Actor>;
  pulled: Change[];
  pushed: Set<string>;
}

let dbCounter = 0;

/** A fetch that hands the request to the app in process, with this phone's session cookie. */
function forwardTo(h: Harness, cookie: string, phone: Pick<Phone, 'pulled' | 'pushed'>): FetchFn {
  return async (input, init = {}) => {
    const headers = { ...(init.headers as Record<string, string> | undefined), cookie };
    const payload = typeof init.body === 'string' ? init.body : undefined;
    const res = await h.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: input,
      headers,
      ...(payload ? { payload } : {}),
    });
    if (input.startsWith('/api/sync/pull') && res.statusCode === 200)
      phone.pulled.push(...(res.json() as { changes: Change[] }).changes);
    if (input === '/api/sync/push' && payload)
      for (const m of (JSON.parse(payload) as { mutations: { name: string }[] }).mutations) phone.pushed.add(m.name);
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers))
      if (typeof v === 'string' && k !== 'content-encoding' && k !== 'content-length') out.set(k, v);
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: out,
    });
  };
}

async function phoneOf(h: Harness, username: string): Promise<Phone> {
  const cookie = await h.loginAs(username);
  const [u] = await h.db.query<{
    id: string;
    display_name: string;
    role: Role;
    staff_id: string | null;
    window_id: string | null;
  }>('select id, display_name, role, staff_id, window_id from users where username = $1', [username]);
  // The role and window as the cached profile has them: the leave machine runs on the phone too.
  const user = {
    id: u!.id,
    displayName: u!.display_name,
    role: u!.role,
    staffId: u!.staff_id,
    windowId: u!.window_id,
  };
  const db = createDatabase(`contract-${process.pid}-${++dbCounter}-${username}`);
  const traffic = { pulled: [] as Change[], pushed: new Set<string>() };
  const engine = new SyncEngine({ db, fetch: forwardTo(h, cookie, traffic), getUser: () => user });
  return { db, engine, user, ...traffic };
}

/** Push and pull until nothing is left; every entry must have been applied by the server. */
async function syncApplied(p: Phone): Promise<void> {
  const result = await p.engine.sync('manual');
  expect(result.status, JSON.stringify(result)).not.toBe('error');
  const left = await p.db.outbox.toArray();
  expect(left.map((e) => `${e.name}: ${e.state} ${e.code ?? ''} ${e.reason ?? ''}`)).toEqual([]);
}

/** The latest weekday 10:00 in the hall at least an hour ago (records may not be in the future). */
function lastWorkingMorning(now: Date): Date {
  let day = hallDay(new Date(now.getTime() - 3_600_000), ZONE);
  if (hallDayAndMinutes(now, ZONE).minutes < 11 * 60 || hallDay(now, ZONE) !== day)
    day = hallDay(new Date(now.getTime() - 86_400_000), ZONE);
  while (isWeekend(day)) day = hallDay(new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000), ZONE);
  return instantOfHallClock(`${day}T10:00`, ZONE);
}

/** The first weekday after `day`. */
function nextWeekday(day: string): string {
  let d = day;
  do d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  while (isWeekend(d));
  return d;
}

describeEachTarget('contract: the real sync engine against the real server', (target) => {
  let h: Harness;
  const realNow = new Date();
  const morning = lastWorkingMorning(realNow);
  const at = (minutes: number) => () => new Date(morning.getTime() + minutes * 60_000);
  const month = hallMonth(morning, ZONE);
  const closedMonth = addMonths(month, -2);
  const disputedMonth = addMonths(month, -3);
  const publishedMonth = addMonths(month, -4);
  let duty1: Phone, head1: Phone, staff1: Phone, super1: Phone, leader1: Phone, dept1: Phone;

  const phones = () => [duty1, head1, staff1, super1, leader1, dept1];

  beforeAll(async () => {
    h = await createHarness(target);
    await h.db.transaction((tx) => seedDutyRoster(tx, morning));
    await seedDemoMonth(h.db, publishedMonth, ZONE);
    [duty1, head1, staff1, super1, leader1, dept1] = (await Promise.all(
      ['duty1', 'head1', 'staff1', 'super1', 'leader1', 'dept1'].map((u) => phoneOf(h, u)),
    )) as [Phone, Phone, Phone, Phone, Phone, Phone];
    for (const p of phones()) await syncApplied(p);
  }, 120_000);
  afterAll(async () => {
    for (const p of phones()) p?.db.close();
    await h?.close();
  });

  const inject = async (username: string, method: 'POST' | 'GET', url: string, payload?: unknown) => {
    const res = await h.app.inject({
      method,
      url,
      headers: { cookie: await h.loginAs(username) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  it('patrol: rounds, records and their corrections go through and come back', async () => {
    const round = await startRound(duty1.db, { floorId: DEMO_IDS.floor1, slot: 1, zone: ZONE }, duty1.user, at(0));
    await checkWindow(
      duty1.db,
      { roundId: round.id, windowId: DEMO_IDS.window102, inOrder: true, zone: ZONE },
      duty1.user,
      at(1),
    );
    const record = await recordViolation(
      duty1.db,
      {
        windowId: DEMO_IDS.window102,
        staffId: DEMO_IDS.window102StaffA,
        itemCode: 'EATING',
        count: 1,
        observedAt: at(2)(),
        note: '早餐',
        roundId: round.id,
      },
      duty1.user,
      at(2),
    );
    const second = await recordViolation(
      duty1.db,
      {
        windowId: DEMO_IDS.window102,
        staffId: null,
        itemCode: 'UNTIDY',
        count: 1,
        observedAt: at(3)(),
        roundId: round.id,
      },
      duty1.user,
      at(3),
    );
    await finishRound(
      duty1.db,
      { id: round.id, checkedWindowIds: [DEMO_IDS.window102], allInOrderWindowIds: [], zone: ZONE },
      duty1.user,
      at(5),
    );
    await syncApplied(duty1);
    await updateViolation(duty1.db, { id: record.id, count: 2, note: '早餐，两次' }, duty1.user);
    await withdrawViolation(duty1.db, second.id, '记错窗口', duty1.user);
    const abandoned = await startRound(duty1.db, { floorId: DEMO_IDS.floor1, slot: 2, zone: ZONE }, duty1.user, at(10));
    await abandonRound(duty1.db, { id: abandoned.id, reason: '临时会议', zone: ZONE }, duty1.user, at(11));
    await syncApplied(duty1);
    expect(await duty1.db.violations.get(record.id)).toMatchObject({ count: 2, syncState: 'synced' });
    expect(await duty1.db.violations.get(second.id)).toMatchObject({ status: 'withdrawn' });
  });

  it('a record of a closed month is refused, then forwarded as a late submission', async () => {
    await inject('super1', 'POST', `/api/periods/${closedMonth}/close`, {});
    await recordViolation(
      duty1.db,
      {
        windowId: DEMO_IDS.window102,
        staffId: null,
        itemCode: 'UNTIDY',
        count: 1,
        observedAt: instantOfHallClock(`${closedMonth}-15T10:00`, ZONE),
      },
      duty1.user,
      at(20),
    );
    await duty1.engine.sync('manual');
    const refused = await duty1.db.outbox.filter((e) => e.state === 'rejected').toArray();
    expect(refused.map((e) => [e.name, e.code])).toEqual([['violation.record', 'closed']]);
    expect(await forwardAsLate(duty1.db, refused[0]!.id, '当月漏报', duty1.user)).not.toBeNull();
    await syncApplied(duty1);
  });

  it('a window head disputes a record of the month under verification', async () => {
    const observed = instantOfHallClock(`${disputedMonth}-10T10:00`, ZONE);
    const record = await recordViolation(
      duty1.db,
      {
        windowId: DEMO_IDS.window102,
        staffId: DEMO_IDS.window102StaffA,
        itemCode: 'EATING',
        count: 1,
        observedAt: observed,
      },
      duty1.user,
      at(30),
    );
    await syncApplied(duty1);
    await inject('super1', 'POST', `/api/periods/${disputedMonth}/close`, {});
    await inject('super1', 'POST', `/api/assessments/${disputedMonth}/compile`, {});
    await inject('super1', 'POST', `/api/assessments/${disputedMonth}/open-verification`, {});
    await syncApplied(head1);
    expect(await head1.db.violations.get(record.id)).toBeTruthy();
    // With evidence (issue #15 point 11): the files are listed by hash and come back on the pulled row.
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff]), '现场'], { type: 'image/jpeg' });
    const filed = await fileDispute(
      head1.db,
      { violationId: record.id, reason: '当时在处理材料', evidence: [{ blob: photo }] },
      head1.user,
    );
    await syncApplied(head1);
    expect(await head1.db.disputes.where('violationId').equals(record.id).first()).toMatchObject({
      syncState: 'synced',
      status: 'pending',
      evidence: filed.evidence,
    });
  });

  it('leave: request, approval chain, substitute and badge, document, deceit, 销假, withdrawal, revocation; outings', async () => {
    const first = nextWeekday(hallDay(realNow, ZONE));
    const second = nextWeekday(first);
    const third = nextWeekday(second);
    const from: HalfDay = { date: first, half: 'am' };
    const to: HalfDay = { date: third, half: 'pm' };
    const asked = await leave.requestLeave(
      staff1.db,
      { staffId: DEMO_IDS.window102StaffA, windowId: DEMO_IDS.window102, type: 'sick', from, to, reason: '发烧' },
      staff1.user,
    );
    await syncApplied(staff1);
    await syncApplied(head1);
    const seen = await head1.db.leaves.get(asked.id);
    expect(seen).toMatchObject({ status: 'pending' });
    const sub = await leave.nameSubstitute(
      head1.db,
      { leaveId: asked.id, substituteStaffId: null, substituteName: '王替岗', substitutePhone: '13800000000' },
      head1.user,
    );
    await leave.confirmSubstitute(head1.db, sub.id, head1.user);
    await leave.decideLeave(head1.db, { leaveId: asked.id, step: 0, approve: true, comment: '同意' }, head1.user);
    await syncApplied(head1);
    // The rest of the chain as the server computed it, each approver on their own phone.
    for (const approver of [dept1, leader1]) {
      await syncApplied(approver);
      const row = (await approver.db.leaves.get(asked.id)) as { steps?: { decision: string | null }[] } | undefined;
      const step = row?.steps?.findIndex((s) => s.decision === null) ?? -1;
      if (step < 0) continue;
      await leave.decideLeave(approver.db, { leaveId: asked.id, step, approve: true, comment: '同意' }, approver.user);
      await syncApplied(approver);
    }
    await syncApplied(super1);
    expect(await super1.db.leaves.get(asked.id)).toMatchObject({ status: 'approved' });
    await leave.issueBadge(super1.db, sub.id, 'T-01', super1.user);
    await leave.returnBadge(super1.db, sub.id, super1.user);
    await syncApplied(super1);
    // The requester adds a document; the supervision section finds the leave obtained by deceit.
    await leave.attachToLeave(
      staff1.db,
      asked.id,
      { blob: new Blob(['%PDF-1.4 诊断证明'], { type: 'application/pdf' }), kind: 'certificate' },
      staff1.user,
    );
    await syncApplied(staff1);
    await syncApplied(super1);
    await leave.markDeceit(super1.db, asked.id, '病假条系伪造', super1.user);
    await syncApplied(super1);
    // 销假: back on the first half day after the leave.
    await syncApplied(staff1);
    await leave.closeLeave(
      staff1.db,
      { leaveId: asked.id, returnedOn: { date: nextWeekday(third), half: 'am' }, note: '' },
      staff1.user,
    );
    await syncApplied(staff1);
    // A second request, withdrawn by the requester; a third one revoked after approval is left to the unit tests.
    const withdrawn = await leave.requestLeave(
      staff1.db,
      {
        staffId: DEMO_IDS.window102StaffA,
        windowId: DEMO_IDS.window102,
        type: 'personal',
        from: { date: nextWeekday(third), half: 'am' },
        to: { date: nextWeekday(third), half: 'am' },
        reason: '家中有事',
      },
      staff1.user,
    );
    await syncApplied(staff1);
    await leave.withdrawLeave(staff1.db, withdrawn.id, staff1.user);
    await syncApplied(staff1);
    // A third one approved, then revoked with the approver's consent.
    const revokeDay = nextWeekday(nextWeekday(third));
    const revoked = await leave.requestLeave(
      staff1.db,
      {
        staffId: DEMO_IDS.window102StaffA,
        windowId: DEMO_IDS.window102,
        type: 'personal',
        from: { date: revokeDay, half: 'am' },
        to: { date: revokeDay, half: 'am' },
        reason: '家中有事',
      },
      staff1.user,
    );
    await syncApplied(staff1);
    await syncApplied(head1);
    await leave.decideLeave(head1.db, { leaveId: revoked.id, step: 0, approve: true, comment: '' }, head1.user);
    await syncApplied(head1);
    await syncApplied(staff1);
    await leave.requestRevoke(staff1.db, revoked.id, '事情已办完', staff1.user);
    await syncApplied(staff1);
    await syncApplied(head1);
    await leave.answerRevoke(head1.db, revoked.id, true, '同意', head1.user);
    await syncApplied(head1);
    // An outing registered and returned from, by the window head for the person.
    const outing = await leave.startOuting(
      head1.db,
      { staffId: DEMO_IDS.window102StaffA, windowId: DEMO_IDS.window102, purpose: '送材料' },
      head1.user,
    );
    await syncApplied(head1);
    await leave.returnFromOuting(head1.db, outing.id, head1.user);
    await syncApplied(head1);
    expect(await head1.db.outings.get(outing.id)).toMatchObject({ syncState: 'synced' });
  });

  it('every mutation was pushed, and every row pulled parses with its schema', async () => {
    for (const p of phones()) await syncApplied(p);
    const pushed = new Set(phones().flatMap((p) => [...p.pushed]));
    const families = new Set(Object.keys(MUTATIONS).map((n) => n.split('.')[0]));
    expect([...families].filter((f) => ![...pushed].some((n) => n.startsWith(`${f}.`)))).toEqual([]);
    // Every mutation, not only every family.
    expect((Object.keys(MUTATIONS) as MutationName[]).filter((n) => !pushed.has(n))).toEqual([]);
    const seen = new Set<string>();
    for (const p of phones()) {
      for (const change of p.pulled) {
        if (change.op !== 'upsert') continue;
        const parsed = PULLED_ROW_SCHEMAS[change.entity].safeParse(change.data);
        expect(parsed.success, `${change.entity} ${change.id}: ${parsed.error?.message}`).toBe(true);
        seen.add(change.entity);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(PULLED_ROW_SCHEMAS).sort());
  });
});
