import type { MutationArgs } from '../../domain';
import type { LocalLeave, LocalOuting, LocalSubstitute } from './database';
import { InvalidMutationError } from './errors';

/**
 * How leave, substitute and outing mutations show locally before the server has seen them
 * (entries of LOCAL_EFFECTS). They are optimistic and deliberately light: the server runs the
 * rules (src/domain/leave/machine.ts) and the next pull brings its row back; a rejection is
 * shown with its reason. A change of a row that is not on the phone cannot be queued.
 */

interface Actor {
  id: string;
  displayName?: string;
}

class MissingRowError extends InvalidMutationError {
  constructor(mutation: string, what: string) {
    super(mutation, `${what} is not on this phone`);
  }
}

const pending = { syncState: 'pending' as const, rejectionCode: undefined, rejectionReason: undefined };

function fullLeave(
  name: string,
  existing: LocalLeave | undefined,
  id: string,
): Extract<LocalLeave, { redacted: false }> {
  if (!existing || existing.redacted) throw new MissingRowError(name, `leave ${id}`);
  return existing;
}

function substitute(name: string, existing: LocalSubstitute | undefined, id: string): LocalSubstitute {
  if (!existing) throw new MissingRowError(name, `substitute arrangement ${id}`);
  return existing;
}

export const LEAVE_LOCAL_EFFECTS = {
  'leave.request': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.request'>) => args.id,
    row: (args: MutationArgs<'leave.request'>, user: Actor): LocalLeave => ({
      id: args.id,
      redacted: false,
      staffId: args.staffId,
      windowId: args.windowId,
      requestedBy: user.id,
      requestedByName: user.displayName ?? '',
      type: args.type,
      from: args.from,
      to: args.to,
      days: 0,
      reason: args.reason,
      attachments: args.attachments.map((a) => ({ ...a, addedAt: args.submittedAt, addedBy: user.id })),
      status: 'pending',
      steps: [],
      substituteRequired: false,
      substituteReason: '',
      substituteId: null,
      extensionOf: args.extensionOf,
      filedAfterwards: false,
      submittedAt: args.submittedAt,
      withdrawnAt: null,
      revocation: null,
      closure: null,
      until: args.to,
      ...pending,
    }),
  },
  'leave.decide': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.decide'>) => args.leaveId,
    row: (args: MutationArgs<'leave.decide'>, user: Actor, existing?: LocalLeave): LocalLeave => {
      const leave = fullLeave('leave.decide', existing, args.leaveId);
      const decision = args.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
      const steps = leave.steps.map((s, i) =>
        i === args.step
          ? {
              ...s,
              decision,
              by: user.id,
              byName: user.displayName ?? null,
              comment: args.comment,
              decidedAt: args.decidedAt,
            }
          : s,
      );
      return { ...leave, steps, status: decision === 'rejected' ? 'rejected' : leave.status, ...pending };
    },
  },
  'leave.withdraw': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.withdraw'>) => args.leaveId,
    row: (args: MutationArgs<'leave.withdraw'>, _user: Actor, existing?: LocalLeave): LocalLeave => ({
      ...fullLeave('leave.withdraw', existing, args.leaveId),
      status: 'withdrawn',
      withdrawnAt: args.at,
      ...pending,
    }),
  },
  'leave.revoke_request': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.revoke_request'>) => args.leaveId,
    row: (args: MutationArgs<'leave.revoke_request'>, _user: Actor, existing?: LocalLeave): LocalLeave => ({
      ...fullLeave('leave.revoke_request', existing, args.leaveId),
      revocation: {
        requestedAt: args.at,
        reason: args.reason,
        answer: null,
        answeredBy: null,
        answeredByName: null,
        answeredAt: null,
        comment: '',
      },
      ...pending,
    }),
  },
  'leave.revoke_answer': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.revoke_answer'>) => args.leaveId,
    row: (args: MutationArgs<'leave.revoke_answer'>, user: Actor, existing?: LocalLeave): LocalLeave => {
      const leave = fullLeave('leave.revoke_answer', existing, args.leaveId);
      if (!leave.revocation) throw new MissingRowError('leave.revoke_answer', `a revocation of leave ${args.leaveId}`);
      const answer = args.consent ? ('consented' as const) : ('refused' as const);
      return {
        ...leave,
        status: args.consent ? 'revoked' : leave.status,
        revocation: {
          ...leave.revocation,
          answer,
          answeredBy: user.id,
          answeredByName: user.displayName ?? null,
          answeredAt: args.at,
          comment: args.comment,
        },
        ...pending,
      };
    },
  },
  'leave.attach': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.attach'>) => args.leaveId,
    row: (args: MutationArgs<'leave.attach'>, user: Actor, existing?: LocalLeave): LocalLeave => {
      const leave = fullLeave('leave.attach', existing, args.leaveId);
      const attachments = leave.attachments.some((a) => a.hash === args.attachment.hash)
        ? leave.attachments
        : [...leave.attachments, { ...args.attachment, addedAt: args.at, addedBy: user.id }];
      return { ...leave, attachments, ...pending };
    },
  },
  'leave.close': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.close'>) => args.leaveId,
    row: (args: MutationArgs<'leave.close'>, user: Actor, existing?: LocalLeave): LocalLeave => {
      const leave = fullLeave('leave.close', existing, args.leaveId);
      const attachments =
        args.certificate && !leave.attachments.some((a) => a.hash === args.certificate!.hash)
          ? [...leave.attachments, { ...args.certificate, addedAt: args.at, addedBy: user.id }]
          : leave.attachments;
      // The closure itself (overstay, effective type) is the server's to compute.
      return { ...leave, status: 'closed', attachments, ...pending };
    },
  },
  'leave.mark_deceit': {
    table: 'leaves' as const,
    rowId: (args: MutationArgs<'leave.mark_deceit'>) => args.leaveId,
    row: (args: MutationArgs<'leave.mark_deceit'>, user: Actor, existing?: LocalLeave): LocalLeave => {
      const leave = fullLeave('leave.mark_deceit', existing, args.leaveId);
      return {
        ...leave,
        deceit: { foundAt: args.at, foundBy: user.id, foundByName: user.displayName ?? '', reason: args.reason },
        ...pending,
      };
    },
  },
  'substitute.name': {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<'substitute.name'>) => args.id,
    row: (args: MutationArgs<'substitute.name'>, user: Actor, existing?: LocalSubstitute): LocalSubstitute => ({
      id: args.id,
      leaveId: args.leaveId,
      windowId: existing?.windowId ?? '',
      forStaffId: existing?.forStaffId ?? '',
      substituteStaffId: args.substituteStaffId,
      substituteName: args.substituteName,
      substitutePhone: args.substitutePhone,
      from: args.from ?? existing?.from ?? { date: args.at.slice(0, 10), half: 'am' },
      to: args.to ?? existing?.to ?? { date: args.at.slice(0, 10), half: 'pm' },
      status: 'named',
      namedBy: user.id,
      namedByName: user.displayName ?? '',
      namedAt: args.at,
      confirmedBy: null,
      confirmedByName: null,
      confirmedAt: null,
      reportedAt: null,
      badgeNumber: null,
      badgeIssuedAt: null,
      badgeIssuedByName: null,
      badgeReturnedAt: null,
      badgeReturnedByName: null,
      ...pending,
    }),
  },
  'substitute.confirm': {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<'substitute.confirm'>) => args.id,
    row: (args: MutationArgs<'substitute.confirm'>, user: Actor, existing?: LocalSubstitute): LocalSubstitute => ({
      ...substitute('substitute.confirm', existing, args.id),
      status: 'confirmed',
      confirmedBy: user.id,
      confirmedByName: user.displayName ?? null,
      confirmedAt: args.at,
      reportedAt: args.at,
      ...pending,
    }),
  },
  'substitute.badge_issue': {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<'substitute.badge_issue'>) => args.id,
    row: (args: MutationArgs<'substitute.badge_issue'>, user: Actor, existing?: LocalSubstitute): LocalSubstitute => ({
      ...substitute('substitute.badge_issue', existing, args.id),
      badgeNumber: args.badgeNumber,
      badgeIssuedAt: args.at,
      badgeIssuedByName: user.displayName ?? null,
      ...pending,
    }),
  },
  'substitute.badge_return': {
    table: 'substitutes' as const,
    rowId: (args: MutationArgs<'substitute.badge_return'>) => args.id,
    row: (args: MutationArgs<'substitute.badge_return'>, user: Actor, existing?: LocalSubstitute): LocalSubstitute => ({
      ...substitute('substitute.badge_return', existing, args.id),
      badgeReturnedAt: args.at,
      badgeReturnedByName: user.displayName ?? null,
      ...pending,
    }),
  },
  'outing.start': {
    table: 'outings' as const,
    rowId: (args: MutationArgs<'outing.start'>) => args.id,
    row: (args: MutationArgs<'outing.start'>, user: Actor): LocalOuting => ({
      id: args.id,
      staffId: args.staffId,
      windowId: args.windowId,
      purpose: args.purpose,
      startedAt: args.startedAt,
      expectedReturnAt: args.expectedReturnAt,
      returnedAt: null,
      registeredBy: user.id,
      registeredByName: user.displayName ?? '',
      redacted: false,
      ...pending,
    }),
  },
  'outing.return': {
    table: 'outings' as const,
    rowId: (args: MutationArgs<'outing.return'>) => args.id,
    row: (args: MutationArgs<'outing.return'>, _user: Actor, existing?: LocalOuting): LocalOuting => {
      if (!existing) throw new MissingRowError('outing.return', `outing ${args.id}`);
      return { ...existing, returnedAt: args.returnedAt, ...pending };
    },
  },
};

/** Leave mutations that create their row. */
export const LEAVE_CREATES = ['leave.request', 'substitute.name', 'outing.start'] as const;
