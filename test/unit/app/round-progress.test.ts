import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, roundSlots } from '../../../src/domain';
import {
  abandonRound,
  checkWindow,
  closeOverdueRounds,
  openRoundAt,
  startRound,
} from '../../../src/app/features/patrol/rounds';
import { inboxByLeave } from '../../../src/app/features/leave/inbox';
import { recordViolation } from '../../../src/app/features/violations/record';
import { FLOOR_1, USER_A, USER_B, WINDOW_1, WINDOW_2, makeDb } from './helpers';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => () => new Date(iso);
const slots = roundSlots(DEFAULT_SCHEME);

describe('round progress on the phone (issue 13 §2–4)', () => {
  it('each 一切正常 and its taking back is an outbox change of its own; the round row holds the progress', async () => {
    const db = makeDb();
    const round = await startRound(db, { floorId: FLOOR_1, slot: 0, zone: ZONE }, USER_A, at('2026-03-02T01:00:00Z'));
    await checkWindow(
      db,
      { roundId: round.id, windowId: WINDOW_1, inOrder: true, zone: ZONE },
      USER_A,
      at('2026-03-02T01:05:00Z'),
    );
    await checkWindow(
      db,
      { roundId: round.id, windowId: WINDOW_2, inOrder: true, zone: ZONE },
      USER_A,
      at('2026-03-02T01:06:00Z'),
    );
    expect(await db.rounds.get(round.id)).toMatchObject({
      checkedWindowIds: [WINDOW_1, WINDOW_2],
      allInOrderWindowIds: [WINDOW_1, WINDOW_2],
      finishedAt: null,
    });
    await checkWindow(
      db,
      { roundId: round.id, windowId: WINDOW_2, inOrder: false, zone: ZONE },
      USER_A,
      at('2026-03-02T01:07:00Z'),
    );
    expect(await db.rounds.get(round.id)).toMatchObject({
      checkedWindowIds: [WINDOW_1],
      allInOrderWindowIds: [WINDOW_1],
    });
    const queued = await db.outbox.orderBy(':id').toArray();
    expect(queued.map((e) => e.name)).toEqual([
      'round.start',
      'round.check_window',
      'round.check_window',
      'round.check_window',
    ]);
    expect(queued[1]!.args).toEqual({
      id: round.id,
      windowId: WINDOW_1,
      inOrder: true,
      checkedAt: '2026-03-02T09:05:00+08:00',
    });
  });

  it('a record from the plain form finds the open round of its floor: the recorder’s own, started before it, not finished or abandoned', async () => {
    const db = makeDb();
    const round = await startRound(db, { floorId: FLOOR_1, slot: 0, zone: ZONE }, USER_A, at('2026-03-02T01:00:00Z'));
    const rounds = await db.rounds.toArray();
    expect(openRoundAt(rounds, USER_A.id, FLOOR_1, new Date('2026-03-02T01:10:00Z'))?.id).toBe(round.id);
    expect(openRoundAt(rounds, USER_A.id, FLOOR_1, new Date('2026-03-02T00:59:00Z'))).toBeNull();
    // The form's time has no seconds: the minute the round started is in it.
    const late = await startRound(db, { floorId: FLOOR_1, slot: 1, zone: ZONE }, USER_B, at('2026-03-02T06:00:40Z'));
    expect(openRoundAt(await db.rounds.toArray(), USER_B.id, FLOOR_1, new Date('2026-03-02T06:00:00Z'))?.id).toBe(
      late.id,
    );
    expect(openRoundAt(rounds, USER_B.id, FLOOR_1, new Date('2026-03-02T01:10:00Z'))).toBeNull();
    expect(
      openRoundAt(rounds, USER_A.id, '44444444-4444-4444-8444-444444444442', new Date('2026-03-02T01:10:00Z')),
    ).toBeNull();
    await abandonRound(db, { id: round.id, reason: '临时会议', zone: ZONE }, USER_A, at('2026-03-02T01:20:00Z'));
    expect(openRoundAt(await db.rounds.toArray(), USER_A.id, FLOOR_1, new Date('2026-03-02T01:30:00Z'))).toBeNull();
    const last = (await db.outbox.orderBy(':id').toArray()).at(-1)!;
    expect(last).toMatchObject({
      name: 'round.abandon',
      args: { id: round.id, reason: '临时会议', abandonedAt: '2026-03-02T09:20:00+08:00' },
    });
    await expect(abandonRound(db, { id: round.id, reason: '   ', zone: ZONE }, USER_A)).rejects.toThrow();
  });

  it('an open round past its slot closes itself at the slot’s end, with what was checked (injected clock)', async () => {
    const db = makeDb();
    // Morning round started 09:00 hall time; a window in order, a record at another.
    const round = await startRound(db, { floorId: FLOOR_1, slot: 0, zone: ZONE }, USER_A, at('2026-03-02T01:00:00Z'));
    await checkWindow(
      db,
      { roundId: round.id, windowId: WINDOW_1, inOrder: true, zone: ZONE },
      USER_A,
      at('2026-03-02T01:05:00Z'),
    );
    await recordViolation(
      db,
      {
        windowId: WINDOW_2,
        staffId: null,
        itemCode: 'EATING',
        count: 1,
        observedAt: new Date('2026-03-02T01:10:00Z'),
        roundId: round.id,
      },
      USER_A,
      at('2026-03-02T01:10:00Z'),
    );
    // 11:29: still the slot.
    expect(await closeOverdueRounds(db, slots, USER_A, ZONE, at('2026-03-02T03:29:00Z'))).toEqual([]);
    expect((await db.rounds.get(round.id))!.finishedAt).toBeNull();
    // 12:40: the slot ended at 11:30; closed then, not at 12:40.
    expect(await closeOverdueRounds(db, slots, USER_A, ZONE, at('2026-03-02T04:40:00Z'))).toEqual([round.id]);
    const closed = await db.rounds.get(round.id);
    expect(closed!.finishedAt).toBe('2026-03-02T11:30:00+08:00');
    expect([...closed!.checkedWindowIds].sort()).toEqual([WINDOW_1, WINDOW_2].sort());
    expect(closed!.allInOrderWindowIds).toEqual([WINDOW_1]);
    // Once only.
    expect(await closeOverdueRounds(db, slots, USER_A, ZONE, at('2026-03-02T05:00:00Z'))).toEqual([]);
    // Another user's open round is not this phone user's to close.
    const other = await startRound(db, { floorId: FLOOR_1, slot: 0, zone: ZONE }, USER_B, at('2026-03-02T01:00:00Z'));
    expect(await closeOverdueRounds(db, slots, USER_A, ZONE, at('2026-03-02T05:00:00Z'))).toEqual([]);
    expect((await db.rounds.get(other.id))!.finishedAt).toBeNull();
  });
});

describe('the approver’s inbox lists each request once', () => {
  it('a step to decide and a substitute to name on the same leave make one entry with both kinds', () => {
    const entries = inboxByLeave([
      { kind: 'decide', leaveId: 'L1', step: 0, role: 'window_head' },
      { kind: 'arrange_substitute', leaveId: 'L1' },
      { kind: 'confirm_substitute', leaveId: 'L2', substituteId: 'S2' },
    ]);
    expect(entries).toEqual([
      { leaveId: 'L1', kinds: ['decide', 'arrange_substitute'], substituteId: null },
      { leaveId: 'L2', kinds: ['confirm_substitute'], substituteId: 'S2' },
    ]);
  });
});
