import { describe, expect, it } from 'vitest';
import {
  CYCLE_ACTIONS,
  CYCLE_STATES,
  availableActions,
  cycleStateOf,
  cycleStep,
  recordsEditable,
  type CycleAction,
  type CycleState,
} from '../../../src/domain/assessment';
import { ROLES, type Role } from '../../../src/domain/roles';

describe('monthly cycle: who may do what, when', () => {
  // [state, action, role, expected next state or refusal code]
  const table: [CycleState, CycleAction, Role, CycleState | 'forbidden' | 'wrong_state'][] = [
    ['open', 'close', 'supervision', 'closed'],
    ['open', 'close', 'center_leader', 'forbidden'],
    ['closed', 'close', 'supervision', 'wrong_state'],
    ['open', 'compile', 'supervision', 'wrong_state'],
    ['closed', 'compile', 'supervision', 'preliminary'],
    ['preliminary', 'compile', 'supervision', 'preliminary'],
    ['verification', 'compile', 'supervision', 'verification'],
    ['closed', 'compile', 'window_head', 'forbidden'],
    ['preliminary', 'open_verification', 'supervision', 'verification'],
    ['closed', 'open_verification', 'supervision', 'wrong_state'],
    ['verification', 'file_dispute', 'window_head', 'verification'],
    ['verification', 'file_dispute', 'staff', 'forbidden'],
    ['verification', 'file_dispute', 'supervision', 'forbidden'],
    ['preliminary', 'file_dispute', 'window_head', 'wrong_state'],
    ['approved', 'file_dispute', 'window_head', 'wrong_state'],
    ['published', 'file_dispute', 'window_head', 'wrong_state'],
    ['verification', 'decide_dispute', 'supervision', 'verification'],
    ['verification', 'decide_dispute', 'center_leader', 'forbidden'],
    ['approved', 'decide_dispute', 'supervision', 'wrong_state'],
    ['verification', 'approve', 'center_leader', 'approved'],
    ['verification', 'approve', 'supervision', 'forbidden'],
    ['preliminary', 'approve', 'center_leader', 'wrong_state'],
    ['approved', 'return', 'center_leader', 'verification'],
    ['approved', 'publish', 'supervision', 'published'],
    ['approved', 'publish', 'center_leader', 'published'],
    ['verification', 'publish', 'supervision', 'wrong_state'],
    ['approved', 'publish', 'window_head', 'forbidden'],
    ['published', 'publish', 'supervision', 'wrong_state'],
    ['published', 'correct', 'supervision', 'published'],
    ['published', 'correct', 'center_leader', 'forbidden'],
    ['verification', 'correct', 'supervision', 'wrong_state'],
  ];
  it.each(table)('%s + %s by %s → %s', (state, action, role, expected) => {
    const outcome = cycleStep(state, action, role, { reason: 'typo in the item' });
    if (expected === 'forbidden' || expected === 'wrong_state') {
      expect(outcome).toMatchObject({ ok: false, code: expected });
      if (!outcome.ok) expect(outcome.reason).toMatch(action);
    } else expect(outcome).toEqual({ ok: true, next: expected });
  });

  it('approval waits for every dispute to be decided', () => {
    expect(cycleStep('verification', 'approve', 'center_leader', { pendingDisputes: 2 })).toMatchObject({
      ok: false,
      code: 'pending_disputes',
    });
    expect(cycleStep('verification', 'approve', 'center_leader', { pendingDisputes: 0 })).toEqual({
      ok: true,
      next: 'approved',
    });
  });

  it.each([[undefined], [null], [''], ['   ']])('a correction without a reason (%j) is refused', (reason) => {
    expect(cycleStep('published', 'correct', 'supervision', { reason })).toMatchObject({
      ok: false,
      code: 'reason_required',
    });
  });

  it('role checks come before state checks (a stranger learns nothing about the month)', () => {
    expect(cycleStep('open', 'approve', 'staff')).toMatchObject({ code: 'forbidden' });
  });

  it('every state has a way forward for somebody, and staff may never act', () => {
    for (const state of CYCLE_STATES) {
      const any = ROLES.flatMap((r) => availableActions(state, r));
      expect(any.length, state).toBeGreaterThan(0);
      expect(availableActions(state, 'staff')).toEqual([]);
    }
    expect(availableActions('verification', 'window_head')).toEqual(['file_dispute']);
    expect(availableActions('verification', 'center_leader')).toEqual(['approve']);
    expect(new Set(CYCLE_ACTIONS).size).toBe(CYCLE_ACTIONS.length);
  });

  it('the stored state wins; otherwise closed for recording or open', () => {
    expect(cycleStateOf(null, false)).toBe('open');
    expect(cycleStateOf(undefined, true)).toBe('closed');
    expect(cycleStateOf('verification', true)).toBe('verification');
  });

  it('approval freezes the records until publication', () => {
    expect(CYCLE_STATES.filter((s) => !recordsEditable(s))).toEqual(['approved']);
  });
});
