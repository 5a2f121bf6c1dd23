import type { Role } from '../roles';
import { approvalChain, substituteRequirement, type SubstituteRequirement } from './chain';
import {
  compareHalfDays,
  countedHalfDays,
  formatHalfDay,
  halfDaysOf,
  isWeekend,
  leaveDays,
  nextHalfDay,
  spansOverlap,
  type HalfDay,
  type HalfDaySpan,
} from './days';
import type { AttachmentRef, LeaveRow, LeaveStatus, SubstituteArrangement } from './entities';
import type { ApproverRole, AttachmentKind } from './rules';
import { leaveTypeRule, type ResolvedLeaveRules } from './rule-defaults';

/**
 * What the rules say about a leave before it is submitted (issue #4 points 1 and 4): its length,
 * the approval chain, whether a substitute is required, conflicts with other leave of the window
 * and of the person, and the documents it needs. The phone shows this before submitting; the
 * server runs the same function on what it knows and refuses what it blocks.
 */

/** Leave that keeps a person away: waiting, granted, or taken and closed (up to the return). */
export const ACTIVE_LEAVE: readonly LeaveStatus[] = ['pending', 'approved', 'closed'];

export type ConflictCode = 'own_overlap' | 'both_away' | 'window_unattended';

export interface Conflict {
  code: ConflictCode;
  severity: 'block' | 'warn';
  /** The other leave involved. */
  leaveId: string | null;
  message: { zh: string; en: string };
}

export interface LeaveDraft {
  staffId: string;
  windowId: string;
  type: string;
  from: HalfDay;
  to: HalfDay;
  extensionOf?: string | null;
  attachments?: readonly Pick<AttachmentRef, 'kind'>[];
}

export interface LeaveContext {
  rules: ResolvedLeaveRules;
  /** Staff ids of the leave's window (its staffing). */
  windowStaffIds: readonly string[];
  /** Leave rows known (the window's and the person's own); others are ignored. */
  leaves: readonly LeaveRow[];
  /** Confirmed substitutes cover their person: a window is not unattended where one stands in. */
  substitutes?: readonly SubstituteArrangement[];
  requesterRole?: Role;
  /** The hall day the request is made: a leave starting before it is filed afterwards (补办). */
  today: string;
  /** The request itself when re-checking a stored one (its own row is not a conflict). */
  selfId?: string;
}

export interface AttachmentNeed {
  kind: AttachmentKind;
  due: 'submit' | 'close';
  present: boolean;
  /** Blocks submission: due at submit and missing. */
  blocking: boolean;
  message: { zh: string; en: string };
}

export interface LeavePreview {
  /** Problems with the request itself (dates, type, extension); submission is refused. */
  invalid: { zh: string; en: string }[];
  days: number;
  /** Days the chain and the substitute rule are computed from: with an extension, the whole leave. */
  totalDays: number;
  chain: ApproverRole[];
  substitute: SubstituteRequirement;
  conflicts: Conflict[];
  attachments: AttachmentNeed[];
  filedAfterwards: boolean;
  /** Refused as it stands: invalid, a blocking conflict or a document due now. */
  blocked: boolean;
}

/** The span a leave row keeps a person away: from … until (an early return shortens it). */
export function awaySpan(row: Pick<LeaveRow, 'from' | 'until'>): HalfDaySpan {
  return { from: row.from, to: row.until };
}

function isActive(row: LeaveRow): boolean {
  return ACTIVE_LEAVE.includes(row.status) && compareHalfDays(row.until, row.from) >= 0;
}

const range = (s: HalfDaySpan) => {
  const a = formatHalfDay(s.from);
  const b = formatHalfDay(s.to);
  return { zh: `${a.zh}至${b.zh}`, en: `${a.en} – ${b.en}` };
};

/** The leave this one extends, and the whole chain's length in days before it. */
function extensionBase(draft: LeaveDraft, ctx: LeaveContext, invalid: { zh: string; en: string }[]): number {
  if (!draft.extensionOf) return 0;
  const byId = new Map(ctx.leaves.map((l) => [l.id, l]));
  const base = byId.get(draft.extensionOf);
  if (!base || base.redacted || base.staffId !== draft.staffId) {
    invalid.push({ zh: '续假须针对本人的一条请假', en: 'an extension must extend one of your own leaves' });
    return 0;
  }
  if (base.status !== 'approved') {
    invalid.push({
      zh: '只能对已批准且未销假的请假续假',
      en: 'only an approved leave that is not closed can be extended',
    });
  }
  if (compareHalfDays(draft.from, nextHalfDay(base.to)) !== 0) {
    const f = formatHalfDay(nextHalfDay(base.to));
    invalid.push({
      zh: `续假须从${f.zh}开始（紧接原假期）`,
      en: `an extension must start ${f.en}, right after the leave it extends`,
    });
  }
  let total = 0;
  for (let row: LeaveRow | undefined = base, guard = 0; row && !row.redacted && guard < 50; guard++) {
    total += row.days;
    row = row.extensionOf ? byId.get(row.extensionOf) : undefined;
  }
  return total;
}

/** The preview (and the server's check) of one leave request. */
export function previewLeave(draft: LeaveDraft, ctx: LeaveContext): LeavePreview {
  const { leave: rules, substituteThresholds } = ctx.rules;
  const invalid: { zh: string; en: string }[] = [];
  const span: HalfDaySpan = { from: draft.from, to: draft.to };
  const typeRule = leaveTypeRule(rules, draft.type);
  if (!typeRule) invalid.push({ zh: `未知的请假类型 ${draft.type}`, en: `unknown leave type ${draft.type}` });
  const ordered = compareHalfDays(draft.to, draft.from) >= 0;
  if (!ordered) invalid.push({ zh: '结束时间早于开始时间', en: 'the leave ends before it starts' });
  const days = ordered ? leaveDays(span, rules.countWeekends) : 0;
  if (ordered && days === 0) invalid.push({ zh: '所选时间不含工作日', en: 'the chosen time has no working day' });
  const totalDays = extensionBase(draft, ctx, invalid) + days;

  const relevant = ctx.leaves.filter((l) => l.id !== ctx.selfId && l.id !== draft.extensionOf && isActive(l));
  const conflicts: Conflict[] = [];
  if (ordered) {
    for (const other of relevant) {
      if (other.staffId === draft.staffId && spansOverlap(span, awaySpan(other))) {
        const r = range(awaySpan(other));
        conflicts.push({
          code: 'own_overlap',
          severity: 'block',
          leaveId: other.id,
          message: { zh: `与本人另一条请假（${r.zh}）时间重叠`, en: `overlaps your other leave (${r.en})` },
        });
      }
    }
  }
  const others = ctx.windowStaffIds.filter((id) => id !== draft.staffId);
  const staffCount = Math.max(ctx.windowStaffIds.length, others.length + 1);
  if (ordered && staffCount === 2) {
    for (const other of relevant) {
      if (others.includes(other.staffId) && spansOverlap(span, awaySpan(other))) {
        const r = range(awaySpan(other));
        conflicts.push({
          code: 'both_away',
          severity: rules.twoPersonBothAway,
          leaveId: other.id,
          message: {
            zh: `两人窗口的另一名工作人员同时请假（${r.zh}），两人不得同时请假`,
            en: `the other person of this two-person window is away at the same time (${r.en}); both may not be away at once`,
          },
        });
      }
    }
  }
  // Unattended: at some counted half day every other person of a window of 2+ is away too.
  let unattended = false;
  if (ordered && others.length) {
    const covered = (staffId: string, h: HalfDay) =>
      (ctx.substitutes ?? []).some(
        (s) =>
          s.status === 'confirmed' &&
          s.forStaffId === staffId &&
          spansOverlap({ from: s.from, to: s.to }, { from: h, to: h }),
      );
    const awayAt = (staffId: string, h: HalfDay) =>
      relevant.some((l) => l.staffId === staffId && spansOverlap(awaySpan(l), { from: h, to: h })) &&
      !covered(staffId, h);
    const first = halfDaysOf(span).find(
      (h) => (rules.countWeekends || !isWeekend(h.date)) && others.every((id) => awayAt(id, h)),
    );
    if (first) {
      unattended = true;
      if (!conflicts.some((c) => c.code === 'both_away' && c.severity === 'block')) {
        const f = formatHalfDay(first);
        conflicts.push({
          code: 'window_unattended',
          severity: 'warn',
          leaveId: null,
          message: {
            zh: `${f.zh}窗口其他人员均不在岗，窗口将无人值守，须安排替岗`,
            en: `${f.en} everyone else of the window is away: the window would be unattended, a substitute is required`,
          },
        });
      }
    }
  }
  const substitute = substituteRequirement({ staffCount, days: totalDays, unattended }, substituteThresholds);

  const attachments: AttachmentNeed[] = [];
  if (typeRule?.attachment) {
    const { kind, due, otherwiseCountsAs } = typeRule.attachment;
    const present = (draft.attachments ?? []).some((a) => a.kind === kind);
    const label =
      kind === 'certificate'
        ? { zh: '病假证明', en: 'the sick certificate' }
        : kind === 'notice'
          ? { zh: '单位文件或通知', en: 'the official notice or document' }
          : { zh: '附件', en: 'an attachment' };
    const other = otherwiseCountsAs ? leaveTypeRule(rules, otherwiseCountsAs)?.name : undefined;
    attachments.push({
      kind,
      due,
      present,
      blocking: due === 'submit' && !present,
      message:
        due === 'submit'
          ? { zh: `须附${label.zh}`, en: `attach ${label.en}` }
          : {
              zh: `${label.zh}可在销假时补交${other ? `，否则按${other.zh}处理` : ''}`,
              en: `${label.en} may be handed in at return${other ? `; without it the days count as ${other.en.toLowerCase()}` : ''}`,
            },
    });
  }

  const filedAfterwards = ordered && draft.from.date < ctx.today;
  const blocked =
    invalid.length > 0 || conflicts.some((c) => c.severity === 'block') || attachments.some((a) => a.blocking);
  return {
    invalid,
    days,
    totalDays,
    chain: approvalChain(totalDays, rules, ctx.requesterRole),
    substitute,
    conflicts,
    attachments,
    filedAfterwards,
    blocked,
  };
}

/** The first reason a preview refuses the request, for a rejection message. */
export function blockingReason(p: LeavePreview): { zh: string; en: string } | null {
  return (
    p.invalid[0] ??
    p.conflicts.find((c) => c.severity === 'block')?.message ??
    p.attachments.find((a) => a.blocking)?.message ??
    null
  );
}

/** Half days of a span the scheme counts, helper for callers that show "N days". */
export function spanDays(span: HalfDaySpan, rules: ResolvedLeaveRules): number {
  return countedHalfDays(span, rules.leave.countWeekends) / 2;
}
