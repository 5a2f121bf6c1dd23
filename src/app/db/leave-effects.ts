import type { MutationArgs, Profile } from '../../domain';
import { DEFAULT_HALL_TIME_ZONE, hallDay } from '../../domain/hall-time';
import { actorFromProfile, type Actor as DomainActor, type LeaveWindow } from '../../domain/leave/chain';
import { previewLeave } from '../../domain/leave/conflicts';
import type { LeaveRequest, SubstituteArrangement } from '../../domain/leave/entities';
import {
  answerRevoke,
  attachDocument,
  closeLeaveChain,
  confirmSubstitute,
  decideStep,
  issueBadge,
  markDeceit,
  nameSubstitute,
  newLeaveRequest,
  requestRevoke,
  returnBadge,
  withdrawLeave,
  type Result,
} from '../../domain/leave/machine';
import { returnFromOuting, startOuting } from '../../domain/leave/outings';
import { leaveRulesOf, type ResolvedLeaveRules } from '../../domain/leave/rule-defaults';
import type { Role } from '../../domain/roles';
import { rejectionText } from '../rejection-text';
import type { LocalLeave, LocalOuting, LocalSubstitute, SchemeRow, WindowDutyDb } from './database';
import { InvalidMutationError } from './errors';
import { compareText } from '../../domain/text-order';

/**
 * How leave, substitute and outing mutations show locally before the server has seen them
 * (entries of LOCAL_EFFECTS): through the domain's machine (src/domain/leave/machine.ts), the
 * same transitions the server applies (src/server/sync/leave.ts), over what the phone knows —
 * its leave rows, the windows, the staff, the scheme in force and the signed-in user. What the
 * machine refuses here is not queued (the error says why, in both languages); what it takes is
 * the row the phone shows until the server answers. The mutation's own row changes here; the
 * server's knock-on changes of other rows (a substitute cancelled with its leave, a leave settled
 * by its substitute's confirmation, the extensions of a closed chain) come with the next pull.
 */

/** Who acts, as far as the phone knows it (the outbox's actor, with the role when the caller has it). */
export interface LeaveUser {
  id: string;
  displayName?: string;
  role?: Role;
  staffId?: string | null;
  windowId?: string | null;
}

/** What the machine needs to know around a leave change, read from the phone's tables. */
export interface LeaveScene {
  actor: DomainActor;
  zone: string;
  leaves: Map<string, LocalLeave>;
  substitutes: Map<string, LocalSubstitute>;
  outings: Map<string, LocalOuting>;
  windowOf: (windowId: string) => LeaveWindow;
  /** Staff ids working at a window. */
  windowStaffIds: (windowId: string) => string[];
  /** The rules of the scheme in force in a month (as the server chooses them). */
  rulesFor: (date: string) => ResolvedLeaveRules;
}

/** The tables a leave change reads (in the transaction that writes it). */
export const LEAVE_SCENE_TABLES = ['leaves', 'substitutes', 'outings', 'windows', 'staff', 'schemes', 'meta'] as const;

/** Reads the scene inside the caller's transaction (which must hold LEAVE_SCENE_TABLES). */
export async function loadLeaveScene(db: WindowDutyDb, user: LeaveUser): Promise<LeaveScene> {
  const [leaves, substitutes, outings, windows, staff, schemes, profileRow] = await Promise.all([
    db.leaves.toArray(),
    db.substitutes.toArray(),
    db.outings.toArray(),
    db.windows.toArray(),
    db.staff.toArray(),
    db.schemes.toArray(),
    db.meta.get('profile'),
  ]);
  const departments = windows.map((w) => ({ id: w.id, department: w.department }));
  const profile = profileRow?.value as Profile | undefined;
  const known = profile?.id === user.id ? profile : undefined;
  const actor = actorFromProfile(
    {
      id: user.id,
      displayName: user.displayName ?? known?.displayName ?? '',
      role: user.role ?? known?.role ?? 'staff',
      staffId: user.staffId !== undefined ? user.staffId : (known?.staffId ?? null),
      windowId: user.windowId !== undefined ? user.windowId : (known?.windowId ?? null),
    },
    departments,
  );
  return {
    actor,
    zone: profile?.hallTimeZone ?? DEFAULT_HALL_TIME_ZONE,
    leaves: new Map(leaves.map((l) => [l.id, l])),
    substitutes: new Map(substitutes.map((s) => [s.id, s])),
    outings: new Map(outings.map((o) => [o.id, o])),
    windowOf: (id) => ({ id, department: departments.find((w) => w.id === id)?.department ?? '' }),
    windowStaffIds: (windowId) => staff.filter((s) => s.windowId === windowId).map((s) => s.id),
    rulesFor: rulesByMonth(schemes),
  };
}

/** The rules of the scheme in force in a month (the first scheme before any), as the server picks them. */
function rulesByMonth(schemes: readonly SchemeRow[]): (date: string) => ResolvedLeaveRules {
  const sorted = [...schemes].sort((a, b) => compareText(a.effectiveFrom, b.effectiveFrom) || a.version - b.version);
  return (date) => {
    const month = date.slice(0, 7);
    const row = sorted.filter((s) => (s.effectiveFrom ?? '') <= month).at(-1) ?? sorted[0];
    return leaveRulesOf(row?.scheme ?? null);
  };
}

/** The machine refused a change on the phone: nothing is queued, and the user reads why. */
export class LeaveRefusedError extends InvalidMutationError {
  readonly messageZh: string;
  readonly messageEn: string;
  constructor(
    mutation: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super(mutation, `${code}: ${reason}`);
    this.messageZh = `未保存：${rejectionText(code, reason, 'zh').summary}（${reason}）`;
    this.messageEn = `Not saved: ${rejectionText(code, reason, 'en').summary} (${reason})`;
  }
}

class MissingRowError extends InvalidMutationError {
  readonly messageZh: string;
  readonly messageEn: string;
  constructor(mutation: string, what: string) {
    super(mutation, `${what} is not on this phone`);
    this.messageZh = '本机上没有这条记录，请联网同步后再试';
    this.messageEn = 'This is not on the phone yet; sync and try again';
  }
}

const pending = { syncState: 'pending' as const, rejectionCode: undefined, rejectionReason: undefined };

function taken<T>(name: string, r: Result<T>): T {
  if (!r.ok) throw new LeaveRefusedError(name, r.code, r.reason);
  return r.value;
}

function fullLeave(name: string, scene: LeaveScene, id: string): LocalLeave & LeaveRequest {
  const leave = scene.leaves.get(id);
  if (!leave || leave.redacted) throw new MissingRowError(name, `leave ${id}`);
  return leave;
}

function arrangement(name: string, scene: LeaveScene, id: string): LocalSubstitute {
  const s = scene.substitutes.get(id);
  if (!s) throw new MissingRowError(name, `substitute arrangement ${id}`);
  return s;
}

const substituteOf = (scene: LeaveScene, leave: LeaveRequest): SubstituteArrangement | null =>
  leave.substituteId ? (scene.substitutes.get(leave.substituteId) ?? null) : null;

/** A change of one leave by one of the machine's transitions. */
function onLeave<N extends LeaveMutation>(
  name: N,
  leaveId: (args: MutationArgs<N>) => string,
  step: (
    leave: LeaveRequest,
    args: MutationArgs<N>,
    scene: LeaveScene,
    window: LeaveWindow,
    rules: ResolvedLeaveRules,
  ) => Result<LeaveRequest>,
) {
  return {
    table: 'leaves' as const,
    rowId: leaveId,
    row: (args: MutationArgs<N>, _user: LeaveUser, _existing?: LocalLeave, scene?: LeaveScene): LocalLeave => {
      const s = needScene(name, scene);
      const leave = fullLeave(name, s, leaveId(args));
      const next = taken(name, step(leave, args, s, s.windowOf(leave.windowId), s.rulesFor(leave.from.date)));
      return { ...leave, ...next, ...pending };
    },
  };
}

function onSubstitute<N extends 'substitute.confirm' | 'substitute.badge_issue' | 'substitute.badge_return'>(
  name: N,
  step: (
    s: SubstituteArrangement,
    args: MutationArgs<N>,
    scene: LeaveScene,
    window: LeaveWindow,
  ) => Result<SubstituteArrangement>,
) {
  return {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<N>) => args.id,
    row: (args: MutationArgs<N>, _user: LeaveUser, _existing?: LocalSubstitute, scene?: LeaveScene) => {
      const s = needScene(name, scene);
      const current = arrangement(name, s, args.id);
      return { ...current, ...taken(name, step(current, args, s, s.windowOf(current.windowId))), ...pending };
    },
  };
}

function needScene(name: string, scene: LeaveScene | undefined): LeaveScene {
  if (!scene) throw new InvalidMutationError(name, 'a leave change needs the leave rows and the user around it');
  return scene;
}

/** The leave and its approved extensions (续假), as the server closes them (销假). */
function chainOf(scene: LeaveScene, leave: LeaveRequest): LeaveRequest[] {
  const full = [...scene.leaves.values()].filter((l): l is LocalLeave & LeaveRequest => !l.redacted);
  let base: LeaveRequest = leave;
  for (let guard = 0; base.extensionOf && guard < 50; guard++) {
    const up = scene.leaves.get(base.extensionOf);
    if (!up || up.redacted) break;
    base = up;
  }
  const chain = [base];
  for (let guard = 0; guard < 50; guard++) {
    const last = chain.at(-1)!;
    const next = full.find((l) => l.extensionOf === last.id && l.status === 'approved');
    if (!next) break;
    chain.push(next);
  }
  return chain;
}

export const LEAVE_LOCAL_EFFECTS = {
  'leave.request': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.request'>) => args.id,
    row: (args: MutationArgs<'leave.request'>, _user: LeaveUser, _existing?: LocalLeave, scene?: LeaveScene) => {
      const s = needScene('leave.request', scene);
      const known = [...s.leaves.values()].filter(
        (l) => l.id !== args.id && (l.windowId === args.windowId || l.staffId === args.staffId),
      );
      const preview = previewLeave(args, {
        rules: s.rulesFor(args.from.date),
        windowStaffIds: s.windowStaffIds(args.windowId).length ? s.windowStaffIds(args.windowId) : [args.staffId],
        leaves: known,
        substitutes: [...s.substitutes.values()],
        // The phone knows only its own user's role (the server reads the requester's).
        requesterRole: s.actor.staffId === args.staffId ? s.actor.role : 'staff',
        today: hallDay(args.submittedAt, s.zone),
      });
      const leave = taken('leave.request', newLeaveRequest(args, preview, s.actor, args.windowId));
      return { ...leave, ...pending } satisfies LocalLeave;
    },
  },
  'leave.decide': onLeave(
    'leave.decide',
    (a) => a.leaveId,
    (leave, a, s, window, rules) => decideStep(leave, a, s.actor, window, substituteOf(s, leave), rules),
  ),
  'leave.withdraw': onLeave(
    'leave.withdraw',
    (a) => a.leaveId,
    (leave, a, s) => withdrawLeave(leave, s.actor, a.at),
  ),
  'leave.revoke_request': onLeave(
    'leave.revoke_request',
    (a) => a.leaveId,
    (leave, a, s) => requestRevoke(leave, s.actor, a.reason, a.at),
  ),
  'leave.revoke_answer': onLeave(
    'leave.revoke_answer',
    (a) => a.leaveId,
    (leave, a, s, window) => answerRevoke(leave, s.actor, window, a.consent, a.comment, a.at),
  ),
  'leave.attach': onLeave(
    'leave.attach',
    (a) => a.leaveId,
    (leave, a, s) => attachDocument(leave, a.attachment, s.actor, a.at),
  ),
  'leave.close': onLeave(
    'leave.close',
    (a) => a.leaveId,
    (leave, a, s) => {
      const chain = chainOf(s, leave);
      const input = { returnedOn: a.returnedOn, note: a.note, certificate: a.certificate, at: a.at };
      const r = closeLeaveChain(chain, input, s.actor, s.rulesFor(chain[0]!.from.date));
      if (!r.ok) return r;
      const own = r.value.find((l) => l.id === leave.id);
      return own ? { ok: true, value: own } : { ok: false, code: 'conflict', reason: 'the leave is not approved' };
    },
  ),
  'leave.mark_deceit': onLeave(
    'leave.mark_deceit',
    (a) => a.leaveId,
    (leave, a, s) => markDeceit(leave, s.actor, a.reason, a.at),
  ),
  'substitute.name': {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<'substitute.name'>) => args.id,
    row: (args: MutationArgs<'substitute.name'>, _user: LeaveUser, _existing?: LocalSubstitute, scene?: LeaveScene) => {
      const s = needScene('substitute.name', scene);
      const leave = fullLeave('substitute.name', s, args.leaveId);
      const named = taken('substitute.name', nameSubstitute(leave, { ...args }, s.actor, s.windowOf(leave.windowId)));
      return { ...named, ...pending } satisfies LocalSubstitute;
    },
  },
  'substitute.confirm': onSubstitute('substitute.confirm', (sub, a, s, window) =>
    confirmSubstitute(sub, s.actor, window, a.at),
  ),
  'substitute.badge_issue': onSubstitute('substitute.badge_issue', (sub, a, s) =>
    issueBadge(sub, s.actor, a.badgeNumber, a.at),
  ),
  'substitute.badge_return': onSubstitute('substitute.badge_return', (sub, a, s) => returnBadge(sub, s.actor, a.at)),
  'outing.start': {
    table: 'outings' as const,
    rowId: (args: MutationArgs<'outing.start'>) => args.id,
    row: (args: MutationArgs<'outing.start'>, _user: LeaveUser, _existing?: LocalOuting, scene?: LeaveScene) => {
      const s = needScene('outing.start', scene);
      const open = [...s.outings.values()].filter((o) => o.staffId === args.staffId && !o.returnedAt);
      const outing = taken('outing.start', startOuting(args, s.actor, s.windowOf(args.windowId), open));
      return { ...outing, ...pending } satisfies LocalOuting;
    },
  },
  'outing.return': {
    table: 'outings' as const,
    rowId: (args: MutationArgs<'outing.return'>) => args.id,
    row: (args: MutationArgs<'outing.return'>, _user: LeaveUser, _existing?: LocalOuting, scene?: LeaveScene) => {
      const s = needScene('outing.return', scene);
      const outing = s.outings.get(args.id);
      if (!outing) throw new MissingRowError('outing.return', `outing ${args.id}`);
      const back = taken(
        'outing.return',
        returnFromOuting(outing, s.actor, s.windowOf(outing.windowId), args.returnedAt),
      );
      return { ...outing, ...back, ...pending } satisfies LocalOuting;
    },
  },
};

type LeaveMutation = Extract<keyof MutationArgsMap, `leave.${string}`>;
type MutationArgsMap = { [K in import('../../domain').MutationName]: MutationArgs<K> };

/** Mutations whose local effect runs the leave machine over the scene (LEAVE_SCENE_TABLES). */
export const LEAVE_MUTATIONS: ReadonlySet<string> = new Set(Object.keys(LEAVE_LOCAL_EFFECTS));

/** Leave mutations that create their row. */
export const LEAVE_CREATES = ['leave.request', 'substitute.name', 'outing.start'] as const;
