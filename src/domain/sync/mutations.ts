import type { z } from 'zod';
import { LateSubmitArgsSchema, UpdateViolationArgsSchema, WithdrawViolationArgsSchema } from '../patrol/corrections';
import { AbandonRoundArgsSchema, CheckWindowArgsSchema, FinishRoundArgsSchema, StartRoundArgsSchema } from '../patrol/rounds';
import { RecordViolationArgsSchema } from '../violation';
import { FileDisputeArgsSchema } from '../assessment/disputes';
import { LEAVE_MUTATIONS } from '../leave/mutations';

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
