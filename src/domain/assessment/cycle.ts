import type { Role } from '../roles';

/**
 * The monthly cycle (DOMAIN §5.1–§5.4) as a pure state machine:
 *
 *   open → closed (for recording) → preliminary (初步情况, compiled) → verification (核实:
 *   window heads dispute, the supervision section decides) → approved (审定 by the center
 *   leader) → published (公布, version 1) → correction → published (version N+1, with its reason).
 *
 * The server checks every step here before it writes; the phone uses the same rules to show
 * what the signed-in user may do.
 */
export const CYCLE_STATES = ['open', 'closed', 'preliminary', 'verification', 'approved', 'published'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export const CYCLE_ACTIONS = [
  'close', // 截止录入: no record or correction is accepted any more
  'compile', // 汇总初步情况: (re)compute the preliminary result
  'open_verification', // 通报, window heads may now verify and dispute
  'file_dispute', // a window head disputes a record of their window
  'decide_dispute', // the supervision section upholds or overturns the record
  'return', // the center leader sends an approved result back to verification
  'approve', // 审定 by the center leader
  'publish', // 公布: version 1, immutable
  'correct', // a correction after publication: version N+1 with its reason
] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

interface Step {
  from: readonly CycleState[];
  /** null: the state does not change. */
  to: CycleState | null;
  roles: readonly Role[];
}

export const CYCLE_STEPS: Record<CycleAction, Step> = {
  close: { from: ['open'], to: 'closed', roles: ['supervision'] },
  compile: { from: ['closed', 'preliminary', 'verification'], to: null, roles: ['supervision'] },
  open_verification: { from: ['preliminary'], to: 'verification', roles: ['supervision'] },
  file_dispute: { from: ['verification'], to: null, roles: ['window_head'] },
  decide_dispute: { from: ['verification'], to: null, roles: ['supervision'] },
  return: { from: ['approved'], to: 'verification', roles: ['center_leader'] },
  approve: { from: ['verification'], to: 'approved', roles: ['center_leader'] },
  publish: { from: ['approved'], to: 'published', roles: ['supervision', 'center_leader'] },
  correct: { from: ['published'], to: null, roles: ['supervision'] },
};

/** What blocks a step besides state and role. */
export interface CycleContext {
  /** Disputes still waiting for a decision: approval waits for all of them. */
  pendingDisputes?: number;
  /** A correction must say why (DOMAIN §5.4: a later correction is a new, audited version). */
  reason?: string | null;
}

export type CycleRefusal = {
  ok: false;
  code: 'forbidden' | 'wrong_state' | 'pending_disputes' | 'reason_required';
  reason: string;
};
export type CycleOutcome = { ok: true; next: CycleState } | CycleRefusal;

const STATE_NAMES: Record<CycleState, string> = {
  open: 'open for recording',
  closed: 'closed for recording',
  preliminary: 'preliminary results compiled',
  verification: 'in verification',
  approved: 'approved',
  published: 'published',
};

/** compile in 'closed' makes the month 'preliminary'; elsewhere it recomputes in place. */
function target(action: CycleAction, state: CycleState): CycleState {
  if (action === 'compile' && state === 'closed') return 'preliminary';
  return CYCLE_STEPS[action].to ?? state;
}

/** Whether `role` may take `action` in `state`, and the state after it. */
export function cycleStep(
  state: CycleState,
  action: CycleAction,
  role: Role,
  context: CycleContext = {},
): CycleOutcome {
  const step = CYCLE_STEPS[action];
  if (!step.roles.includes(role)) {
    return {
      ok: false,
      code: 'forbidden',
      reason: `${action}: only ${step.roles.join(' or ')} may do this (you are ${role})`,
    };
  }
  if (!step.from.includes(state)) {
    return {
      ok: false,
      code: 'wrong_state',
      reason: `${action} is not possible while the month is ${STATE_NAMES[state]} (possible when ${step.from.map((s) => STATE_NAMES[s]).join(', ')})`,
    };
  }
  if (action === 'approve' && (context.pendingDisputes ?? 0) > 0) {
    return {
      ok: false,
      code: 'pending_disputes',
      reason: `${context.pendingDisputes} dispute(s) still wait for a decision`,
    };
  }
  if (action === 'correct' && !context.reason?.trim()) {
    return { ok: false, code: 'reason_required', reason: 'a correction after publication needs its reason' };
  }
  return { ok: true, next: target(action, state) };
}

/** The actions `role` may take in `state` (context-free: pending disputes etc. are checked on the step). */
export function availableActions(state: CycleState, role: Role): CycleAction[] {
  return CYCLE_ACTIONS.filter((a) => CYCLE_STEPS[a].roles.includes(role) && CYCLE_STEPS[a].from.includes(state));
}

/**
 * The month's state from what is stored: the assessment period's own state when the cycle has
 * started, else closed when the month is closed for recording, else open.
 */
export function cycleStateOf(stored: CycleState | null | undefined, closedForRecording: boolean): CycleState {
  if (stored) return stored;
  return closedForRecording ? 'closed' : 'open';
}

/** Records (deductions, bonuses, disqualifications) may still change until approval freezes them. */
export function recordsEditable(state: CycleState): boolean {
  return state !== 'approved';
}
