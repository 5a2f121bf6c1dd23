import { APPROVER_LABELS, isApproverOf, mayDecideAs, type Actor, type LeaveWindow } from './chain';
import type { LeaveRequest, LeaveRow, SubstituteArrangement } from './entities';
import { leaveStage, mayArrangeSubstitute, type LeaveStage } from './machine';
import type { ResolvedLeaveRules } from './rules';

/**
 * What waits for a user on their phone (issue #4 point 2): steps to decide, revocations to
 * answer, substitutes to arrange or confirm — and, for the requester, the progress of a request
 * step by step. Computed from synced rows, so it works offline.
 */

export type InboxItem =
  | { kind: 'decide'; leaveId: string; step: number; role: LeaveRequest['steps'][number]['role'] }
  | { kind: 'answer_revoke'; leaveId: string }
  | { kind: 'arrange_substitute'; leaveId: string }
  | { kind: 'confirm_substitute'; leaveId: string; substituteId: string };

export interface InboxInput {
  leaves: readonly LeaveRow[];
  substitutes: readonly SubstituteArrangement[];
  /** Windows with their department (the synced windows table). */
  windows: readonly LeaveWindow[];
  rules: ResolvedLeaveRules;
}

export function inboxOf(actor: Actor, input: InboxInput): InboxItem[] {
  const windows = new Map(input.windows.map((w) => [w.id, w]));
  const subs = new Map(input.substitutes.map((s) => [s.id, s]));
  const out: InboxItem[] = [];
  for (const row of input.leaves) {
    if (row.redacted) continue; // an approver always has the full row
    const window = windows.get(row.windowId);
    if (!window) continue;
    const own = actor.staffId === row.staffId || actor.id === row.requestedBy;
    const sub = row.substituteId ? (subs.get(row.substituteId) ?? null) : null;
    const stage = leaveStage(row, sub, input.rules);
    if (stage.kind === 'step' && !own && mayDecideAs(actor, stage.role, window))
      out.push({ kind: 'decide', leaveId: row.id, step: stage.index, role: stage.role });
    if (
      row.status === 'approved' &&
      row.revocation &&
      row.revocation.answer === null &&
      !own &&
      isApproverOf(
        actor,
        row.steps.map((s) => s.role),
        window,
      )
    ) {
      out.push({ kind: 'answer_revoke', leaveId: row.id });
    }
    const open = row.status === 'pending' || row.status === 'approved';
    if (
      open &&
      row.substituteRequired &&
      !own &&
      actor.role !== 'supervision' &&
      mayArrangeSubstitute(row, actor, window)
    ) {
      if (!sub || sub.status === 'cancelled') out.push({ kind: 'arrange_substitute', leaveId: row.id });
      else if (sub.status === 'named' && actor.staffId !== row.staffId)
        out.push({ kind: 'confirm_substitute', leaveId: row.id, substituteId: sub.id });
    }
  }
  // A substitute asked to stand in confirms it themself.
  for (const s of input.substitutes) {
    if (
      s.status === 'named' &&
      s.substituteStaffId &&
      s.substituteStaffId === actor.staffId &&
      !out.some((i) => i.kind === 'confirm_substitute' && i.substituteId === s.id)
    ) {
      out.push({ kind: 'confirm_substitute', leaveId: s.leaveId, substituteId: s.id });
    }
  }
  return out;
}

export type ProgressState = 'done' | 'current' | 'waiting' | 'rejected' | 'skipped';

export interface ProgressLine {
  label: { zh: string; en: string };
  state: ProgressState;
  by: string | null;
  at: string | null;
  comment: string;
}

/** The request's progress as the requester follows it: each approver, the substitute, the filing (备案), the return. */
export function leaveProgress(
  leave: LeaveRequest,
  substitute: SubstituteArrangement | null,
  rules: ResolvedLeaveRules,
): ProgressLine[] {
  const stage: LeaveStage = leaveStage(leave, substitute, rules);
  const ended = ['rejected', 'withdrawn', 'revoked'].includes(leave.status);
  const lines: ProgressLine[] = leave.steps.map((s, i) => ({
    label: APPROVER_LABELS[s.role],
    state:
      s.decision === 'approved'
        ? 'done'
        : s.decision === 'rejected'
          ? 'rejected'
          : ended
            ? 'skipped'
            : stage.kind === 'step' && stage.index === i
              ? 'current'
              : 'waiting',
    by: s.byName,
    at: s.decidedAt,
    comment: s.comment,
  }));
  if (leave.substituteRequired) {
    const confirmed = substitute?.status === 'confirmed';
    lines.push({
      label:
        substitute && substitute.status !== 'cancelled'
          ? { zh: `替岗：${substitute.substituteName}`, en: `Substitute: ${substitute.substituteName}` }
          : { zh: '安排替岗', en: 'Substitute' },
      state: confirmed ? 'done' : ended ? 'skipped' : stage.kind === 'substitute' ? 'current' : 'waiting',
      by: confirmed ? substitute!.confirmedByName : null,
      at: confirmed ? substitute!.confirmedAt : null,
      comment: leave.filedAfterwards && !confirmed ? '补办：可无替岗批准，计入考核' : '',
    });
  }
  const approved = ['approved', 'closed'].includes(leave.status);
  lines.push({
    label: { zh: '督查科备案', en: 'Filed with the supervision section' },
    state: approved ? 'done' : ended ? 'skipped' : 'waiting',
    by: null,
    at: null,
    comment: '',
  });
  lines.push({
    label: { zh: '销假', en: 'Closed on return' },
    state: leave.closure ? 'done' : leave.status === 'approved' ? 'current' : ended ? 'skipped' : 'waiting',
    by: leave.closure?.closedByName ?? null,
    at: leave.closure?.closedAt ?? null,
    comment: leave.closure?.certificateMissing ? '未交病假证明，按事假处理' : '',
  });
  return lines;
}
