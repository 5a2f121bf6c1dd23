import { appendAudit } from '../audit/audit';
import {
  CORRECTABLE_FIELDS,
  LATE_ITEM,
  OFF_POST,
  PATROL_ROLES,
  RECORDER_ROLES,
  SchemeSchema,
  ViolationStatusSchema,
  closedReason,
  hallDay,
  hallMonth,
  type RecordViolationArgs,
  type UpdateViolationArgs,
} from '../../domain';
import { z } from 'zod';
import type { SessionUser } from '../auth/users';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { family, type Candidate } from './family';
import { reject, type Outcome } from './outcome';
import { SchemeRowSchema, isoSql } from '../rows/rows';
import { isInFuture } from '../../domain/bounds';

const NAMES = ['violation.update', 'violation.withdraw', 'violation.late_submit'] as const;
type CorrectionCandidate = Candidate<(typeof NAMES)[number]>;

/** The recorder's corrections and withdrawals, and forwarding a record as a late submission. */
export const correctionFamily = family({
  names: NAMES,
  // A window head who recorded as the rostered duty officer corrects his own records (the recorder
  // check below); forwarding a late record stays with the recorder roles.
  roles: PATROL_ROLES,
  async check(ctx, candidates) {
    // Records accepted earlier in this batch may be corrected in it too.
    const batchRecords = new Map(ctx.applied(['violation.record']).map((c) => [c.args.id, c.args]));
    await checkCorrections(
      ctx.tx,
      ctx.user,
      candidates,
      ctx.outcomes,
      batchRecords,
      await ctx.closedMonths(),
      ctx.zone,
      ctx.serverNow,
    );
  },
  write: (ctx, applied) => writeCorrections(ctx.tx, ctx.user, applied, ctx.zone),
});

interface Current {
  recordedBy: string;
  status: 'active' | 'withdrawn';
  month: string;
  windowId: string;
  observedAt: string;
  itemCode: string;
}

/**
 * Checks violation.update / violation.withdraw / violation.late_submit in request order, against
 * the stored records and the records applied earlier in the same batch.
 */
async function checkCorrections(
  tx: Db,
  user: SessionUser,
  candidates: CorrectionCandidate[],
  outcomes: Map<number, Outcome>,
  batchRecords: Map<string, RecordViolationArgs>,
  closed: Map<string, string>,
  zone: string,
  serverNow: Date,
): Promise<void> {
  const ids = [
    ...new Set(candidates.map((c) => (c.name === 'violation.late_submit' ? c.args.violation.id : c.args.id))),
  ];
  const stored = await queryRows(
    tx,
    'select id, recorded_by, status, observed_at, window_id, item_code from violations where id = any($1::uuid[])',
    [ids],
    z.object({
      id: z.string(),
      recorded_by: z.string(),
      status: ViolationStatusSchema,
      observed_at: z.date(),
      window_id: z.string(),
      item_code: z.string(),
    }),
  );
  const lateIds = candidates.filter((c) => c.name === 'violation.late_submit').map((c) => c.args.id);
  const lateTaken = new Set(
    lateIds.length
      ? (await queryRows(tx, 'select id from late_submissions where id = any($1::uuid[])', [lateIds], IdRowSchema)).map(
          (r) => r.id,
        )
      : [],
  );
  const staffIds = candidates.flatMap((c) => (c.name === 'violation.update' && c.args.staffId ? [c.args.staffId] : []));
  const staff = staffIds.length
    ? await queryRows(
        tx,
        'select id, window_id from staff where id = any($1::uuid[]) and deleted_at is null',
        [staffIds],
        z.object({ id: z.string(), window_id: z.string() }),
      )
    : [];
  const staffWindow = new Map(staff.map((s) => [s.id, s.window_id]));
  const schemes = (
    await queryRows(
      tx,
      'select effective_from, data from schemes where deleted_at is null order by effective_from, version',
      [],
      SchemeRowSchema.pick({ effective_from: true, data: true }),
    )
  ).map((s) => {
    const parsed = SchemeSchema.safeParse(s.data);
    return {
      from: s.effective_from,
      codes: new Set(parsed.success ? parsed.data.items.map((i) => i.code) : []),
      lateItem: (parsed.success ? parsed.data.offPost?.lateItem : undefined) ?? LATE_ITEM,
    };
  });

  const current = new Map<string, Current>(
    stored.map((r) => [
      r.id,
      {
        recordedBy: r.recorded_by,
        status: r.status,
        month: hallMonth(r.observed_at, zone),
        windowId: r.window_id,
        observedAt: r.observed_at.toISOString(),
        itemCode: r.item_code,
      },
    ]),
  );
  for (const [id, args] of batchRecords) {
    current.set(id, {
      recordedBy: user.id,
      status: 'active',
      month: hallMonth(args.observedAt, zone),
      windowId: args.windowId,
      observedAt: args.observedAt,
      itemCode: args.itemCode,
    });
  }

  for (const c of candidates) {
    const problem = check(c);
    if (problem) outcomes.set(c.index, problem);
  }

  function check(c: CorrectionCandidate): Outcome | null {
    if (c.name === 'violation.late_submit') {
      if (!RECORDER_ROLES.includes(user.role))
        return reject('forbidden', `role ${user.role} may not forward late records`);
      const args = c.args;
      if (lateTaken.has(args.id)) return reject('conflict', `late submission ${args.id} already exists`);
      if (current.has(args.violation.id)) return reject('conflict', `violation ${args.violation.id} already exists`);
      const month = hallMonth(args.violation.observedAt, zone);
      if (!closed.has(month)) return reject('invalid', `month ${month} is open for recording: record it normally`);
      lateTaken.add(args.id);
      return null;
    }
    const row = current.get(c.args.id);
    if (!row) return reject('not_found', `violation ${c.args.id} not found`);
    if (row.recordedBy !== user.id) return reject('forbidden', 'only the recorder may correct or withdraw a record');
    if (row.status === 'withdrawn') return reject('conflict', `violation ${c.args.id} was withdrawn`);
    const at = closed.get(row.month);
    if (at) return reject('closed', closedReason(row.month, at, zone));
    if (c.name === 'violation.update') {
      const args = c.args;
      if (args.itemCode) {
        const scheme = schemes.filter((s) => s.from <= row.month).at(-1) ?? schemes[0];
        if (!scheme?.codes.has(args.itemCode))
          return reject('not_found', `item ${args.itemCode} is not in the assessment scheme in force for ${row.month}`);
      }
      if (args.returnedAt) {
        const problem = returnProblem(row, args, schemes.filter((s) => s.from <= row.month).at(-1) ?? schemes[0]);
        if (problem) return reject('invalid', problem);
      }
      if (args.itemCode) row.itemCode = args.itemCode;
      if (args.staffId) {
        const w = staffWindow.get(args.staffId);
        if (!w) return reject('not_found', `staff member ${args.staffId} not found`);
        if (w !== row.windowId)
          return reject('not_found', `staff member ${args.staffId} does not work at window ${row.windowId}`);
      }
    } else {
      row.status = 'withdrawn';
    }
    return null;
  }

  /** #15: a return time is after the sighting, the same hall day, not ahead of the server, on an off-post or late record. */
  function returnProblem(row: Current, args: UpdateViolationArgs, scheme: { lateItem: string } | undefined) {
    const item = args.itemCode ?? row.itemCode;
    const lateItem = scheme?.lateItem ?? LATE_ITEM;
    if (item !== OFF_POST && item !== lateItem)
      return `a return time belongs to an off-post (${OFF_POST}) or late (${lateItem}) record, not ${item}`;
    const back = Date.parse(args.returnedAt!);
    if (back < Date.parse(row.observedAt))
      return `returnedAt ${args.returnedAt} is before the record was observed (${row.observedAt})`;
    if (hallDay(args.returnedAt!, zone) !== hallDay(row.observedAt, zone))
      return `returnedAt ${args.returnedAt} is not on the hall day of the record (${hallDay(row.observedAt, zone)})`;
    if (isInFuture(args.returnedAt!, serverNow))
      return `returnedAt ${args.returnedAt} is later than the server's time ${serverNow.toISOString()}; check the phone's clock`;
    return null;
  }
}

const IdRowSchema = z.object({ id: z.string() });

/** The correctable columns of a violation as stored (returned_at as the ISO text phones send). */
const CorrectedRowSchema = z.object({
  count: z.number(),
  note: z.string(),
  item_code: z.string(),
  staff_id: z.string().nullable(),
  status: ViolationStatusSchema,
  returned_at: z.string().nullable(),
});

const COLUMN = {
  count: 'count',
  note: 'note',
  itemCode: 'item_code',
  staffId: 'staff_id',
  returnedAt: 'returned_at',
} as const;

/** Applies corrections in request order (they are rare: row by row), each with its history row. */
async function writeCorrections(
  tx: Db,
  user: { id: string; displayName: string },
  applied: CorrectionCandidate[],
  zone: string,
): Promise<void> {
  const userId = user.id;
  // Every record edit and withdrawal also goes to the append-only audit log, in this transaction.
  const audit = (action: string, entity: string, entityId: string, before: unknown, after: unknown) =>
    appendAudit(tx, { actorId: user.id, actorName: user.displayName, action, entity, entityId, before, after });
  for (const c of applied) {
    if (c.name === 'violation.late_submit') {
      const a = c.args;
      await tx.query(
        'insert into late_submissions (id, submitted_by, args, month, reason) values ($1, $2, $3, $4, $5)',
        [a.id, userId, JSON.stringify(a.violation), hallMonth(a.violation.observedAt, zone), a.reason],
      );
      await audit('create', 'late_submission', a.id, null, { violation: a.violation, reason: a.reason });
      continue;
    }
    const [row] = await queryRows(
      tx,
      `select count, note, item_code, staff_id, status, ${isoSql('returned_at')} as returned_at from violations where id = $1 for update`,
      [c.args.id],
      CorrectedRowSchema,
    );
    if (!row) throw new Error(`violation ${c.args.id} vanished inside the push transaction`);
    if (c.name === 'violation.withdraw') {
      const a = c.args;
      await tx.query(`update violations set status = 'withdrawn' where id = $1`, [a.id]);
      await tx.query(
        `insert into violation_history (violation_id, changed_by, action, before, after, reason) values ($1, $2, 'withdraw', $3, $4, $5)`,
        [a.id, userId, JSON.stringify({ status: row.status }), JSON.stringify({ status: 'withdrawn' }), a.reason],
      );
      await audit('withdraw', 'violation', a.id, { status: row.status }, { status: 'withdrawn', reason: a.reason });
      continue;
    }
    const a = c.args;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const sets: string[] = [];
    const params: unknown[] = [a.id];
    for (const field of CORRECTABLE_FIELDS) {
      if (a[field] === undefined) continue;
      const old = row[COLUMN[field]];
      // A time compares as the instant (the phone may send it with the hall's offset).
      const value = field === 'returnedAt' && a.returnedAt ? new Date(a.returnedAt).toISOString() : a[field];
      if (old === value) continue;
      before[field] = old;
      after[field] = value;
      params.push(value);
      sets.push(`${COLUMN[field]} = $${params.length}`);
    }
    if (!sets.length) continue; // nothing actually changes: applied, no history
    await tx.query(`update violations set ${sets.join(', ')} where id = $1`, params);
    await tx.query(
      `insert into violation_history (violation_id, changed_by, action, before, after) values ($1, $2, 'update', $3, $4)`,
      [a.id, userId, JSON.stringify(before), JSON.stringify(after)],
    );
    await audit('update', 'violation', a.id, before, after);
  }
}
