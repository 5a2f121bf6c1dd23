import { z } from 'zod';
import { ViolationStatusSchema } from '../../domain';
import { fileDisputeProblem, recordMonth } from '../../domain/assessment';
import { monthLeaveSources } from '../assessment/data';
import { monthStates } from '../assessment/state';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { family, type Candidate } from './family';
import { reject } from './outcome';

type DisputeCandidate = Candidate<'dispute.file'>;

/** A record a dispute may name: a stored violation, or a consequence of leave (computed, id derived from its source). */
interface Disputable {
  windowId: string;
  status: 'active' | 'withdrawn';
  month: string;
  kind: 'violation' | 'leave';
}

/**
 * The records these ids name. Ids that are no violation are looked up among the consequences of
 * leave of the months being assessed (compiled, not yet published: disputes are only possible in
 * verification), so a window head disputes an absence from overstaying exactly like a patrol record.
 */
async function disputables(tx: Db, ids: readonly string[], zone: string): Promise<Map<string, Disputable>> {
  const violations = await queryRows(
    tx,
    'select id, window_id, status, observed_at from violations where id = any($1::uuid[]) and deleted_at is null',
    [[...new Set(ids)]],
    z.object({ id: z.string(), window_id: z.string(), status: ViolationStatusSchema, observed_at: z.date() }),
  );
  const byId = new Map<string, Disputable>(
    violations.map((v) => [
      v.id,
      {
        windowId: v.window_id,
        status: v.status,
        month: recordMonth(new Date(v.observed_at).toISOString(), zone),
        kind: 'violation',
      },
    ]),
  );
  if (ids.every((id) => byId.has(id))) return byId;
  // Months being assessed (not yet published): a consequence there is found, and the domain says whether it may be disputed now.
  const stored = await queryRows(
    tx,
    "select month from assessment_periods where state in ('preliminary', 'verification', 'approved') order by month",
    [],
    z.object({ month: z.string() }),
  );
  for (const { month } of stored) {
    for (const s of await monthLeaveSources(tx, month, zone)) {
      if (!byId.has(s.recordId)) byId.set(s.recordId, { windowId: s.windowId, status: 'active', month, kind: 'leave' });
    }
  }
  return byId;
}

/**
 * dispute.file: a window head disputes a record of their window during verification (核实),
 * offline-capable like every other change. The rules are the domain's (fileDisputeProblem);
 * here they are fed set-based: one query per table for the whole batch.
 */
export const disputeFamily = family({
  names: ['dispute.file'],
  roles: ['window_head'],
  async check(ctx, candidates) {
    const list = candidates;
    const byId = await disputables(
      ctx.tx,
      list.map((c) => c.args.violationId),
      ctx.zone,
    );
    const states = await monthStates(
      ctx.tx,
      [...byId.values()].map((v) => v.month),
    );
    const existing = await queryRows(
      ctx.tx,
      'select id, violation_id from disputes where id = any($1::uuid[]) or violation_id = any($2::uuid[])',
      [list.map((c) => c.args.id), list.map((c) => c.args.violationId)],
      z.object({ id: z.string(), violation_id: z.string() }),
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
    const list = applied;
    const byId = await disputables(
      ctx.tx,
      list.map((c) => c.args.violationId),
      ctx.zone,
    );
    const of = (c: DisputeCandidate) => byId.get(c.args.violationId)!;
    await ctx.tx.query(
      `insert into disputes (id, violation_id, window_id, month, record_kind, filed_by, reason, filed_at, evidence)
       select t.id, t.violation_id, t.window_id, t.month, t.kind, $3::uuid, t.reason, t.filed_at, t.evidence::jsonb
         from unnest($1::uuid[], $2::uuid[], $4::text[], $5::timestamptz[], $6::uuid[], $7::text[], $8::text[], $9::text[]) as t(id, violation_id, reason, filed_at, window_id, month, kind, evidence)`,
      [
        list.map((c) => c.args.id),
        list.map((c) => c.args.violationId),
        ctx.user.id,
        list.map((c) => c.args.reason),
        list.map((c) => c.args.filedAt),
        list.map((c) => of(c).windowId),
        list.map((c) => of(c).month),
        list.map((c) => of(c).kind),
        list.map((c) => JSON.stringify(c.args.evidence ?? [])),
      ],
    );
  },
});
