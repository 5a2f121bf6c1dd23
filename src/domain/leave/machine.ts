import type { RejectionCode } from '../sync/protocol';
import { APPROVER_LABELS, isApproverOf, mayDecideAs, type Actor, type LeaveWindow } from './chain';
import { compareHalfDays, countedHalfDays, formatHalfDay, nextHalfDay, previousHalfDay, type HalfDay } from './days';
import type { AttachmentRef, LeaveRequest, LeaveStatus, StoredAttachment, SubstituteArrangement } from './entities';
import type { LeavePreview } from './conflicts';
import { leaveTypeRule, type ResolvedLeaveRules } from './rule-defaults';

/**
 * The life of a leave request and its substitute arrangement (DOMAIN §6–§7), as pure
 * transitions: each takes the current state, the actor and what they ask, and gives the new
 * state or a rejection with the reason the actor is shown. The server applies them under a lock
 * (the first valid decision wins); the phone applies the same ones to its local copy.
 */

export type Result<T> = { ok: true; value: T } | { ok: false; code: RejectionCode; reason: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const no = (code: RejectionCode, reason: string): Result<never> => ({ ok: false, code, reason });

const STATUS_LABEL: Record<LeaveStatus, string> = {
  pending: 'pending approval',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  revoked: 'revoked',
  closed: 'closed (销假)',
};

export const isRequester = (leave: Pick<LeaveRequest, 'staffId' | 'requestedBy'>, actor: Actor): boolean =>
  actor.staffId === leave.staffId || actor.id === leave.requestedBy;

/** Settles a pending request whose steps are all approved: approved unless it still waits for its substitute. */
export function settledStatus(
  leave: LeaveRequest,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
): LeaveStatus {
  if (leave.status !== 'pending') return leave.status;
  if (!leave.steps.every((s) => s.decision === 'approved')) return 'pending';
  return waitsForSubstitute(leave, substitute, rules) ? 'pending' : 'approved';
}

/**
 * Leave that needs a substitute is approved only once the substitute is confirmed. A request
 * filed afterwards (补办) may be approved without one — the leave has happened; the missing
 * substitute then becomes an assessment record (consequences).
 */
export function waitsForSubstitute(
  leave: LeaveRequest,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
): boolean {
  if (!leave.substituteRequired || !rules.leave.substituteBeforeApproval || leave.filedAfterwards) return false;
  return substitute?.status !== 'confirmed';
}

/** Where a request stands: which step waits, or the substitute, or nothing. */
export type LeaveStage =
  | { kind: 'step'; index: number; role: LeaveRequest['steps'][number]['role'] }
  | { kind: 'substitute'; needs: 'name' | 'confirm' }
  | { kind: 'done'; status: LeaveStatus };

export function leaveStage(
  leave: LeaveRequest,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
): LeaveStage {
  if (leave.status !== 'pending') return { kind: 'done', status: leave.status };
  const index = leave.steps.findIndex((s) => s.decision === null);
  if (index >= 0) return { kind: 'step', index, role: leave.steps[index]!.role };
  if (waitsForSubstitute(leave, substitute, rules))
    return { kind: 'substitute', needs: substitute && substitute.status === 'named' ? 'confirm' : 'name' };
  return { kind: 'done', status: leave.status };
}

export interface DecideInput {
  step: number;
  decision: 'approve' | 'reject';
  comment: string;
  decidedAt: string;
}

/**
 * One approver's decision on one step. Only the step that waits can be decided, by someone who
 * holds that step's role for the window; a step already decided (by another approver or on
 * another phone) is a conflict naming who decided it first.
 */
export function decideStep(
  leave: LeaveRequest,
  input: DecideInput,
  actor: Actor,
  window: LeaveWindow,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
): Result<LeaveRequest> {
  const step = leave.steps[input.step];
  if (!step)
    return no('invalid', `this request has ${leave.steps.length} approval step(s), not step ${input.step + 1}`);
  if (isRequester(leave, actor)) return no('forbidden', 'you cannot approve your own leave');
  if (!mayDecideAs(actor, step.role, window)) {
    return no(
      'forbidden',
      `step ${input.step + 1} is for the ${APPROVER_LABELS[step.role].en.toLowerCase()} of this window, not for you`,
    );
  }
  if (step.decision !== null) {
    const who = step.by === actor.id ? 'you (on another device)' : (step.byName ?? 'another approver');
    return no(
      'conflict',
      `step ${input.step + 1} was already ${step.decision} by ${who} at ${step.decidedAt ?? '?'}; your decision was not applied`,
    );
  }
  if (leave.status !== 'pending')
    return no('conflict', `${whyNotPending(leave, actor)}; your decision was not applied`);
  const waiting = leave.steps.findIndex((s) => s.decision === null);
  if (waiting !== input.step) {
    return no(
      'conflict',
      `step ${input.step + 1} waits for step ${waiting + 1} (${APPROVER_LABELS[leave.steps[waiting]!.role].en.toLowerCase()}) first`,
    );
  }
  if (input.decision === 'reject' && !input.comment.trim())
    return no('invalid', 'a rejection needs a comment saying why');
  const steps = leave.steps.map((s, i) =>
    i === input.step
      ? {
          ...s,
          decision: input.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
          by: actor.id,
          byName: actor.name,
          comment: input.comment,
          decidedAt: input.decidedAt,
        }
      : s,
  );
  const next: LeaveRequest = { ...leave, steps, status: input.decision === 'reject' ? 'rejected' : 'pending' };
  return ok({ ...next, status: settledStatus(next, substitute, rules) });
}

/** Why a request no longer takes decisions, naming who ended it. */
function whyNotPending(leave: LeaveRequest, actor: Actor): string {
  if (leave.status === 'rejected') {
    const s = leave.steps.find((x) => x.decision === 'rejected');
    return `the request was already rejected by ${s?.by === actor.id ? 'you (on another device)' : (s?.byName ?? 'another approver')} at ${s?.decidedAt ?? '?'}`;
  }
  if (leave.status === 'withdrawn') return `the request was withdrawn by the requester at ${leave.withdrawnAt ?? '?'}`;
  return `the request is already ${STATUS_LABEL[leave.status]}`;
}

/** Withdrawn by the requester while it is not yet approved. */
export function withdrawLeave(leave: LeaveRequest, actor: Actor, at: string): Result<LeaveRequest> {
  if (!isRequester(leave, actor)) return no('forbidden', 'only the requester may withdraw a leave request');
  if (leave.status === 'approved')
    return no('conflict', 'the leave is already approved: ask an approver to revoke it instead');
  if (leave.status !== 'pending') return no('conflict', `the request is already ${STATUS_LABEL[leave.status]}`);
  return ok({ ...leave, status: 'withdrawn', withdrawnAt: at });
}

/** After approval the requester may ask to revoke; it takes effect only with an approver's consent. */
export function requestRevoke(leave: LeaveRequest, actor: Actor, reason: string, at: string): Result<LeaveRequest> {
  if (!isRequester(leave, actor)) return no('forbidden', 'only the requester may ask to revoke a leave');
  if (leave.status === 'pending') return no('conflict', 'the request is not approved yet: withdraw it instead');
  if (leave.status !== 'approved') return no('conflict', `the request is already ${STATUS_LABEL[leave.status]}`);
  if (leave.revocation && leave.revocation.answer === null)
    return no('conflict', 'a revocation is already waiting for an approver');
  return ok({
    ...leave,
    revocation: {
      requestedAt: at,
      reason,
      answer: null,
      answeredBy: null,
      answeredByName: null,
      answeredAt: null,
      comment: '',
    },
  });
}

/** An approver of the request consents to (or refuses) the revocation. */
export function answerRevoke(
  leave: LeaveRequest,
  actor: Actor,
  window: LeaveWindow,
  consent: boolean,
  comment: string,
  at: string,
): Result<LeaveRequest> {
  const chain = leave.steps.map((s) => s.role);
  if (!isApproverOf(actor, chain, window) || isRequester(leave, actor))
    return no('forbidden', 'only an approver of this request may answer its revocation');
  const r = leave.revocation;
  if (!r) return no('conflict', 'no revocation was asked for this leave');
  if (r.answer !== null)
    return no(
      'conflict',
      `the revocation was already ${r.answer} by ${r.answeredBy === actor.id ? 'you' : (r.answeredByName ?? 'another approver')} at ${r.answeredAt}`,
    );
  if (leave.status !== 'approved') return no('conflict', `the request is already ${STATUS_LABEL[leave.status]}`);
  const revocation = {
    ...r,
    answer: consent ? ('consented' as const) : ('refused' as const),
    answeredBy: actor.id,
    answeredByName: actor.name,
    answeredAt: at,
    comment,
  };
  return ok({ ...leave, revocation, status: consent ? 'revoked' : 'approved' });
}

/**
 * 骗假 (DOMAIN §6): the supervision section finds an approved or closed leave obtained by deceit,
 * saying what the deceit was; the days taken then count as absence (consequences.ts). Once found,
 * it stays: a second finding is refused.
 */
export function markDeceit(leave: LeaveRequest, actor: Actor, reason: string, at: string): Result<LeaveRequest> {
  if (actor.role !== 'supervision')
    return no('forbidden', 'only the supervision section may find a leave obtained by deceit');
  if (actor.staffId !== null && actor.staffId === leave.staffId)
    return no('forbidden', 'a finding of deceit about your own leave is for a colleague to make');
  if (leave.status !== 'approved' && leave.status !== 'closed')
    return no(
      'conflict',
      `only a leave that was granted can have been obtained by deceit; this one is ${STATUS_LABEL[leave.status]}`,
    );
  if (leave.deceit)
    return no(
      'conflict',
      `the leave was already found obtained by deceit by ${leave.deceit.foundByName} at ${leave.deceit.foundAt}`,
    );
  if (!reason.trim()) return no('invalid', 'say what the deceit was');
  return ok({ ...leave, deceit: { foundAt: at, foundBy: actor.id, foundByName: actor.name, reason: reason.trim() } });
}

/** Adds a document (the sick certificate, the notice) while the leave is open. */
export function attachDocument(
  leave: LeaveRequest,
  ref: AttachmentRef,
  actor: Actor,
  at: string,
): Result<LeaveRequest> {
  if (!isRequester(leave, actor) && actor.role !== 'supervision')
    return no('forbidden', 'only the requester or the supervision section may add documents');
  if (!['pending', 'approved'].includes(leave.status))
    return no('conflict', `the request is already ${STATUS_LABEL[leave.status]}`);
  return ok({ ...leave, attachments: addAttachment(leave.attachments, ref, actor, at) });
}

function addAttachment(
  list: readonly StoredAttachment[],
  ref: AttachmentRef,
  actor: Actor,
  at: string,
): StoredAttachment[] {
  return list.some((a) => a.hash === ref.hash) ? [...list] : [...list, { ...ref, addedAt: at, addedBy: actor.id }];
}

export interface CloseInput {
  /** The first half day back at work. */
  returnedOn: HalfDay;
  note: string;
  /** The sick certificate handed in at return. */
  certificate?: AttachmentRef | null;
  at: string;
}

/**
 * 销假 of a leave and its extensions (续假), given in order (the leave first, then each approved
 * extension). Overstaying past the last one is absence without leave; returning early shortens
 * the leave; a type whose certificate was due at return counts as its fallback type without it.
 */
export function closeLeaveChain(
  chain: readonly LeaveRequest[],
  input: CloseInput,
  actor: Actor,
  rules: ResolvedLeaveRules,
): Result<LeaveRequest[]> {
  const first = chain[0];
  const last = chain.at(-1);
  if (!first || !last) return no('not_found', 'no leave to close');
  if (!isRequester(first, actor) && actor.role !== 'supervision')
    return no('forbidden', 'only the requester or the supervision section may close a leave (销假)');
  const notApproved = chain.find((l) => l.status !== 'approved');
  if (notApproved)
    return no('conflict', `the leave is ${STATUS_LABEL[notApproved.status]}, not approved: it cannot be closed`);
  if (compareHalfDays(input.returnedOn, first.from) <= 0) {
    return no(
      'invalid',
      `the return (${formatHalfDay(input.returnedOn).en}) must be after the leave started (${formatHalfDay(first.from).en}); withdraw or revoke a leave not taken`,
    );
  }
  const end = last.to;
  const after = nextHalfDay(end);
  const overstayHalfDays =
    compareHalfDays(input.returnedOn, after) > 0
      ? countedHalfDays({ from: after, to: previousHalfDay(input.returnedOn) }, rules.leave.countWeekends)
      : 0;
  const withCert = input.certificate
    ? addAttachment(last.attachments, input.certificate, actor, input.at)
    : [...last.attachments];
  const attachmentsOf = (l: LeaveRequest) => (l.id === last.id ? withCert : l.attachments);
  const closed = chain.map((l) => {
    const rule = leaveTypeRule(rules.leave, l.type)?.attachment;
    const needs = rule && rule.due === 'close';
    // One certificate anywhere in the chain covers the whole sick leave.
    const has = needs ? chain.some((c) => attachmentsOf(c).some((a) => a.kind === rule.kind)) : true;
    const certificateMissing = !!needs && !has;
    const until = compareHalfDays(input.returnedOn, l.to) <= 0 ? previousHalfDay(input.returnedOn) : l.to;
    return {
      ...l,
      attachments: attachmentsOf(l),
      status: 'closed' as const,
      until,
      closure: {
        returnedOn: input.returnedOn,
        closedAt: input.at,
        closedBy: actor.id,
        closedByName: actor.name,
        note: input.note,
        overstayHalfDays: l.id === last.id ? overstayHalfDays : 0,
        effectiveType: certificateMissing && rule?.otherwiseCountsAs ? rule.otherwiseCountsAs : l.type,
        certificateMissing,
      },
    };
  });
  return ok(closed);
}

// ── Substitute arrangements ────────────────────────────────────────────────────────────────

export interface NameSubstituteInput {
  id: string;
  substituteStaffId: string | null;
  substituteName: string;
  substitutePhone: string | null;
  from?: HalfDay;
  to?: HalfDay;
  at: string;
}

/** Who may arrange a substitute: the requester, the window's head, the department's leader, the supervision section. */
export function mayArrangeSubstitute(leave: LeaveRequest, actor: Actor, window: LeaveWindow): boolean {
  return (
    isRequester(leave, actor) ||
    actor.role === 'supervision' ||
    mayDecideAs(actor, 'window_head', window) ||
    mayDecideAs(actor, 'dept_leader', window)
  );
}

/** Names a substitute for a leave (replacing a previous one, which the caller cancels). */
export function nameSubstitute(
  leave: LeaveRequest,
  input: NameSubstituteInput,
  actor: Actor,
  window: LeaveWindow,
): Result<SubstituteArrangement> {
  if (!mayArrangeSubstitute(leave, actor, window))
    return no(
      'forbidden',
      'only the requester, the window head, the department leader or the supervision section may arrange a substitute',
    );
  if (!['pending', 'approved'].includes(leave.status))
    return no('conflict', `the request is already ${STATUS_LABEL[leave.status]}`);
  if (input.substituteStaffId && input.substituteStaffId === leave.staffId)
    return no('invalid', 'a person cannot be their own substitute');
  const from = input.from ?? leave.from;
  const to = input.to ?? leave.to;
  if (compareHalfDays(to, from) < 0 || compareHalfDays(from, leave.from) < 0 || compareHalfDays(to, leave.to) > 0) {
    return no('invalid', 'the substitute must cover a period within the leave');
  }
  return ok({
    id: input.id,
    leaveId: leave.id,
    windowId: leave.windowId,
    forStaffId: leave.staffId,
    substituteStaffId: input.substituteStaffId,
    substituteName: input.substituteName,
    substitutePhone: input.substitutePhone,
    from,
    to,
    status: 'named',
    namedBy: actor.id,
    namedByName: actor.name,
    namedAt: input.at,
    confirmedBy: null,
    confirmedByName: null,
    confirmedAt: null,
    reportedAt: null,
    badgeNumber: null,
    badgeIssuedAt: null,
    badgeIssuedByName: null,
    badgeReturnedAt: null,
    badgeReturnedByName: null,
  });
}

/**
 * Confirmed by the window's head, the department's leader (who arranges substitutes) or the
 * substitute themself — never by the person on leave. Confirming reports it to the supervision
 * section (报备) at once.
 */
export function confirmSubstitute(
  arrangement: SubstituteArrangement,
  actor: Actor,
  window: LeaveWindow,
  at: string,
): Result<SubstituteArrangement> {
  if (actor.staffId === arrangement.forStaffId)
    return no('forbidden', 'the person on leave cannot confirm their own substitute');
  const self = !!arrangement.substituteStaffId && actor.staffId === arrangement.substituteStaffId;
  if (!self && !mayDecideAs(actor, 'window_head', window) && !mayDecideAs(actor, 'dept_leader', window)) {
    return no('forbidden', 'a substitute is confirmed by the window head, the department leader or the substitute');
  }
  if (arrangement.status === 'confirmed')
    return no(
      'conflict',
      `the substitute was already confirmed by ${arrangement.confirmedByName} at ${arrangement.confirmedAt}`,
    );
  if (arrangement.status === 'cancelled')
    return no('conflict', 'this substitute arrangement was replaced or cancelled');
  return ok({
    ...arrangement,
    status: 'confirmed',
    confirmedBy: actor.id,
    confirmedByName: actor.name,
    confirmedAt: at,
    reportedAt: at,
  });
}

/** The supervision section hands out the temporary badge (临时挂牌) to a confirmed substitute. */
export function issueBadge(
  arrangement: SubstituteArrangement,
  actor: Actor,
  badgeNumber: string,
  at: string,
): Result<SubstituteArrangement> {
  if (actor.role !== 'supervision') return no('forbidden', 'temporary badges are issued by the supervision section');
  if (arrangement.status !== 'confirmed')
    return no('conflict', 'the substitute must be confirmed before the badge is issued');
  if (arrangement.badgeIssuedAt)
    return no('conflict', `badge ${arrangement.badgeNumber} was already issued at ${arrangement.badgeIssuedAt}`);
  return ok({ ...arrangement, badgeNumber, badgeIssuedAt: at, badgeIssuedByName: actor.name });
}

export function returnBadge(
  arrangement: SubstituteArrangement,
  actor: Actor,
  at: string,
): Result<SubstituteArrangement> {
  if (actor.role !== 'supervision')
    return no('forbidden', 'temporary badges are taken back by the supervision section');
  if (!arrangement.badgeIssuedAt) return no('conflict', 'no badge was issued to this substitute');
  if (arrangement.badgeReturnedAt)
    return no('conflict', `the badge was already returned at ${arrangement.badgeReturnedAt}`);
  return ok({ ...arrangement, badgeReturnedAt: at, badgeReturnedByName: actor.name });
}

// ── A new request ──────────────────────────────────────────────────────────────────────────

/**
 * The stored request made from a submission and its preview (computed on what the caller knows:
 * the phone before submitting, the server again when applying). A blocked preview is refused.
 */
export function newLeaveRequest(
  args: {
    id: string;
    staffId: string;
    type: string;
    from: HalfDay;
    to: HalfDay;
    reason: string;
    attachments: readonly AttachmentRef[];
    extensionOf: string | null;
    submittedAt: string;
  },
  preview: LeavePreview,
  actor: Actor,
  windowId: string,
): Result<LeaveRequest> {
  if (actor.staffId !== args.staffId && actor.role !== 'supervision')
    return no('forbidden', 'you may only ask leave for yourself');
  const invalid = preview.invalid[0];
  if (invalid) return no('invalid', invalid.en);
  const block = preview.conflicts.find((c) => c.severity === 'block');
  if (block) return no('conflict', block.message.en);
  const missing = preview.attachments.find((a) => a.blocking);
  if (missing) return no('invalid', missing.message.en);
  return ok({
    id: args.id,
    redacted: false,
    staffId: args.staffId,
    windowId,
    requestedBy: actor.id,
    requestedByName: actor.name,
    type: args.type,
    from: args.from,
    to: args.to,
    days: preview.days,
    reason: args.reason,
    attachments: args.attachments.map((a) => ({ ...a, addedAt: args.submittedAt, addedBy: actor.id })),
    status: 'pending',
    steps: preview.chain.map((role) => ({
      role,
      decision: null,
      by: null,
      byName: null,
      comment: '',
      decidedAt: null,
    })),
    substituteRequired: preview.substitute.required,
    substituteReason: preview.substitute.message.en,
    substituteId: null,
    extensionOf: args.extensionOf,
    filedAfterwards: preview.filedAfterwards,
    submittedAt: args.submittedAt,
    withdrawnAt: null,
    revocation: null,
    closure: null,
    until: args.to,
  });
}
