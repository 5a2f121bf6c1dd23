import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from '../../src/domain/scheme';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { envelope, pullAll, push, recordMutation } from './support/sync';

/**
 * Issue #15 variant 5: the duty leader records when a person seen off post came back
 * (violation.update with returnedAt, offline through the outbox like any correction); the server
 * checks it, keeps it, syncs it back, and the scheme preview scores the conversion.
 */
describeEachTarget('off-post return time (#15)', (target) => {
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

  const update = (args: Record<string, unknown>) => push(h.app, duty1, [envelope(duty1Id, 'violation.update', args)]);

  it('records the return, refuses a wrong one with a clear 4xx-style rejection, pulls it back, previews it scored', async () => {
    const record = recordMutation(duty1Id, { itemCode: 'OFF_POST', observedAt: '2026-05-06T10:00:00+08:00', note: '' });
    const id = (record.args as { id: string }).id;
    expect((await push(h.app, duty1, [record])).body.results[0].status).toBe('applied');

    const refused = async (returnedAt: string) => (await update({ id, returnedAt })).body.results[0];
    // Before the sighting, another hall day, ahead of the server: refused, each with its reason.
    expect(await refused('2026-05-06T09:59:00+08:00')).toMatchObject({ status: 'rejected', code: 'invalid' });
    expect(await refused('2026-05-07T10:00:00+08:00')).toMatchObject({ status: 'rejected', code: 'invalid' });
    expect(await refused('2099-05-06T10:40:00+08:00')).toMatchObject({ status: 'rejected', code: 'invalid' });

    // Back at 10:40 hall time: 40 minutes away.
    expect((await update({ id, returnedAt: '2026-05-06T10:40:00+08:00' })).body.results[0].status).toBe('applied');
    const [row] = await h.db.query<{ returned_at: Date }>('select returned_at from violations where id = $1', [id]);
    expect(new Date(row!.returned_at).toISOString()).toBe('2026-05-06T02:40:00.000Z');
    const pulled = (await pullAll(h.app, duty1)).changes.find((c) => c.id === id);
    expect(pulled?.data).toMatchObject({ returnedAt: '2026-05-06T02:40:00.000Z' });

    // Not an off-post or late record: a return time does not belong to it.
    const eating = recordMutation(duty1Id, { observedAt: '2026-05-06T10:05:00+08:00' });
    await push(h.app, duty1, [eating]);
    const wrongItem = await update({ id: (eating.args as { id: string }).id, returnedAt: '2026-05-06T10:30:00+08:00' });
    expect(wrongItem.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });

    // The preview of May under a draft scoring the conversion (30 min): 40 > 30, OFF_POST 1 becomes
    // ABSENCE 1 half day (1 point) — with OFF_POST at 0.5 (004) the window goes from 99.5 to 99.
    const draft = {
      ...DEFAULT_SCHEME,
      items: DEFAULT_SCHEME.items.map((i) => (i.code === 'OFF_POST' ? { ...i, points: 0.5 } : i)),
      offPost: { absenceAfterMinutes: 30, scored: true },
    };
    const plain = { ...draft, offPost: { absenceAfterMinutes: 30, scored: false } };
    const preview = async (scheme: unknown) => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/admin/schemes/preview',
        headers: { cookie: supervision },
        payload: { scheme, month: '2026-05' },
      });
      expect(res.statusCode).toBe(200);
      return res.json().windows.find((w: { windowId: string }) => w.windowId === DEMO_IDS.window102).draft.score;
    };
    // The window also has the EATING record (2): unscored 100 − 0.5 − 2 = 97.5; scored 100 − 1 − 2 = 97.
    expect(await preview(plain)).toBe(97.5);
    expect(await preview(draft)).toBe(97);
  });
});
