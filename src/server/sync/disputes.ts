import { fileDisputeProblem, recordMonth, type FileDisputeArgs } from '../../domain/assessment';
import { monthStates } from '../assessment/state';
import type { Candidate, MutationFamily } from './family';
import { reject } from './outcome';

type DisputeCandidate = Candidate<FileDisputeArgs>;

/**
 * dispute.file: a window head disputes a record of their window during verification (核实),
 * offline-capable like every other change. The rules are the domain's (fileDisputeProblem);
 * here they are fed set-based: one query per table for the whole batch.
 */
export const disputeFamily: MutationFamily = {
  names: ['dispute.file'],
  roles: ['window_head'],
  async check(ctx, candidates) {
    const list = candidates as DisputeCandidate[];
    const violations = await ctx.tx.query<{ id: string; window_id: string; status: 'active' | 'withdrawn'; observed_at: Date }>(
      'select id, window_id, status, observed_at from violations where id = any($1::uuid[]) and deleted_at is null',
      [[...new Set(list.map((c) => c.args.violationId))]],
    );
    const byId = new Map(violations.map((v) => [v.id, { windowId: v.window_id, status: v.status, month: recordMonth(new Date(v.observed_at).toISOString()) }]));
    const states = await monthStates(ctx.tx, [...byId.values()].map((v) => v.month));
    const existing = await ctx.tx.query<{ id: string; violation_id: string }>(
      'select id, violation_id from disputes where id = any($1::uuid[]) or violation_id = any($2::uuid[])',
      [list.map((c) => c.args.id), list.map((c) => c.args.violationId)],
    );
    const takenIds = new Set(existing.map((d) => d.id));
    const disputed = new Set(existing.map((d) => d.violation_id));
    for (const c of list) {
      if (takenIds.has(c.args.id)) {
        ctx.outcomes.set(c.index, reject('conflict', `dispute ${c.args.id} already exists`));
        continue;
      }
      const violation = byId.get(c.args.violationId) ?? null;
      const problem = fileDisputeProblem({
        user: { role: ctx.user.role, windowId: ctx.user.windowId },
        violation,
        state: violation ? states.get(violation.month)! : 'open',
        alreadyDisputed: disputed.has(c.args.violationId),
      });
      if (problem) {
        ctx.outcomes.set(c.index, reject(problem.code, problem.reason));
        continue;
      }
      // Later candidates of this batch see this one.
      takenIds.add(c.args.id);
      disputed.add(c.args.violationId);
    }
  },
  async write(ctx, applied) {
    const list = applied as DisputeCandidate[];
    await ctx.tx.query(
      `insert into disputes (id, violation_id, window_id, month, filed_by, reason, filed_at)
       select t.id, t.violation_id, v.window_id, to_char(v.observed_at at time zone 'UTC', 'YYYY-MM'), $3::uuid, t.reason, t.filed_at
         from unnest($1::uuid[], $2::uuid[], $4::text[], $5::timestamptz[]) as t(id, violation_id, reason, filed_at)
         join violations v on v.id = t.violation_id`,
      [list.map((c) => c.args.id), list.map((c) => c.args.violationId), ctx.user.id, list.map((c) => c.args.reason), list.map((c) => c.args.filedAt)],
    );
  },
};
