import type { Role } from '../roles';
import { daysText } from './half-day-threshold';
import type { ApprovalTier, ApproverRole, LeaveRules, SubstituteThreshold } from './rules';

/** The approval chain for a leave of `days` days (DOMAIN §6), from the scheme's tiers. */
export function approvalTier(days: number, rules: Pick<LeaveRules, 'approvalTiers'>): ApprovalTier {
  const tiers = rules.approvalTiers;
  return (
    tiers.find((t) => t.upToDays === null || (t.inclusive ? days <= t.upToDays : days < t.upToDays)) ?? tiers.at(-1)!
  );
}

/**
 * The approvers, in order. A window head asking leave for themself cannot approve it: their own
 * step is left out, and a chain left empty goes to a center leader.
 */
export function approvalChain(
  days: number,
  rules: Pick<LeaveRules, 'approvalTiers'>,
  requesterRole?: Role,
): ApproverRole[] {
  const chain = approvalTier(days, rules).chain.filter((role) => role !== requesterRole);
  return chain.length ? chain : ['center_leader'];
}

export const APPROVER_LABELS: Record<ApproverRole, { zh: string; en: string }> = {
  window_head: { zh: '窗口带班班长', en: 'Window shift lead' },
  dept_leader: { zh: '部门分管领导', en: 'Department leader' },
  center_leader: { zh: '中心分管领导', en: 'Center leader' },
};

/** Who is asking to act: a user with their role and the window (and its department) they are linked to. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  staffId: string | null;
  windowId: string | null;
  /** The department of the actor's window (a dept leader's department). */
  department: string | null;
}

/** The window a leave is at, with its department. */
export interface LeaveWindow {
  id: string;
  department: string;
}

/** May this actor decide a step of this role for a leave at this window. */
export function mayDecideAs(actor: Actor, role: ApproverRole, window: LeaveWindow): boolean {
  if (actor.role !== role) return false;
  switch (role) {
    case 'window_head':
      return actor.windowId === window.id;
    case 'dept_leader':
      return actor.department !== null && actor.department === window.department;
    case 'center_leader':
      return true;
  }
}

/** Is this actor an approver of a request with this chain (any step). */
export function isApproverOf(actor: Actor, chain: readonly ApproverRole[], window: LeaveWindow): boolean {
  return chain.some((role) => mayDecideAs(actor, role, window));
}

export type SubstituteReasonCode = 'one_person' | 'threshold' | 'unattended' | 'not_required';

export interface SubstituteRequirement {
  required: boolean;
  code: SubstituteReasonCode;
  /** The threshold that applied (days the leave must exceed). */
  overDays: number | null;
  message: { zh: string; en: string };
}

/** The threshold for a window of this many staff: an exact staffCount match, else the "larger" rule. */
export function substituteThreshold(
  staffCount: number,
  thresholds: readonly SubstituteThreshold[],
): SubstituteThreshold | null {
  return thresholds.find((t) => t.staffCount === staffCount) ?? thresholds.find((t) => t.staffCount === null) ?? null;
}

/**
 * Is a substitute required (DOMAIN §7): by the window's size and the length of the absence, or
 * because nobody else of the window would be there (`unattended`).
 */
export function substituteRequirement(
  input: { staffCount: number; days: number; unattended: boolean },
  thresholds: readonly SubstituteThreshold[],
): SubstituteRequirement {
  const t = substituteThreshold(input.staffCount, thresholds);
  if (t && input.days > t.overDays) {
    if (t.overDays === 0) {
      return {
        required: true,
        code: 'one_person',
        overDays: 0,
        message: {
          zh: `${input.staffCount}人窗口，离岗即需安排替岗`,
          en: `a ${input.staffCount}-person window needs a substitute for any absence`,
        },
      };
    }
    const over = daysText(t.overDays);
    return {
      required: true,
      code: 'threshold',
      overDays: t.overDays,
      message: {
        zh: `${input.staffCount}人窗口请假超过${over.zh}需安排替岗`,
        en: `a ${input.staffCount}-person window needs a substitute for leave over ${over.en}`,
      },
    };
  }
  if (input.unattended) {
    return {
      required: true,
      code: 'unattended',
      overDays: t?.overDays ?? null,
      message: {
        zh: '窗口其他人员同时不在岗，窗口将无人值守，需安排替岗',
        en: 'nobody else of the window would be there: the window would be unattended, a substitute is needed',
      },
    };
  }
  return {
    required: false,
    code: 'not_required',
    overDays: t?.overDays ?? null,
    message: t
      ? {
          zh: `无需替岗（${input.staffCount}人窗口，超过${daysText(t.overDays).zh}才需替岗）`,
          en: `no substitute needed (a ${input.staffCount}-person window needs one over ${daysText(t.overDays).en})`,
        }
      : { zh: '无需替岗', en: 'no substitute needed' },
  };
}

/** The signed-in user as an actor, from their profile and the synced windows (for the department). */
export function actorFromProfile(
  profile: { id: string; displayName: string; role: Role; staffId: string | null; windowId: string | null },
  windows: readonly { id: string; department: string }[],
): Actor {
  const department = profile.windowId ? (windows.find((w) => w.id === profile.windowId)?.department ?? null) : null;
  return {
    id: profile.id,
    name: profile.displayName,
    role: profile.role,
    staffId: profile.staffId,
    windowId: profile.windowId,
    department,
  };
}
