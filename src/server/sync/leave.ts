import {
  ROLES,
  RoleSchema,
  SchemeSchema,
  answerRevoke,
  attachDocument,
  closeLeaveChain,
  compareHalfDays,
  confirmSubstitute,
  decideStep,
  hallDay,
  issueBadge,
  leaveRulesOf,
  nameSubstitute,
  newLeaveRequest,
  previewLeave,
  previousHalfDay,
  requestRevoke,
  markDeceit,
  returnBadge,
  returnFromOuting,
  settledStatus,
  startOuting,
  withdrawLeave,
  type Actor,
  type LeaveRequest,
  type LeaveWindow,
  type MutationArgs,
  type MutationName,
  type Outing,
  type ResolvedLeaveRules,
  type Result,
  type Role,
  type SubstituteArrangement,
} from '../../domain';
import { z } from 'zod';
import { queryRows } from '../db/query-rows';
import { appendAudit, type AuditEntry } from '../audit/audit';
import {
  LEAVE_COLUMNS,
  OUTING_COLUMNS,
  SUBSTITUTE_COLUMNS,
  actorOf,
  leaveFromRow,
  outingFromRow,
  substituteFromRow,
  upsertLeaves,
  upsertOutings,
  upsertSubstitutes,
  LeaveDbRowSchema,
  OutingDbRowSchema,
  SubstituteDbRowSchema,
} from '../leave/store';
import { SchemeRowSchema } from '../rows/rows';
import { family, type Candidate, type PushContext } from './family';
import { reject, type Outcome } from './outcome';

/**
 * Leave requests, their approval, substitute cover and outings (issue #4). The rules are the
 * domain's (src/domain/leave/machine.ts); here they run over the rows the batch touches, loaded
 * with one query per table, in request order on a working copy — so a request, its substitute
 * and a decision may arrive in one batch. The push holds the change-feed lock, which every writer
 * of these tables takes, so of two approvers deciding the same step on two phones the first push
 * to commit wins and the second finds the step decided: 'conflict', naming who decided first.
 *
 * check() runs the batch to decide the outcomes; write() runs it again over the candidates that
 * stayed applied and were new in the mutation log, then upserts the final state of every row
 * they changed (with audit entries for the supervision section's actions).
 */

const LEAVE_NAMES = [
  'leave.request',
  'leave.decide',
  'leave.withdraw',
  'leave.revoke_request',
  'leave.revoke_answer',
  'leave.attach',
  'leave.close',
  'leave.mark_deceit',
  'substitute.name',
  'substitute.confirm',
  'substitute.badge_issue',
  'substitute.badge_return',
  'outing.start',
  'outing.return',
] as const satisfies readonly MutationName[];

/** Every role may send them; who may do what to which request is the domain's rule (forbidden with a reason). */
const LEAVE_ROLES: readonly Role[] = ROLES;

type LeaveCandidate = Candidate<(typeof LEAVE_NAMES)[number]>;

export const leaveFamily = family({
  names: LEAVE_NAMES,
  roles: LEAVE_ROLES,
  async check(ctx, candidates) {
    const run = await runBatch(ctx, candidates);
    for (const [index, outcome] of run.outcomes) if (outcome) ctx.outcomes.set(index, outcome);
  },
  async write(ctx, applied) {
    const run = await runBatch(ctx, applied);
    await upsertLeaves(
      ctx.tx,
      [...run.touched.leaves].map((id) => run.leaves.get(id)!),
    );
    await upsertSubstitutes(
      ctx.tx,
      [...run.touched.substitutes].map((id) => run.substitutes.get(id)!),
    );
    await upsertOutings(
      ctx.tx,
      [...run.touched.outings].map((id) => run.outings.get(id)!),
    );
    for (const entry of run.audits) await appendAudit(ctx.tx, entry);
  },
});

type AnyArgs = MutationArgs<(typeof LEAVE_NAMES)[number]>;

interface Working {
  actor: Actor;
  leaves: Map<string, LeaveRequest>;
  substitutes: Map<string, SubstituteArrangement>;
  outings: Map<string, Outing>;
  windows: Map<string, LeaveWindow>;
  staffWindow: Map<string, string>;
  windowStaff: Map<string, string[]>;
  staffRole: Map<string, Role>;
  schemes: { from: string; rules: ResolvedLeaveRules }[];
  touched: { leaves: Set<string>; substitutes: Set<string>; outings: Set<string> };
  audits: AuditEntry[];
  outcomes: Map<number, Outcome | null>;
  /** The hall's time zone: "today" of a request is the hall day it was submitted. */
  zone: string;
}

const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
const argOf = <K extends string>(a: unknown, key: K) => (a as Record<K, string | null | undefined>)[key];

const StaffWindowSchema = z.object({ id: z.string(), window_id: z.string() });

/** Loads every row the candidates need (one query per table), then applies them in request order. */
async function runBatch(ctx: PushContext, candidates: LeaveCandidate[]): Promise<Working> {
  const { tx } = ctx;
  const args: AnyArgs[] = candidates.map((c) => c.args);
  const substituteIds = uniq(
    candidates.filter((c) => c.name.startsWith('substitute.')).map((c) => argOf(c.args, 'id')),
  );
  const outingIds = uniq(candidates.filter((c) => c.name.startsWith('outing.')).map((c) => argOf(c.args, 'id')));
  const subRows = substituteIds.length
    ? await queryRows(
        tx,
        `select ${SUBSTITUTE_COLUMNS} from substitutes s where s.id = any($1::uuid[])`,
        [substituteIds],
        SubstituteDbRowSchema,
      )
    : [];
  const outingRows = outingIds.length
    ? await queryRows(
        tx,
        `select ${OUTING_COLUMNS} from outings o where o.id = any($1::uuid[])`,
        [outingIds],
        OutingDbRowSchema,
      )
    : [];
  const leaveIds = uniq([
    ...args.map((a) => argOf(a, 'leaveId')),
    ...args.map((a) => argOf(a, 'extensionOf')),
    ...candidates.filter((c) => c.name === 'leave.request').map((c) => argOf(c.args, 'id')),
    ...subRows.map((s) => s.leave_id),
  ]);
  const direct = leaveIds.length
    ? await queryRows(
        tx,
        'select staff_id, window_id from leaves where id = any($1::uuid[])',
        [leaveIds],
        z.object({ staff_id: z.string(), window_id: z.string() }),
      )
    : [];
  const personIds = uniq([
    ...args.map((a) => argOf(a, 'staffId')),
    ...args.map((a) => argOf(a, 'substituteStaffId')),
    ...direct.map((d) => d.staff_id),
    ...outingRows.map((o) => o.staff_id),
  ]);
  const staffRows = personIds.length
    ? await queryRows(
        tx,
        'select id, window_id from staff where id = any($1::uuid[]) and deleted_at is null',
        [personIds],
        StaffWindowSchema,
      )
    : [];
  const windowIds = uniq([
    ...staffRows.map((s) => s.window_id),
    ...direct.map((d) => d.window_id),
    ...outingRows.map((o) => o.window_id),
  ]);
  const windows = windowIds.length
    ? await queryRows(
        tx,
        'select id, department from windows where id = any($1::uuid[])',
        [windowIds],
        z.object({ id: z.string(), department: z.string() }),
      )
    : [];
  const colleagues = windowIds.length
    ? await queryRows(
        tx,
        'select id, window_id from staff where window_id = any($1::uuid[]) and deleted_at is null',
        [windowIds],
        StaffWindowSchema,
      )
    : [];
  // Every leave of these windows and people: conflicts, extension chains, closing.
  const leaveRows =
    windowIds.length || personIds.length
      ? await queryRows(
          tx,
          `select ${LEAVE_COLUMNS} from leaves l where (l.window_id = any($1::uuid[]) or l.staff_id = any($2::uuid[])) and l.deleted_at is null`,
          [windowIds, personIds],
          LeaveDbRowSchema,
        )
      : [];
  const moreSubs = leaveRows.length
    ? await queryRows(
        tx,
        `select ${SUBSTITUTE_COLUMNS} from substitutes s where s.leave_id = any($1::uuid[])`,
        [leaveRows.map((l) => l.id)],
        SubstituteDbRowSchema,
      )
    : [];
  const openOutings = personIds.length
    ? await queryRows(
        tx,
        `select ${OUTING_COLUMNS} from outings o where o.staff_id = any($1::uuid[]) and o.returned_at is null and o.deleted_at is null`,
        [personIds],
        OutingDbRowSchema,
      )
    : [];
  const roles = personIds.length
    ? await queryRows(
        tx,
        'select staff_id, role from users where staff_id = any($1::uuid[])',
        [personIds],
        z.object({ staff_id: z.string(), role: RoleSchema }),
      )
    : [];
  const schemes = await queryRows(
    tx,
    'select effective_from, data from schemes where deleted_at is null order by effective_from, version',
    [],
    SchemeRowSchema.pick({ effective_from: true, data: true }),
  );

  const windowStaff = new Map<string, string[]>();
  for (const s of colleagues) windowStaff.set(s.window_id, [...(windowStaff.get(s.window_id) ?? []), s.id]);
  const w: Working = {
    actor: await actorOf(tx, ctx.user),
    leaves: new Map(leaveRows.map((r) => [r.id, leaveFromRow(r)])),
    substitutes: new Map([...moreSubs, ...subRows].map((r) => [r.id, substituteFromRow(r)])),
    outings: new Map([...openOutings, ...outingRows].map((r) => [r.id, outingFromRow(r)])),
    windows: new Map(windows.map((x) => [x.id, { id: x.id, department: x.department }])),
    staffWindow: new Map(staffRows.map((s) => [s.id, s.window_id])),
    windowStaff,
    staffRole: new Map(roles.map((r) => [r.staff_id, r.role])),
    schemes: schemes.map((s) => {
      const parsed = SchemeSchema.safeParse(s.data);
      return { from: s.effective_from, rules: leaveRulesOf(parsed.success ? parsed.data : null) };
    }),
    touched: { leaves: new Set(), substitutes: new Set(), outings: new Set() },
    audits: [],
    outcomes: new Map(),
    zone: ctx.zone,
  };
  for (const c of candidates) w.outcomes.set(c.index, apply(w, c));
  return w;
}

/** The rules of the scheme in force in a month (the first scheme before any). */
function rulesFor(w: Working, date: string): ResolvedLeaveRules {
  const month = date.slice(0, 7);
  return (w.schemes.filter((s) => s.from <= month).at(-1) ?? w.schemes[0])?.rules ?? leaveRulesOf(null);
}

function apply(w: Working, c: LeaveCandidate): Outcome | null {
  switch (c.name) {
    case 'leave.request':
      return request(w, c.args);
    case 'leave.decide': {
      const x = c.args;
      return onLeave(w, x.leaveId, (leave, window, rules) =>
        decideStep(leave, x, w.actor, window, subOf(w, leave), rules),
      );
    }
    case 'leave.withdraw': {
      const x = c.args;
      return onLeave(w, x.leaveId, (leave) => withdrawLeave(leave, w.actor, x.at));
    }
    case 'leave.revoke_request': {
      const x = c.args;
      return onLeave(w, x.leaveId, (leave) => requestRevoke(leave, w.actor, x.reason, x.at));
    }
    case 'leave.revoke_answer': {
      const x = c.args;
      return onLeave(w, x.leaveId, (leave, window) => answerRevoke(leave, w.actor, window, x.consent, x.comment, x.at));
    }
    case 'leave.attach': {
      const x = c.args;
      return onLeave(w, x.leaveId, (leave) => attachDocument(leave, x.attachment, w.actor, x.at));
    }
    case 'leave.close':
      return close(w, c.args);
    case 'leave.mark_deceit': {
      const x = c.args;
      const refused = onLeave(w, x.leaveId, (leave) => markDeceit(leave, w.actor, x.reason, x.at));
      if (!refused)
        w.audits.push({
          actorId: w.actor.id,
          actorName: w.actor.name,
          action: 'leave_deceit',
          entity: 'leave',
          entityId: x.leaveId,
          after: { deceit: w.leaves.get(x.leaveId)!.deceit },
        });
      return refused;
    }
    case 'substitute.name':
      return name(w, c.args);
    case 'substitute.confirm': {
      const x = c.args;
      return onSubstitute(w, x.id, (s, leave, window) => confirmSubstitute(s, w.actor, window, x.at), true);
    }
    case 'substitute.badge_issue': {
      const x = c.args;
      return onSubstitute(w, x.id, (s) => issueBadge(s, w.actor, x.badgeNumber, x.at), false, 'badge_issue');
    }
    case 'substitute.badge_return': {
      const x = c.args;
      return onSubstitute(w, x.id, (s) => returnBadge(s, w.actor, x.at), false, 'badge_return');
    }
    case 'outing.start':
      return outingStart(w, c.args);
    case 'outing.return': {
      const x = c.args;
      const o = w.outings.get(x.id);
      if (!o) return reject('not_found', `outing ${x.id} not found (register leaving first)`);
      const window = w.windows.get(o.windowId)!;
      const r = returnFromOuting(o, w.actor, window, x.returnedAt);
      if (!r.ok) return reject(r.code, r.reason);
      w.outings.set(o.id, r.value);
      w.touched.outings.add(o.id);
      return null;
    }
    default: {
      const unhandled: never = c; // every leave name has its case (a compile error otherwise)
      return reject('unknown_mutation', `mutation ${(unhandled as Candidate).name} is not a leave mutation`);
    }
  }
}

const subOf = (w: Working, leave: LeaveRequest) =>
  leave.substituteId ? (w.substitutes.get(leave.substituteId) ?? null) : null;

function onLeave(
  w: Working,
  leaveId: string,
  step: (leave: LeaveRequest, window: LeaveWindow, rules: ResolvedLeaveRules) => Result<LeaveRequest>,
): Outcome | null {
  const leave = w.leaves.get(leaveId);
  if (!leave) return reject('not_found', `leave ${leaveId} not found`);
  const window = w.windows.get(leave.windowId)!;
  const r = step(leave, window, rulesFor(w, leave.from.date));
  if (!r.ok) return reject(r.code, r.reason);
  w.leaves.set(leaveId, r.value);
  w.touched.leaves.add(leaveId);
  // A request that ends without being taken frees its substitute.
  if (['withdrawn', 'rejected', 'revoked'].includes(r.value.status)) cancelSubstitute(w, r.value);
  return null;
}

function cancelSubstitute(w: Working, leave: LeaveRequest) {
  const s = subOf(w, leave);
  if (s && s.status !== 'cancelled') {
    w.substitutes.set(s.id, { ...s, status: 'cancelled' });
    w.touched.substitutes.add(s.id);
  }
}

function request(w: Working, args: MutationArgs<'leave.request'>): Outcome | null {
  if (w.leaves.has(args.id)) return reject('conflict', `leave ${args.id} already exists`);
  const windowId = w.staffWindow.get(args.staffId);
  if (!windowId) return reject('not_found', `staff member ${args.staffId} not found`);
  if (windowId !== args.windowId)
    return reject('not_found', `staff member ${args.staffId} does not work at window ${args.windowId}`);
  const rules = rulesFor(w, args.from.date);
  const windowStaffIds = w.windowStaff.get(windowId) ?? [args.staffId];
  const known = [...w.leaves.values()].filter((l) => l.windowId === windowId || l.staffId === args.staffId);
  const preview = previewLeave(args, {
    rules,
    windowStaffIds,
    leaves: known,
    substitutes: [...w.substitutes.values()],
    requesterRole: w.staffRole.get(args.staffId) ?? (w.actor.staffId === args.staffId ? w.actor.role : 'staff'),
    today: hallDay(args.submittedAt, w.zone),
  });
  const r = newLeaveRequest(args, preview, w.actor, windowId);
  if (!r.ok) return reject(r.code, r.reason);
  w.leaves.set(args.id, r.value);
  w.touched.leaves.add(args.id);
  if (w.actor.staffId !== args.staffId) {
    w.audits.push({
      actorId: w.actor.id,
      actorName: w.actor.name,
      action: 'leave_file',
      entity: 'leave',
      entityId: args.id,
      after: { staffId: args.staffId, from: args.from, to: args.to, type: args.type },
    });
  }
  return null;
}

/** 销假 of the chain the leave belongs to: the leave and its approved extensions; a pending extension is withdrawn. */
function close(w: Working, args: MutationArgs<'leave.close'>): Outcome | null {
  const leave = w.leaves.get(args.leaveId);
  if (!leave) return reject('not_found', `leave ${args.leaveId} not found`);
  let base = leave;
  for (let guard = 0; base.extensionOf && guard < 50; guard++) base = w.leaves.get(base.extensionOf) ?? base;
  const chain = [base];
  const pendingExtensions: LeaveRequest[] = [];
  for (let guard = 0; guard < 50; guard++) {
    const last = chain.at(-1)!;
    const ext = [...w.leaves.values()].filter((l) => l.extensionOf === last.id);
    const pend = ext.filter((l) => l.status === 'pending');
    pendingExtensions.push(...pend);
    const next = ext.find((l) => l.status === 'approved');
    if (!next) break;
    chain.push(next);
  }
  const rules = rulesFor(w, base.from.date);
  const r = closeLeaveChain(
    chain,
    { returnedOn: args.returnedOn, note: args.note, certificate: args.certificate, at: args.at },
    w.actor,
    rules,
  );
  if (!r.ok) return reject(r.code, r.reason);
  for (const l of r.value) {
    w.leaves.set(l.id, l);
    w.touched.leaves.add(l.id);
    // The substitute stands in only while the person is away.
    const s = subOf(w, l);
    if (s && s.status !== 'cancelled' && compareHalfDays(args.returnedOn, s.to) <= 0) {
      const to = previousHalfDay(args.returnedOn);
      w.substitutes.set(s.id, compareHalfDays(to, s.from) < 0 ? { ...s, status: 'cancelled' } : { ...s, to });
      w.touched.substitutes.add(s.id);
    }
  }
  for (const p of pendingExtensions) {
    const withdrawn = { ...p, status: 'withdrawn' as const, withdrawnAt: args.at };
    w.leaves.set(p.id, withdrawn);
    w.touched.leaves.add(p.id);
    cancelSubstitute(w, withdrawn);
  }
  if (w.actor.role === 'supervision') {
    const last = r.value.at(-1)!;
    w.audits.push({
      actorId: w.actor.id,
      actorName: w.actor.name,
      action: 'leave_close',
      entity: 'leave',
      entityId: last.id,
      after: { returnedOn: args.returnedOn, closure: last.closure },
    });
  }
  return null;
}

function name(w: Working, args: MutationArgs<'substitute.name'>): Outcome | null {
  if (w.substitutes.has(args.id)) return reject('conflict', `substitute arrangement ${args.id} already exists`);
  const leave = w.leaves.get(args.leaveId);
  if (!leave) return reject('not_found', `leave ${args.leaveId} not found`);
  if (args.substituteStaffId && !w.staffWindow.has(args.substituteStaffId))
    return reject('not_found', `staff member ${args.substituteStaffId} not found`);
  const window = w.windows.get(leave.windowId)!;
  const r = nameSubstitute(leave, { ...args }, w.actor, window);
  if (!r.ok) return reject(r.code, r.reason);
  cancelSubstitute(w, leave);
  w.substitutes.set(args.id, r.value);
  w.touched.substitutes.add(args.id);
  w.leaves.set(leave.id, { ...leave, substituteId: args.id });
  w.touched.leaves.add(leave.id);
  return null;
}

function onSubstitute(
  w: Working,
  id: string,
  step: (s: SubstituteArrangement, leave: LeaveRequest, window: LeaveWindow) => Result<SubstituteArrangement>,
  settle: boolean,
  audit?: 'badge_issue' | 'badge_return',
): Outcome | null {
  const s = w.substitutes.get(id);
  if (!s) return reject('not_found', `substitute arrangement ${id} not found`);
  const leave = w.leaves.get(s.leaveId)!;
  const window = w.windows.get(s.windowId)!;
  const r = step(s, leave, window);
  if (!r.ok) return reject(r.code, r.reason);
  w.substitutes.set(id, r.value);
  w.touched.substitutes.add(id);
  if (settle && leave.substituteId === id) {
    const status = settledStatus(leave, r.value, rulesFor(w, leave.from.date));
    if (status !== leave.status) {
      w.leaves.set(leave.id, { ...leave, status });
      w.touched.leaves.add(leave.id);
    }
  }
  if (audit) {
    w.audits.push({
      actorId: w.actor.id,
      actorName: w.actor.name,
      action: audit,
      entity: 'substitute',
      entityId: id,
      after: {
        substituteName: r.value.substituteName,
        badgeNumber: r.value.badgeNumber,
        at: audit === 'badge_issue' ? r.value.badgeIssuedAt : r.value.badgeReturnedAt,
        leaveId: leave.id,
      },
    });
  }
  return null;
}

function outingStart(w: Working, args: MutationArgs<'outing.start'>): Outcome | null {
  if (w.outings.has(args.id)) return reject('conflict', `outing ${args.id} already exists`);
  const windowId = w.staffWindow.get(args.staffId);
  if (!windowId) return reject('not_found', `staff member ${args.staffId} not found`);
  if (windowId !== args.windowId)
    return reject('not_found', `staff member ${args.staffId} does not work at window ${args.windowId}`);
  const r = startOuting(args, w.actor, w.windows.get(windowId)!, [...w.outings.values()]);
  if (!r.ok) return reject(r.code, r.reason);
  w.outings.set(args.id, r.value);
  w.touched.outings.add(args.id);
  return null;
}
