import type { z } from 'zod';
import { LateSubmitArgsSchema, UpdateViolationArgsSchema, WithdrawViolationArgsSchema } from '../patrol/corrections';
import {
  AbandonRoundArgsSchema,
  CheckWindowArgsSchema,
  FinishRoundArgsSchema,
  StartRoundArgsSchema,
} from '../patrol/rounds';
import { RecordViolationArgsSchema } from '../violation';
import { FileDisputeArgsSchema } from '../assessment/disputes';
import { LEAVE_MUTATIONS } from '../leave/mutations';
import type { LateSubmitArgs } from '../patrol/corrections';
import type { RecordViolationArgs } from '../violation';
import { FUTURE_TOLERANCE_MS, isInFuture } from '../bounds';

/**
 * Every mutation a phone may queue, by name, with the schema of its args. The phone validates
 * with the same schema before queuing; the server validates again before applying.
 */
export const MUTATIONS = {
  'violation.record': RecordViolationArgsSchema,
  'round.start': StartRoundArgsSchema,
  'round.finish': FinishRoundArgsSchema,
  'round.check_window': CheckWindowArgsSchema,
  'round.abandon': AbandonRoundArgsSchema,
  'violation.update': UpdateViolationArgsSchema,
  'violation.withdraw': WithdrawViolationArgsSchema,
  'violation.late_submit': LateSubmitArgsSchema,
  'dispute.file': FileDisputeArgsSchema,
  ...LEAVE_MUTATIONS,
} as const satisfies Record<string, z.ZodType>;

export type MutationName = keyof typeof MUTATIONS;
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATIONS)[N]>;

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATIONS, name);
}

/** Human-readable zod issues: "count: Too big: expected number to be <=20". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Why a (parsed) mutation observes something later than the server's clock allows, or null. A
 * record is made when seen: one dated ahead of the server by more than FUTURE_TOLERANCE_MS comes
 * from a phone whose clock runs ahead, and would count in a month not yet begun.
 */
export function futureProblem(name: string, args: unknown, serverNow: Date): string | null {
  const observedAt =
    name === 'violation.record'
      ? (args as RecordViolationArgs).observedAt
      : name === 'violation.late_submit'
        ? (args as LateSubmitArgs).violation.observedAt
        : null;
  if (!observedAt || !isInFuture(observedAt, serverNow)) return null;
  return `observedAt ${observedAt} is later than the server's time ${serverNow.toISOString()} (more than ${FUTURE_TOLERANCE_MS / 60_000} minutes ahead); check the phone's clock`;
}
