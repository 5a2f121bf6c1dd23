import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  LeaveRowSchema,
  OutingSchema,
  SubstituteArrangementSchema,
  expectedInputsFrom,
  expectedStaff,
  type Change,
  type LeaveRow,
  type MutationEnvelope,
  type Outing,
  type SubstituteArrangement,
} from '../../src/domain';
import { createUser } from '../../src/server/auth/users';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push } from './support/sync';

const A = DEMO_IDS.window102StaffA; // staff1
const B = DEMO_IDS.window102StaffB; // head1 (window head of 102, its post B)
const W = DEMO_IDS.window102;
const SUB = DEMO_IDS.window101StaffA; // 公安局, window 101
const hd = (date: string, half: 'am' | 'pm') => ({ date, half });
const now = () => new Date().toISOString();

describeEachTarget('leave, approvals, substitutes, outings', (target) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  const id: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(target);
    await createUser(h.db, { username: 'leader2', password: 'x', role: 'center_leader', displayName: '第二中心领导' });
    await createUser(h.db, {
      username: 'staff201',
      password: 'x',
      role: 'staff',
      displayName: '二楼员工',
      staffId: DEMO_IDS.window201StaffA,
      windowId: DEMO_IDS.window201,
    });
    for (const u of ['staff1', 'head1', 'dept1', 'leader1', 'leader2', 'super1', 'duty1', 'staff201']) {
      cookie[u] = await h.loginAs(u);
      id[u] = await h.userId(u);
    }
  });
  afterAll(() => h?.close());

  const send = async (user: string, name: string, args: unknown) =>
    (await push(h.app, cookie[user]!, [envelope(id[user]!, name, args)])).body.results[0];
  const requestArgs = (over: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    staffId: A,
    windowId: W,
    type: 'personal',
    from: hd('2027-03-01', 'am'),
    to: hd('2027-03-01', 'pm'),
    reason: '家中有事',
    attachments: [],
    extensionOf: null,
    submittedAt: now(),
    ...over,
  });
  const leaveRow = async (leaveId: string) =>
    (
      await h.db.query<{ status: string; steps: unknown; closure: unknown; substitute_id: string | null }>(
        'select status, steps, closure, substitute_id from leaves where id = $1',
        [leaveId],
      )
    )[0]!;
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const pulled = async (user: string, entity: string) =>
    (await pullAll(h.app, cookie[user]!)).changes.filter((c: Change) => c.entity === entity);

  it('a 3-day sick leave with a substitute, through every approver to 销假, partly offline', async () => {
    const args = requestArgs({ type: 'sick', from: hd('2027-03-01', 'am'), to: hd('2027-03-03', 'pm') });
    expect(await send('staff1', 'leave.request', args)).toMatchObject({ status: 'applied' });
    const [mine] = (await pulled('staff1', 'leaves')).filter((c) => c.id === args.id);
    expect(mine!.data).toMatchObject({
      redacted: false,
      days: 3,
      status: 'pending',
      substituteRequired: true,
      reason: '家中有事',
    });
    expect((mine!.data as { steps: { role: string }[] }).steps.map((s) => s.role)).toEqual([
      'window_head',
      'dept_leader',
      'center_leader',
    ]);

    // The window head decided on the phone without signal two hours ago; it reaches the server now.
    const offlineAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    expect(
      await send('head1', 'leave.decide', {
        leaveId: args.id,
        step: 0,
        decision: 'approve',
        comment: '同意',
        decidedAt: offlineAt,
      }),
    ).toMatchObject({ status: 'applied' });
    expect(json<{ decidedAt: string; byName: string }[]>((await leaveRow(args.id)).steps)[0]!.decidedAt).toBe(
      offlineAt,
    );

    // The department leader arranges and confirms a substitute from another window of the department, and approves.
    const subId = randomUUID();
    const batch = [
      envelope(id.dept1!, 'substitute.name', {
        id: subId,
        leaveId: args.id,
        substituteStaffId: SUB,
        substituteName: '公安局替岗人',
        substitutePhone: '13900001111',
        at: now(),
      }),
      envelope(id.dept1!, 'substitute.confirm', { id: subId, at: now() }),
      envelope(id.dept1!, 'leave.decide', {
        leaveId: args.id,
        step: 1,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ];
    expect((await push(h.app, cookie.dept1!, batch)).body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    expect((await leaveRow(args.id)).status).toBe('pending');
    expect(
      await send('leader1', 'leave.decide', {
        leaveId: args.id,
        step: 2,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ).toMatchObject({ status: 'applied' });
    expect(await leaveRow(args.id)).toMatchObject({ status: 'approved', substitute_id: subId });

    // The supervision section has the arrangement reported (报备) and issues the temporary badge.
    const [sub] = (await pulled('super1', 'substitutes')).filter((c) => c.id === subId);
    expect(sub!.data).toMatchObject({ status: 'confirmed', substituteName: '公安局替岗人', confirmedByName: '孙卫民' });
    expect((sub!.data as SubstituteArrangement).reportedAt).not.toBeNull();
    expect(
      await send('super1', 'substitute.badge_issue', { id: subId, badgeNumber: 'LS-07', at: now() }),
    ).toMatchObject({ status: 'applied' });
    expect(
      await send('super1', 'substitute.badge_issue', { id: subId, badgeNumber: 'LS-08', at: now() }),
    ).toMatchObject({ status: 'rejected', code: 'conflict' });

    // The duty leader's phone: the leave without its reason, and the substitute at window 102.
    const dutyLeaves = (await pulled('duty1', 'leaves')).map((c) => c.data as LeaveRow);
    const summary = dutyLeaves.find((l) => l.id === args.id)!;
    expect(summary.redacted).toBe(true);
    expect(JSON.stringify(summary)).not.toMatch(/sick|家中有事|steps/);
    const subs = (await pulled('duty1', 'substitutes')).map((c) => c.data as SubstituteArrangement);
    const staff = [
      { id: A, name: '甲', windowId: W, post: 'A' },
      { id: B, name: '乙', windowId: W, post: 'B' },
    ];
    const expected = expectedStaff(
      W,
      staff,
      '2027-03-02T10:00:00+08:00',
      expectedInputsFrom(dutyLeaves, [], subs, 'Asia/Shanghai'),
    );
    expect(expected.map((p) => [p.name, p.state])).toEqual([
      ['甲', 'away'],
      ['公安局替岗人', 'expected'],
      ['乙', 'expected'],
    ]);

    // 销假 with the sick certificate; the file is uploaded after the change is applied.
    const file = Buffer.from('%PDF-1.4 病假证明');
    const hash = createHash('sha256').update(file).digest('hex');
    const upload = (user: string) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/leave-files/${hash}?leaveId=${args.id}`,
        headers: { cookie: cookie[user]!, 'content-type': 'application/pdf' },
        payload: file,
      });
    expect((await upload('staff1')).statusCode).toBe(404); // not listed yet
    const certificate = { hash, kind: 'certificate', mime: 'application/pdf', name: '病假证明.pdf' };
    expect(
      await send('staff1', 'leave.close', {
        leaveId: args.id,
        returnedOn: hd('2027-03-04', 'am'),
        note: '',
        certificate,
        at: now(),
      }),
    ).toMatchObject({ status: 'applied' });
    expect(
      json<{ effectiveType: string; certificateMissing: boolean; overstayHalfDays: number }>(
        (await leaveRow(args.id)).closure,
      ),
    ).toMatchObject({ effectiveType: 'sick', certificateMissing: false, overstayHalfDays: 0 });
    expect((await upload('duty1')).statusCode).toBe(403);
    expect((await upload('staff1')).statusCode).toBe(201);
    expect((await upload('staff1')).statusCode).toBe(200);
    const get = (user: string) =>
      h.app.inject({ method: 'GET', url: `/api/leave-files/${hash}`, headers: { cookie: cookie[user]! } });
    for (const u of ['staff1', 'head1', 'dept1', 'leader1', 'super1']) expect((await get(u)).statusCode).toBe(200);
    expect((await get('duty1')).statusCode).toBe(403);
    expect((await get('staff1')).body).toBe(file.toString());

    expect(await send('super1', 'substitute.badge_return', { id: subId, at: now() })).toMatchObject({
      status: 'applied',
    });
    const audit = await h.db.query<{ action: string }>(
      `select action from audit_log where entity = 'substitute' and entity_id = $1 order by id`,
      [subId],
    );
    expect(audit.map((a) => a.action)).toEqual(['badge_issue', 'badge_return']);
  });

  it('concurrent decisions on two phones: the first valid one stands, the other is told who decided', async () => {
    const args = requestArgs({ from: hd('2027-03-08', 'am'), to: hd('2027-03-09', 'am') }); // 1.5 days: head → center leader
    await send('staff1', 'leave.request', args);
    await send('head1', 'leave.decide', {
      leaveId: args.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    const decide = (user: string, decision: string) =>
      push(h.app, cookie[user]!, [
        envelope(id[user]!, 'leave.decide', {
          leaveId: args.id,
          step: 1,
          decision,
          comment: decision === 'reject' ? '不同意' : '',
          decidedAt: now(),
        }),
      ]);
    const [one, two] = await Promise.all([decide('leader1', 'approve'), decide('leader2', 'reject')]);
    const results = [one.body.results[0], two.body.results[0]];
    const applied = results.filter((r) => r.status === 'applied');
    const refused = results.filter((r) => r.status === 'rejected');
    expect([applied.length, refused.length]).toEqual([1, 1]);
    expect(refused[0]).toMatchObject({ code: 'conflict' });
    const winner = results[0].status === 'applied' ? '钱国栋' : '第二中心领导';
    expect(refused[0].reason).toContain(
      `already ${results[0].status === 'applied' ? 'approved' : 'rejected'} by ${winner}`,
    );
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    const row = await leaveRow(args.id);
    // Approved, it still waits for its substitute (a two-person window, over 1 day).
    expect(row.status).toBe(results[0].status === 'applied' ? 'pending' : 'rejected');
    expect(json<{ byName: string }[]>(row.steps)[1]!.byName).toBe(winner);
  });

  it('the same approver on two phones: the second is told it was them, on another device', async () => {
    const args = requestArgs({ from: hd('2027-03-10', 'am'), to: hd('2027-03-10', 'am') });
    await send('staff1', 'leave.request', args);
    const phone2 = await h.loginAs('head1');
    const d = (c: string) =>
      push(h.app, c, [
        envelope(id.head1!, 'leave.decide', {
          leaveId: args.id,
          step: 0,
          decision: 'approve',
          comment: '',
          decidedAt: now(),
        }),
      ]);
    const [a, b] = await Promise.all([d(cookie.head1!), d(phone2)]);
    const refused = [a, b].map((r) => r.body.results[0]).find((r) => r.status === 'rejected');
    expect(refused.reason).toContain('you (on another device)');
  });

  it('an offline decision that arrives after the requester withdrew is refused with the reason; replays answer the same', async () => {
    const args = requestArgs({ from: hd('2027-03-11', 'am'), to: hd('2027-03-11', 'pm') });
    await send('staff1', 'leave.request', args);
    const queued: MutationEnvelope = envelope(id.head1!, 'leave.decide', {
      leaveId: args.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    expect(await send('staff1', 'leave.withdraw', { leaveId: args.id, at: now() })).toMatchObject({
      status: 'applied',
    });
    const first = (await push(h.app, cookie.head1!, [queued])).body.results[0];
    expect(first).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(first.reason).toContain('withdrawn');
    expect((await push(h.app, cookie.head1!, [queued])).body.results[0]).toEqual(first);
  });

  it('conflicts and bad input are refused with the reason shown', async () => {
    const mine = requestArgs({ from: hd('2027-03-15', 'am'), to: hd('2027-03-15', 'pm') });
    await send('staff1', 'leave.request', mine);
    // The other person of the two-person window, the same day.
    const other = await send(
      'head1',
      'leave.request',
      requestArgs({ staffId: B, from: hd('2027-03-15', 'pm'), to: hd('2027-03-16', 'pm') }),
    );
    expect(other).toMatchObject({ status: 'rejected', code: 'conflict' });
    expect(other.reason).toContain('two-person window');
    expect(
      await send('staff1', 'leave.request', requestArgs({ from: hd('2027-03-15', 'pm'), to: hd('2027-03-15', 'pm') })),
    ).toMatchObject({ code: 'conflict' });
    expect(
      await send('staff1', 'leave.request', requestArgs({ from: hd('2027-03-16', 'pm'), to: hd('2027-03-16', 'am') })),
    ).toMatchObject({ code: 'invalid' });
    expect(await send('staff1', 'leave.request', requestArgs({ staffId: B }))).toMatchObject({ code: 'forbidden' });
    expect(await send('staff1', 'leave.request', requestArgs({ windowId: DEMO_IDS.window201 }))).toMatchObject({
      code: 'not_found',
    });
    expect(
      await send(
        'staff1',
        'leave.request',
        requestArgs({ type: 'official', from: hd('2027-03-17', 'am'), to: hd('2027-03-17', 'pm') }),
      ),
    ).toMatchObject({ code: 'invalid' });
    expect(
      await send('staff1', 'leave.decide', {
        leaveId: randomUUID(),
        step: 0,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ).toMatchObject({ code: 'not_found' });
    expect(
      await send('duty1', 'leave.decide', {
        leaveId: mine.id,
        step: 0,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await send('staff1', 'leave.decide', {
        leaveId: mine.id,
        step: 0,
        decision: 'maybe',
        comment: '',
        decidedAt: now(),
      }),
    ).toMatchObject({ code: 'invalid' });
    const upload = await h.app.inject({
      method: 'PUT',
      url: `/api/leave-files/${'0'.repeat(64)}?leaveId=${mine.id}`,
      headers: { cookie: cookie.staff1!, 'content-type': 'application/pdf' },
      payload: Buffer.from('x'),
    });
    expect([upload.statusCode, upload.json().error]).toEqual([400, 'hash_mismatch']);
    const month = await h.app.inject({
      method: 'GET',
      url: '/api/leave/consequences?month=2027-3',
      headers: { cookie: cookie.super1! },
    });
    expect([month.statusCode, month.json().error]).toEqual([400, 'invalid_query']);
    expect(
      (
        await h.app.inject({
          method: 'GET',
          url: '/api/leave/consequences?month=2027-03',
          headers: { cookie: cookie.staff1! },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('pull rows keep leave reasons to the requester, its approvers and supervision', async () => {
    const one = requestArgs({ from: hd('2027-03-22', 'am'), to: hd('2027-03-22', 'pm'), reason: '一天的私事' });
    const three = requestArgs({ from: hd('2027-03-23', 'am'), to: hd('2027-03-25', 'pm'), reason: '三天的私事' });
    await push(h.app, cookie.staff1!, [
      envelope(id.staff1!, 'leave.request', one),
      envelope(id.staff1!, 'leave.request', three),
    ]);
    const seen = async (user: string) => {
      const rows = new Map((await pulled(user, 'leaves')).map((c) => [c.id, c.data as LeaveRow]));
      const view = (leaveId: string) => {
        const r = rows.get(leaveId);
        return !r ? 'none' : r.redacted ? 'summary' : 'full';
      };
      return [view(one.id), view(three.id)];
    };
    expect(await seen('staff1')).toEqual(['full', 'full']);
    expect(await seen('head1')).toEqual(['full', 'full']);
    expect(await seen('dept1')).toEqual(['summary', 'full']);
    expect(await seen('leader1')).toEqual(['summary', 'full']);
    expect(await seen('super1')).toEqual(['full', 'full']);
    expect(await seen('duty1')).toEqual(['summary', 'summary']);
    expect(await seen('staff201')).toEqual(['none', 'none']);
    const dutyText = JSON.stringify((await pulled('duty1', 'leaves')).map((c) => c.data));
    expect(dutyText).not.toContain('私事');
    // Every pulled row is what the phone's schemas say, full or redacted.
    for (const user of ['staff1', 'duty1', 'super1', 'dept1']) {
      const { changes } = await pullAll(h.app, cookie[user]!);
      for (const c of changes) {
        const schema =
          c.entity === 'leaves'
            ? LeaveRowSchema
            : c.entity === 'substitutes'
              ? SubstituteArrangementSchema
              : c.entity === 'outings'
                ? OutingSchema
                : null;
        if (schema && c.data) expect(schema.safeParse(c.data).error?.issues ?? []).toEqual([]);
      }
    }
  });

  it('outings: leaving and return; the purpose is private; over the monthly limit becomes an assessment record', async () => {
    const batch: MutationEnvelope[] = [];
    for (let i = 0; i < 11; i++) {
      const day = String(i + 1).padStart(2, '0');
      const oid = randomUUID();
      batch.push(
        envelope(id.staff1!, 'outing.start', {
          id: oid,
          staffId: A,
          windowId: W,
          purpose: '送材料到档案馆',
          startedAt: `2027-04-${day}T09:00:00+08:00`,
          expectedReturnAt: null,
        }),
      );
      batch.push(envelope(id.staff1!, 'outing.return', { id: oid, returnedAt: `2027-04-${day}T09:40:00+08:00` }));
    }
    const open = randomUUID();
    batch.push(
      envelope(id.staff1!, 'outing.start', {
        id: open,
        staffId: A,
        windowId: W,
        purpose: '取快递',
        startedAt: '2027-04-20T10:00:00+08:00',
        expectedReturnAt: '2027-04-20T10:30:00+08:00',
      }),
    );
    batch.push(
      envelope(id.staff1!, 'outing.start', {
        id: randomUUID(),
        staffId: A,
        windowId: W,
        purpose: '再次外出',
        startedAt: '2027-04-20T10:10:00+08:00',
        expectedReturnAt: null,
      }),
    );
    const results = (await push(h.app, cookie.staff1!, batch)).body.results;
    expect(results.slice(0, 23).every((r: { status: string }) => r.status === 'applied')).toBe(true);
    expect(results[23]).toMatchObject({ status: 'rejected', code: 'conflict' }); // one open at a time
    expect(
      await send('staff201', 'outing.start', {
        id: randomUUID(),
        staffId: A,
        windowId: W,
        purpose: 'x',
        startedAt: now(),
        expectedReturnAt: null,
      }),
    ).toMatchObject({ code: 'forbidden' });

    const dutyRow = (await pulled('duty1', 'outings')).find((c) => c.id === open)!.data as Outing;
    expect(dutyRow).toMatchObject({ purpose: null, redacted: true, returnedAt: null });
    expect(((await pulled('head1', 'outings')).find((c) => c.id === open)!.data as Outing).purpose).toBe('取快递');

    const res = await h.app.inject({
      method: 'GET',
      url: '/api/leave/consequences?month=2027-04',
      headers: { cookie: cookie.super1! },
    });
    expect(res.statusCode).toBe(200);
    const over = res.json().consequences.filter((c: { reason: string }) => c.reason === 'outing_over_limit');
    // 12 short outings (the open one counts as short until it returns): the 11th and 12th are over.
    expect(
      over.map((c: { record: { itemCode: string; staffId: string; source: string } }) => [
        c.record.itemCode,
        c.record.staffId,
        c.record.source,
      ]),
    ).toEqual([
      ['OUTING_OVER_LIMIT', A, 'leave'],
      ['OUTING_OVER_LIMIT', A, 'leave'],
    ]);
  });

  it('overstaying after a leave becomes absence in the consequences', async () => {
    const args = requestArgs({ from: hd('2027-05-03', 'am'), to: hd('2027-05-03', 'pm') });
    await send('staff1', 'leave.request', args);
    await send('head1', 'leave.decide', {
      leaveId: args.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    // Closed at the desk by the supervision section: back only on Wednesday morning.
    expect(
      await send('super1', 'leave.close', {
        leaveId: args.id,
        returnedOn: hd('2027-05-05', 'am'),
        note: '超假',
        certificate: null,
        at: now(),
      }),
    ).toMatchObject({ status: 'applied' });
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/leave/consequences?month=2027-05',
      headers: { cookie: cookie.super1! },
    });
    const overstay = res.json().consequences.find((c: { sourceId: string }) => c.sourceId === args.id);
    expect(overstay).toMatchObject({
      reason: 'overstay',
      record: { itemCode: 'ABSENCE', quantity: 2, staffId: A, windowId: W },
    });
    const audit = await h.db.query<{ action: string }>(
      `select action from audit_log where entity = 'leave' and entity_id = $1`,
      [args.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['leave_close']);
  });

  it('骗假: the supervision section finds a granted leave obtained by deceit; its days become absence; the finding is private and audited', async () => {
    const args = requestArgs({ from: hd('2027-05-10', 'am'), to: hd('2027-05-10', 'pm') });
    await send('staff1', 'leave.request', args);
    const deceit = { leaveId: args.id, reason: '所附证明系伪造', at: now() };
    expect(await send('super1', 'leave.mark_deceit', deceit)).toMatchObject({ status: 'rejected', code: 'conflict' }); // nothing granted yet
    await send('head1', 'leave.decide', {
      leaveId: args.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    for (const who of ['head1', 'leader1', 'staff1'])
      expect(await send(who, 'leave.mark_deceit', deceit)).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await send('super1', 'leave.mark_deceit', { ...deceit, reason: '  ' })).toMatchObject({
      status: 'rejected',
      code: 'invalid',
    });
    expect(await send('super1', 'leave.mark_deceit', deceit)).toMatchObject({ status: 'applied' });
    expect(await send('super1', 'leave.mark_deceit', { ...deceit, reason: '再次' })).toMatchObject({
      status: 'rejected',
      code: 'conflict',
    });

    const [stored] = await h.db.query<{ deceit: unknown }>('select deceit from leaves where id = $1', [args.id]);
    expect(json(stored!.deceit)).toEqual({
      foundAt: deceit.at,
      foundBy: id.super1,
      foundByName: expect.any(String),
      reason: '所附证明系伪造',
    });
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/leave/consequences?month=2027-05',
      headers: { cookie: cookie.super1! },
    });
    expect(
      res
        .json()
        .consequences.find(
          (c: { sourceId: string; reason: string }) => c.sourceId === args.id && c.reason === 'deceit',
        ),
    ).toMatchObject({
      record: { itemCode: 'ABSENCE', quantity: 2, staffId: A, windowId: W, source: 'leave' },
    });
    const audit = await h.db.query<{ action: string }>(
      `select action from audit_log where entity = 'leave' and entity_id = $1`,
      [args.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['leave_deceit']);
    // The requester and the supervision section see the finding; a duty leader's redacted row does not carry it.
    const row = async (user: string) =>
      (await pulled(user, 'leaves')).filter((c) => c.id === args.id).at(-1)!.data as Record<string, unknown>;
    expect((await row('staff1')).deceit).toMatchObject({ reason: '所附证明系伪造' });
    expect((await row('super1')).deceit).toMatchObject({ reason: '所附证明系伪造' });
    expect(await row('duty1')).not.toHaveProperty('deceit');
  });

  it('an extension (续假) is a linked request judged on the whole leave; closing the last closes both', async () => {
    const base = requestArgs({ from: hd('2027-06-07', 'am'), to: hd('2027-06-07', 'pm') });
    await send('staff1', 'leave.request', base);
    await send('head1', 'leave.decide', {
      leaveId: base.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    expect((await leaveRow(base.id)).status).toBe('approved');
    const gap = await send(
      'staff1',
      'leave.request',
      requestArgs({ from: hd('2027-06-09', 'am'), to: hd('2027-06-09', 'pm'), extensionOf: base.id }),
    );
    expect(gap).toMatchObject({ code: 'invalid' });
    expect(gap.reason).toContain('right after');
    const ext = requestArgs({ from: hd('2027-06-08', 'am'), to: hd('2027-06-09', 'pm'), extensionOf: base.id });
    expect(await send('staff1', 'leave.request', ext)).toMatchObject({ status: 'applied' });
    // 1 + 2 days = 3 in all: the whole chain and a substitute (two-person window, over 1 day).
    const steps = json<{ role: string }[]>((await leaveRow(ext.id)).steps).map((x) => x.role);
    expect(steps).toEqual(['window_head', 'dept_leader', 'center_leader']);
    const subId = randomUUID();
    await push(h.app, cookie.dept1!, [
      envelope(id.head1!, 'leave.decide', {
        leaveId: ext.id,
        step: 0,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ]); // another user's mutation in this session: wrong_user, nothing applied
    expect(json<{ decision: string | null }[]>((await leaveRow(ext.id)).steps)[0]!.decision).toBeNull();
    await send('head1', 'leave.decide', {
      leaveId: ext.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    await push(h.app, cookie.dept1!, [
      envelope(id.dept1!, 'substitute.name', {
        id: subId,
        leaveId: ext.id,
        substituteStaffId: SUB,
        substituteName: '替岗',
        substitutePhone: null,
        at: now(),
      }),
      envelope(id.dept1!, 'leave.decide', {
        leaveId: ext.id,
        step: 1,
        decision: 'approve',
        comment: '',
        decidedAt: now(),
      }),
    ]);
    expect(await send('staff1', 'substitute.confirm', { id: subId, at: now() })).toMatchObject({ code: 'forbidden' }); // not by the person on leave
    expect(await send('head1', 'substitute.confirm', { id: subId, at: now() })).toMatchObject({ status: 'applied' });
    await send('leader1', 'leave.decide', {
      leaveId: ext.id,
      step: 2,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    expect((await leaveRow(ext.id)).status).toBe('approved');
    expect(
      await send('staff1', 'leave.close', {
        leaveId: base.id,
        returnedOn: hd('2027-06-10', 'am'),
        note: '',
        certificate: null,
        at: now(),
      }),
    ).toMatchObject({ status: 'applied' });
    expect([(await leaveRow(base.id)).status, (await leaveRow(ext.id)).status]).toEqual(['closed', 'closed']);
    expect(json<{ overstayHalfDays: number }>((await leaveRow(ext.id)).closure).overstayHalfDays).toBe(0);
  });

  it('补办: filed after the leave began, marked so, approvable without a substitute — which becomes an assessment record', async () => {
    const past = requestArgs({
      from: hd('2026-11-26', 'am'),
      to: hd('2026-11-27', 'pm'),
      submittedAt: '2026-11-30T09:00:00+08:00',
      reason: '家人急病，已电话请假',
    });
    expect(await send('staff1', 'leave.request', past)).toMatchObject({ status: 'applied' });
    const [row] = (await pulled('staff1', 'leaves')).filter((c) => c.id === past.id);
    expect(row!.data).toMatchObject({ filedAfterwards: true, substituteRequired: true });
    await send('head1', 'leave.decide', {
      leaveId: past.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    await send('leader1', 'leave.decide', {
      leaveId: past.id,
      step: 1,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    expect((await leaveRow(past.id)).status).toBe('approved');
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/leave/consequences?month=2026-11',
      headers: { cookie: cookie.leader1! },
    });
    expect(res.json().consequences.find((c: { sourceId: string }) => c.sourceId === past.id)).toMatchObject({
      reason: 'no_substitute',
      record: { itemCode: 'NO_SUBSTITUTE', quantity: 1 },
    });
  });

  it("revoking an approved leave needs an approver's consent; withdrawing is only before approval", async () => {
    const args = requestArgs({ from: hd('2027-06-14', 'am'), to: hd('2027-06-14', 'pm') });
    await send('staff1', 'leave.request', args);
    await send('head1', 'leave.decide', {
      leaveId: args.id,
      step: 0,
      decision: 'approve',
      comment: '',
      decidedAt: now(),
    });
    expect(await send('staff1', 'leave.withdraw', { leaveId: args.id, at: now() })).toMatchObject({ code: 'conflict' });
    expect(
      await send('staff1', 'leave.revoke_request', { leaveId: args.id, reason: '事情已解决', at: now() }),
    ).toMatchObject({ status: 'applied' });
    expect((await leaveRow(args.id)).status).toBe('approved');
    expect(
      await send('leader1', 'leave.revoke_answer', { leaveId: args.id, consent: true, comment: '', at: now() }),
    ).toMatchObject({ code: 'forbidden' });
    expect(
      await send('head1', 'leave.revoke_answer', { leaveId: args.id, consent: true, comment: '好', at: now() }),
    ).toMatchObject({ status: 'applied' });
    expect((await leaveRow(args.id)).status).toBe('revoked');
  });

  it('a leave document is what its bytes are: HTML, a PNG listed as a PDF or a PDF sent as an image are refused (415), the PDF is stored as application/pdf', async () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const pdf = Buffer.from('%PDF-1.7\n通知');
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest')]);
    const listed = [pdf, html, png].map((b, i) => ({
      hash: sha(b),
      kind: 'certificate',
      mime: 'application/pdf',
      name: `doc${i}.pdf`,
    }));
    const args = requestArgs({ from: hd('2027-09-14', 'am'), to: hd('2027-09-14', 'pm'), attachments: listed });
    const sent = await send('staff1', 'leave.request', args);
    expect(sent, JSON.stringify(sent)).toMatchObject({ status: 'applied' });
    const upload = (bytes: Buffer, contentType = 'application/pdf') =>
      h.app.inject({
        method: 'PUT',
        url: `/api/leave-files/${sha(bytes)}?leaveId=${args.id}`,
        headers: { cookie: cookie.staff1!, 'content-type': contentType },
        payload: bytes,
      });
    const asPdf = await upload(html);
    expect([asPdf.statusCode, asPdf.json().error]).toEqual([415, 'unsupported_content']);
    const asJpeg = await upload(html, 'image/jpeg');
    expect([asJpeg.statusCode, asJpeg.json().error]).toEqual([415, 'unsupported_content']);
    const pngAsPdf = await upload(png);
    expect([pngAsPdf.statusCode, pngAsPdf.json().error]).toEqual([415, 'content_type_mismatch']);
    expect(await h.db.query('select hash from leave_files where hash = any($1)', [[sha(html), sha(png)]])).toEqual([]);
    // Declared as an image, but the bytes are the PDF the leave lists: a claim the bytes deny is refused.
    const pdfAsJpeg = await upload(pdf, 'image/jpeg');
    expect([pdfAsJpeg.statusCode, pdfAsJpeg.json().error]).toEqual([415, 'content_type_mismatch']);
    expect((await upload(pdf)).statusCode).toBe(201);
    expect(await h.db.query('select mime from leave_files where hash = $1', [sha(pdf)])).toEqual([
      { mime: 'application/pdf' },
    ]);
    const got = await h.app.inject({
      method: 'GET',
      url: `/api/leave-files/${sha(pdf)}`,
      headers: { cookie: cookie.staff1! },
    });
    expect(got.headers['content-type']).toBe('application/pdf');
  });

  it('the demo seed has leave to look at: a covered sick leave at one-person window 105, a pending request at 201, an open outing', async () => {
    const leaves = (await pulled('duty1', 'leaves')).map((c) => c.data as LeaveRow);
    const w105 = leaves.find((l) => l.windowId === DEMO_IDS.window105 || l.staffId === DEMO_IDS.window105Staff);
    expect(w105).toMatchObject({ redacted: true, status: 'approved', substituteRequired: true });
    const sub = (await pulled('duty1', 'substitutes'))
      .map((c) => c.data as SubstituteArrangement)
      .find((s) => s.leaveId === w105!.id);
    expect(sub).toMatchObject({ status: 'confirmed', badgeNumber: 'LS-01' });
    expect(leaves.some((l) => l.windowId === DEMO_IDS.window201 && l.status === 'pending')).toBe(true);
    const full = (await pulled('super1', 'leaves')).map((c) => c.data as LeaveRow).find((l) => l.id === w105!.id);
    expect(full).toMatchObject({ redacted: false, type: 'sick', reason: '急性肠胃炎，医院建议休息' });
    expect((await pulled('duty1', 'outings')).some((c) => (c.data as Outing).returnedAt === null)).toBe(true);
  });
});
