import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, push, recordMutation } from './support/sync';

/**
 * A record's month is the hall's (Asia/Shanghai by default), not UTC's: 00:30 on 1 December in
 * the hall is still 30 November in UTC. The phone sends observedAt in UTC.
 */
describeEachTarget('the hall time zone decides a record’s month and a round’s day', (target) => {
  let h: Harness;
  let duty1: string;
  let duty1Id: string;
  let supervision: string;

  beforeAll(async () => {
    h = await createHarness(target);
    duty1 = await h.loginAs('duty1');
    duty1Id = await h.userId('duty1');
    supervision = await h.loginAs('super1');
  });
  afterAll(() => h?.close());

  const closeMonth = (month: string) =>
    h.app.inject({ method: 'POST', url: `/api/periods/${month}/close`, headers: { cookie: supervision }, payload: {} });
  const EARLY_ON_THE_1ST = '2026-11-30T16:30:00.000Z'; // = 2026-12-01T00:30+08:00, as the phone sends it

  it('the profile tells the phone the hall’s time zone', async () => {
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: duty1 } });
    expect(me.json().profile.hallTimeZone).toBe('Asia/Shanghai');
  });

  it('a record observed at 2026-12-01T00:30+08:00 is accepted while only 2026-11 is closed, and rejected once 2026-12 is closed', async () => {
    expect((await closeMonth('2026-11')).statusCode).toBe(200);
    const early = recordMutation(duty1Id, { observedAt: EARLY_ON_THE_1ST, note: '12月1日 00:30' });
    const sameWithOffset = recordMutation(duty1Id, {
      observedAt: '2026-12-01T00:30:00+08:00',
      note: '同一时刻，带时区',
    });
    const lastMinuteOfNovember = recordMutation(duty1Id, { observedAt: '2026-11-30T15:59:00.000Z' }); // 23:59 on 30 Nov in the hall
    const { body } = await push(h.app, duty1, [early, sameWithOffset, lastMinuteOfNovember]);
    expect(body.results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'applied',
      'applied',
      'closed',
    ]);
    expect(body.results[2].reason).toContain('2026-11');
    const ids = [early, sameWithOffset].map((m) => (m.args as { id: string }).id);
    expect(await h.db.query('select id from violations where id = any($1::uuid[])', [ids])).toHaveLength(2);

    // A correction of the stored record follows its hall month too: open while December is.
    const update = envelope(duty1Id, 'violation.update', { id: ids[0], count: 2 });
    expect((await push(h.app, duty1, [update])).body.results[0]).toMatchObject({ status: 'applied' });

    expect((await closeMonth('2026-12')).statusCode).toBe(200);
    const again = recordMutation(duty1Id, { observedAt: EARLY_ON_THE_1ST });
    const rejected = (await push(h.app, duty1, [again])).body.results[0];
    expect(rejected).toMatchObject({ status: 'rejected', code: 'closed' });
    expect(rejected.reason).toContain('2026-12');
    expect(
      await h.db.query('select id from violations where id = $1', [(again.args as { id: string }).id]),
    ).toHaveLength(0);
    const lateUpdate = envelope(duty1Id, 'violation.update', { id: ids[0], count: 3 });
    expect((await push(h.app, duty1, [lateUpdate])).body.results[0]).toMatchObject({ code: 'closed' });

    // Forwarded late, it is filed under 2026-12 (the month that is closed).
    const late = envelope(duty1Id, 'violation.late_submit', {
      id: crypto.randomUUID(),
      violation: again.args,
      reason: '离线',
    });
    expect((await push(h.app, duty1, [late])).body.results[0]).toMatchObject({ status: 'applied' });
    const [filed] = await h.db.query<{ month: string }>('select month from late_submissions where id = $1', [
      (late.args as { id: string }).id,
    ]);
    expect(filed?.month).toBe('2026-12');
  });

  it('the month’s assessment counts the records of 00:30 on the 1st in December, the month they were closed in', async () => {
    // Both months are closed by the test above; the records of 00:30 on 12-01 were applied then.
    const compiled = async (month: string) => {
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/assessments/${month}/compile`,
        headers: { cookie: supervision },
        payload: {},
      });
      expect(res.statusCode).toBe(200);
      const result = res.json().preliminary.result as {
        windows: { sheet: { categories: { records: { recordId: string }[] }[] } }[];
      };
      return new Set(
        result.windows.flatMap((w) => w.sheet.categories.flatMap((c) => c.records.map((r) => r.recordId))),
      );
    };
    const early = await h.db.query<{ id: string }>(
      "select id from violations where note in ('12月1日 00:30', '同一时刻，带时区')",
    );
    expect(early).toHaveLength(2);
    const december = await compiled('2026-12');
    const november = await compiled('2026-11');
    for (const { id } of early) {
      expect(december.has(id)).toBe(true);
      expect(november.has(id)).toBe(false);
    }
    // A deduction from another source entered for November must be observed in the hall's November.
    const deduction = (observedAt: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/assessments/2026-11/deductions',
        headers: { cookie: supervision },
        payload: {
          windowId: DEMO_IDS.window102,
          staffId: null,
          itemCode: 'UNTIDY',
          count: 1,
          observedAt,
          note: '',
          source: 'section',
        },
      });
    const refused = await deduction(EARLY_ON_THE_1ST);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('hall');
  });

  it('a round started at 00:10 hall time on the 1st is a round of the 1st, whatever offset the phone wrote', async () => {
    const id = crypto.randomUUID();
    const start = envelope(duty1Id, 'round.start', {
      id,
      floorId: DEMO_IDS.floor1,
      slot: 0,
      startedAt: '2026-11-30T16:10:00.000Z',
    });
    expect((await push(h.app, duty1, [start])).body.results[0]).toMatchObject({ status: 'applied' });
    const [round] = await h.db.query<{ day: string }>('select day from rounds where id = $1', [id]);
    expect(round?.day).toBe('2026-12-01');
  });

  it('coverage counts a window recorded at 00:30 on the 1st as checked in December, not November', async () => {
    const coverage = async (month: string) =>
      (
        await h.app.inject({
          method: 'GET',
          url: `/api/patrol/coverage?month=${month}`,
          headers: { cookie: supervision },
        })
      ).json() as { windowsNeverChecked: { id: string }[] };
    expect((await coverage('2026-12')).windowsNeverChecked.map((w) => w.id)).not.toContain(DEMO_IDS.window102);
    expect((await coverage('2026-11')).windowsNeverChecked.map((w) => w.id)).toContain(DEMO_IDS.window102);
  });
});

describeEachTarget('another hall time zone (HALL_TIME_ZONE=UTC)', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(target, { config: { hallTimeZone: 'UTC' } });
  });
  afterAll(() => h?.close());

  it('the same instant belongs to November in a hall on UTC', async () => {
    const duty1 = await h.loginAs('duty1');
    const duty1Id = await h.userId('duty1');
    const supervision = await h.loginAs('super1');
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/periods/2026-11/close',
          headers: { cookie: supervision },
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    const record = recordMutation(duty1Id, { observedAt: '2026-11-30T16:30:00.000Z' });
    expect((await push(h.app, duty1, [record])).body.results[0]).toMatchObject({ status: 'rejected', code: 'closed' });
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: duty1 } });
    expect(me.json().profile.hallTimeZone).toBe('UTC');
  });
});
