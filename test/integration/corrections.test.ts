import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordArgs, recordMutation } from './support/sync';

describeEachTarget('corrections, closed months, late submissions, coverage', (target) => {
  let h: Harness;
  let duty1: string;
  let duty1Id: string;
  let duty2: string;
  let duty2Id: string;
  let supervision: string;

  beforeAll(async () => {
    h = await createHarness(target);
    duty1 = await h.loginAs('duty1');
    duty1Id = await h.userId('duty1');
    duty2 = await h.loginAs('duty2');
    duty2Id = await h.userId('duty2');
    supervision = await h.loginAs('super1');
  });
  afterAll(() => h?.close());

  const closeMonth = (cookie: string, month: string) =>
    h.app.inject({ method: 'POST', url: `/api/periods/${month}/close`, headers: { cookie }, payload: {} });

  it('the recorder updates and withdraws a record; history keeps before and after; pulled back', async () => {
    const record = recordMutation(duty1Id, { observedAt: '2026-05-04T09:00:00+08:00' });
    const id = (record.args as { id: string }).id;
    const update = envelope(duty1Id, 'violation.update', {
      id,
      count: 3,
      note: '更正',
      itemCode: 'NO_BADGE',
      staffId: DEMO_IDS.window102StaffB,
    });
    const { status, body } = await push(h.app, duty1, [record, update]); // recorded and corrected in one batch
    expect(status).toBe(200);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [row] = await h.db.query<{ count: number; note: string; item_code: string; staff_id: string }>(
      'select count, note, item_code, staff_id from violations where id = $1',
      [id],
    );
    expect(row).toEqual({ count: 3, note: '更正', item_code: 'NO_BADGE', staff_id: DEMO_IDS.window102StaffB });
    const withdraw = envelope(duty1Id, 'violation.withdraw', { id, reason: '看错了窗口' });
    expect((await push(h.app, duty1, [withdraw])).status).toBe(200);
    const history = await h.db.query<{
      action: string;
      before: unknown;
      after: unknown;
      reason: string;
      changed_by: string;
    }>('select action, before, after, reason, changed_by from violation_history where violation_id = $1 order by id', [
      id,
    ]);
    const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(history.map((r) => [r.action, json(r.before), json(r.after), r.reason, r.changed_by])).toEqual([
      [
        'update',
        { count: 1, note: '早餐在窗口', itemCode: 'EATING', staffId: DEMO_IDS.window102StaffA },
        { count: 3, note: '更正', itemCode: 'NO_BADGE', staffId: DEMO_IDS.window102StaffB },
        '',
        duty1Id,
      ],
      ['withdraw', { status: 'active' }, { status: 'withdrawn' }, '看错了窗口', duty1Id],
    ]);
    // The append-only audit log has both, with who and before/after.
    const audited = await h.db.query<{ action: string; actor_id: string; before: unknown; after: unknown }>(
      `select action, actor_id, before, after from audit_log where entity = 'violation' and entity_id = $1 order by id`,
      [id],
    );
    expect(audited.map((r) => [r.action, r.actor_id, json(r.before), json(r.after)])).toEqual([
      [
        'update',
        duty1Id,
        { count: 1, note: '早餐在窗口', itemCode: 'EATING', staffId: DEMO_IDS.window102StaffA },
        { count: 3, note: '更正', itemCode: 'NO_BADGE', staffId: DEMO_IDS.window102StaffB },
      ],
      ['withdraw', duty1Id, { status: 'active' }, { status: 'withdrawn', reason: '看错了窗口' }],
    ]);
    const pulled = (await pullAll(h.app, duty1)).changes.find((c) => c.id === id);
    expect(pulled?.data).toMatchObject({ status: 'withdrawn', count: 3, itemCode: 'NO_BADGE' });
    // A withdrawn record cannot be changed again.
    expect(
      (await push(h.app, duty1, [envelope(duty1Id, 'violation.update', { id, count: 2 })])).body.results[0],
    ).toMatchObject({ code: 'conflict' });
  });

  it('rejects: someone else’s record, unknown record, bad item or staff, nothing to change', async () => {
    const record = recordMutation(duty1Id, { observedAt: '2026-05-04T10:00:00+08:00' });
    const id = (record.args as { id: string }).id;
    await push(h.app, duty1, [record]);
    expect(
      (await push(h.app, duty2, [envelope(duty2Id, 'violation.update', { id, count: 2 })])).body.results[0],
    ).toMatchObject({ code: 'forbidden' });
    expect(
      (await push(h.app, duty2, [envelope(duty2Id, 'violation.withdraw', { id, reason: 'x' })])).body.results[0],
    ).toMatchObject({ code: 'forbidden' });
    expect(
      (await push(h.app, duty1, [envelope(duty1Id, 'violation.update', { id: randomUUID(), count: 2 })])).body
        .results[0],
    ).toMatchObject({ code: 'not_found' });
    expect(
      (await push(h.app, duty1, [envelope(duty1Id, 'violation.update', { id, itemCode: 'NOPE' })])).body.results[0],
    ).toMatchObject({ code: 'not_found' });
    expect(
      (await push(h.app, duty1, [envelope(duty1Id, 'violation.update', { id, staffId: DEMO_IDS.window201StaffA })]))
        .body.results[0],
    ).toMatchObject({ code: 'not_found' });
    expect((await push(h.app, duty1, [envelope(duty1Id, 'violation.update', { id })])).body.results[0]).toMatchObject({
      code: 'invalid',
    });
    expect(
      (await push(h.app, duty1, [envelope(duty1Id, 'violation.withdraw', { id, reason: '  ' })])).body.results[0],
    ).toMatchObject({ code: 'invalid' });
  });

  it('a closed month: only supervision closes it; records and corrections are rejected with code closed', async () => {
    const before = recordMutation(duty1Id, { observedAt: '2026-06-10T09:00:00+08:00' });
    const id = (before.args as { id: string }).id;
    await push(h.app, duty1, [before]);
    expect((await closeMonth(duty1, '2026-06')).statusCode).toBe(403);
    expect((await closeMonth(supervision, '2026-13')).statusCode).toBe(400);
    const closed = await closeMonth(supervision, '2026-06');
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ month: '2026-06' });
    expect((await closeMonth(supervision, '2026-06')).json().closedAt).toBe(closed.json().closedAt); // idempotent
    // Audited once (closing again changes nothing).
    expect(await h.db.query(`select action, entity_id from audit_log where entity = 'recording_period'`)).toEqual([
      { action: 'close_month', entity_id: '2026-06' },
    ]);
    const periods = await h.app.inject({ method: 'GET', url: '/api/periods', headers: { cookie: duty1 } });
    expect(periods.json().periods).toEqual([expect.objectContaining({ month: '2026-06', closedByName: '郑晓东' })]);

    const late = recordMutation(duty1Id, { observedAt: '2026-06-20T09:00:00+08:00' });
    const res = await push(h.app, duty1, [
      late,
      envelope(duty1Id, 'violation.update', { id, count: 2 }),
      envelope(duty1Id, 'violation.withdraw', { id, reason: 'x' }),
    ]);
    expect(res.status).toBe(422);
    expect(res.body.results.map((r: { code: string }) => r.code)).toEqual(['closed', 'closed', 'closed']);
    expect(res.body.results[0].reason).toContain('2026-06');
    // The next month is still open.
    expect(
      (await push(h.app, duty1, [recordMutation(duty1Id, { observedAt: '2026-07-01T09:00:00+08:00' })])).status,
    ).toBe(200);
  });

  it('a late submission is accepted (the record appears) or refused, by supervision only, once', async () => {
    const violation = recordArgs({ observedAt: '2026-06-21T09:00:00+08:00' });
    const lateId = randomUUID();
    const submit = envelope(duty1Id, 'violation.late_submit', { id: lateId, violation, reason: '当天无网络' });
    expect((await push(h.app, duty1, [submit])).status).toBe(200);
    // Open months need no late submission.
    const open = envelope(duty1Id, 'violation.late_submit', {
      id: randomUUID(),
      violation: recordArgs({ observedAt: '2026-08-01T09:00:00+08:00' }),
      reason: '',
    });
    expect((await push(h.app, duty1, [open])).body.results[0]).toMatchObject({ code: 'invalid' });

    expect(
      (await h.app.inject({ method: 'GET', url: '/api/late-submissions', headers: { cookie: duty1 } })).statusCode,
    ).toBe(403);
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/late-submissions?status=pending',
      headers: { cookie: supervision },
    });
    expect(list.json().lateSubmissions).toEqual([
      expect.objectContaining({
        id: lateId,
        month: '2026-06',
        reason: '当天无网络',
        submittedByName: '周建华',
        violation: expect.objectContaining({ id: violation.id }),
      }),
    ]);

    const decide = (cookie: string, id: string, decision: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/late-submissions/${id}/decide`,
        headers: { cookie },
        payload: { decision },
      });
    expect((await decide(duty1, lateId, 'accept')).statusCode).toBe(403);
    expect((await decide(supervision, lateId, 'maybe')).statusCode).toBe(400);
    expect((await decide(supervision, lateId, 'accept')).json()).toEqual({ id: lateId, status: 'accepted' });
    expect((await decide(supervision, lateId, 'refuse')).statusCode).toBe(409);
    const [row] = await h.db.query<{ recorded_by: string }>('select recorded_by from violations where id = $1', [
      violation.id,
    ]);
    expect(row!.recorded_by).toBe(duty1Id);

    const other = envelope(duty1Id, 'violation.late_submit', {
      id: randomUUID(),
      violation: recordArgs({ observedAt: '2026-06-22T09:00:00+08:00' }),
      reason: '',
    });
    await push(h.app, duty1, [other]);
    expect((await decide(supervision, (other.args as { id: string }).id, 'refuse')).json().status).toBe('refused');
    expect(
      await h.db.query('select 1 from violations where id = $1', [
        (other.args as { violation: { id: string } }).violation.id,
      ]),
    ).toEqual([]);

    // Submitting and deciding are audited.
    const audited = await h.db.query<{ action: string; entity_id: string }>(
      `select action, entity_id from audit_log where entity = 'late_submission' and entity_id = any($1::text[]) order by id`,
      [[lateId, (other.args as { id: string }).id]],
    );
    expect(audited.map((r) => [r.action, r.entity_id])).toEqual([
      ['create', lateId],
      ['accept', lateId],
      ['create', (other.args as { id: string }).id],
      ['refuse', (other.args as { id: string }).id],
    ]);
  });

  it('coverage: rounds done vs required per officer and day, flags, windows never checked', async () => {
    const month = '2026-09';
    for (const [u, f] of [
      ['duty1', DEMO_IDS.floor1],
      ['duty2', DEMO_IDS.floor2],
    ] as const) {
      await h.db.query('insert into duty_roster (id, month, floor_id, user_id, dates) values ($1, $2, $3, $4, $5)', [
        randomUUID(),
        month,
        f,
        await h.userId(u),
        ['2026-09-01', '2026-09-02'],
      ]);
    }
    const round = (slot: number, day: string) => {
      const id = randomUUID();
      return [
        envelope(duty1Id, 'round.start', { id, floorId: DEMO_IDS.floor1, slot, startedAt: `${day}T09:00:00+08:00` }),
        envelope(duty1Id, 'round.finish', {
          id,
          finishedAt: `${day}T09:30:00+08:00`,
          checkedWindowIds: [DEMO_IDS.window101],
          allInOrderWindowIds: [DEMO_IDS.window101],
        }),
      ];
    };
    expect(
      (await push(h.app, duty1, [...round(0, '2026-09-01'), ...round(1, '2026-09-01'), ...round(0, '2026-09-02')]))
        .status,
    ).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/patrol/coverage?month=${month}`, headers: { cookie: duty1 } }))
        .statusCode,
    ).toBe(403);
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/patrol/coverage?month=${month}`,
      headers: { cookie: supervision },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.roundsPerDay).toBe(2);
    const of = (userId: string) =>
      body.days
        .filter((d: { userId: string }) => d.userId === userId)
        .map((d: { day: string; done: number }) => [d.day, d.done]);
    expect(of(duty1Id)).toEqual([
      ['2026-09-01', 2],
      ['2026-09-02', 1],
    ]);
    expect(of(duty2Id)).toEqual([
      ['2026-09-01', 0],
      ['2026-09-02', 0],
    ]);
    expect(
      body.dutyFlags.map((f: { userId: string; missedRounds: number }) => [f.userId, f.missedRounds]).sort(),
    ).toEqual(
      [
        [duty1Id, 1],
        [duty2Id, 4],
      ].sort(),
    );
    const never = body.windowsNeverChecked.map((w: { id: string }) => w.id);
    expect(never).not.toContain(DEMO_IDS.window101);
    expect(never).toContain(DEMO_IDS.window201);
  });
});
