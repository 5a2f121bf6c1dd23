import { describe, expect, it } from 'vitest';
import {
  AbandonRoundArgsSchema,
  CheckWindowArgsSchema,
  DEFAULT_SCHEME,
  roundClosesAt,
  roundOverdue,
  roundSlots,
  wallClockOf,
  withinSlot,
} from '../../../src/domain';

const slots = roundSlots(DEFAULT_SCHEME); // 08:30–11:30, 14:00–17:30
const m = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('rounds keep to their slots', () => {
  it('withinSlot: from inclusive, to exclusive (08:38 is not the afternoon)', () => {
    expect(withinSlot(slots[1]!, m('08:38'))).toBe(false);
    expect(withinSlot(slots[0]!, m('08:38'))).toBe(true);
    expect(withinSlot(slots[0]!, m('08:30'))).toBe(true);
    expect(withinSlot(slots[0]!, m('11:30'))).toBe(false);
  });

  it('an open round closes at its slot’s end; one started after its slot ended closes at the end of its day', () => {
    expect(roundClosesAt({ day: '2026-03-02', slot: 0, startedMinutes: m('09:00') }, slots)).toEqual({
      day: '2026-03-02',
      minutes: m('11:30'),
    });
    expect(roundClosesAt({ day: '2026-03-02', slot: 1, startedMinutes: m('08:38') }, slots)).toEqual({
      day: '2026-03-02',
      minutes: m('17:30'),
    });
    expect(roundClosesAt({ day: '2026-03-02', slot: 0, startedMinutes: m('12:10') }, slots)).toEqual({
      day: '2026-03-02',
      minutes: 24 * 60,
    });
    expect(wallClockOf({ day: '2026-03-02', minutes: m('11:30') })).toBe('2026-03-02T11:30');
    expect(wallClockOf({ day: '2026-03-02', minutes: 24 * 60 })).toBe('2026-03-02T23:59');
  });

  it('roundOverdue at an injected day and minute; a finished round never is', () => {
    const open = { day: '2026-03-02', slot: 0, startedMinutes: m('09:00'), finishedAt: null };
    expect(roundOverdue(open, slots, '2026-03-02', m('11:29'))).toBe(false);
    expect(roundOverdue(open, slots, '2026-03-02', m('11:30'))).toBe(true);
    expect(roundOverdue(open, slots, '2026-03-03', m('08:00'))).toBe(true);
    expect(roundOverdue(open, slots, '2026-03-01', m('23:00'))).toBe(false);
    expect(roundOverdue({ ...open, finishedAt: '2026-03-02T10:00:00+08:00' }, slots, '2026-03-03', 0)).toBe(false);
  });

  it('the new mutations are bounded: a reason is required, at most 200 characters, no NUL', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const at = '2026-03-02T09:00:00+08:00';
    expect(AbandonRoundArgsSchema.safeParse({ id, reason: '临时会议', abandonedAt: at }).success).toBe(true);
    expect(AbandonRoundArgsSchema.safeParse({ id, reason: '  ', abandonedAt: at }).success).toBe(false);
    expect(AbandonRoundArgsSchema.safeParse({ id, reason: 'x'.repeat(201), abandonedAt: at }).success).toBe(false);
    expect(AbandonRoundArgsSchema.safeParse({ id, reason: 'a\u0000b', abandonedAt: at }).success).toBe(false);
    expect(CheckWindowArgsSchema.safeParse({ id, windowId: id, inOrder: true, checkedAt: at }).success).toBe(true);
    expect(CheckWindowArgsSchema.safeParse({ id, windowId: 'w', inOrder: true, checkedAt: at }).success).toBe(false);
  });
});
