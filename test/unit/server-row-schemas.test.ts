import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { monthViolations } from '../../src/server/assessment/data';
import { disputeData, DisputeRowSchema } from '../../src/server/assessment/rows';
import type { Db } from '../../src/server/db/types';
import { LeaveDbRowSchema } from '../../src/server/leave/store';
import { ViolationRowSchema } from '../../src/server/rows/rows';
import { findLogged } from '../../src/server/sync/mutation-log';

/** A Db whose every query answers these rows (what a driver would return after a migration renamed a column). */
const answering = (rows: unknown[]): Db => ({ query: async () => rows }) as unknown as Db;

const violation = {
  id: 'v1',
  window_id: 'w1',
  staff_id: null,
  item_code: 'EATING',
  count: 1,
  status: 'active',
  observed_at: new Date('2026-03-02T01:00:00Z'),
  source: 'patrol',
  substitute_for: null,
  returned_at: null,
};

describe('row schemas on the assessment and sync paths (issue #12 §6)', () => {
  it('monthViolations reads a row as the drivers return it', async () => {
    expect(await monthViolations(answering([violation]), '2026-03', 'Asia/Shanghai')).toEqual([
      {
        id: 'v1',
        windowId: 'w1',
        staffId: null,
        itemCode: 'EATING',
        count: 1,
        status: 'active',
        observedAt: '2026-03-02T01:00:00.000Z',
        source: 'patrol',
        substituteFor: null,
      },
    ]);
  });

  it('a renamed column fails loudly, naming it, instead of flowing on as undefined', async () => {
    const { observed_at, ...rest } = violation;
    const renamed = { ...rest, observed: observed_at };
    const error = await monthViolations(answering([renamed]), '2026-03', 'Asia/Shanghai').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['observed_at']);
  });

  it('a retyped column fails too: a status outside the domain enum, a count as text, a timestamp as text', () => {
    const full = {
      ...violation,
      note: '',
      device_recorded_at: new Date(),
      recorded_by: 'u1',
      recorded_by_name: 'Duty',
      server_received_at: new Date(),
      clock_skew_ms: 0,
    };
    expect(ViolationRowSchema.safeParse(full).success).toBe(true);
    expect(ViolationRowSchema.safeParse({ ...full, status: 'deleted' }).success).toBe(false);
    expect(ViolationRowSchema.safeParse({ ...full, count: '1' }).success).toBe(false);
    expect(ViolationRowSchema.safeParse({ ...full, observed_at: '2026-03-02T01:00:00Z' }).success).toBe(false);
  });

  it('leave rows take a timestamp as Date or text (iso() reads both), the domain enums, jsonb as it comes', () => {
    const leave = {
      id: 'l1',
      staff_id: 's1',
      window_id: 'w1',
      requested_by: 'u1',
      requested_by_name: 'A',
      type: 'personal',
      from_date: '2026-03-02',
      from_half: 'am',
      to_date: '2026-03-02',
      to_half: 'pm',
      until_date: '2026-03-02',
      until_half: 'pm',
      half_days: 2,
      reason: '',
      attachments: [],
      status: 'pending',
      steps: [],
      substitute_required: false,
      substitute_reason: '',
      substitute_id: null,
      extension_of: null,
      filed_afterwards: false,
      submitted_at: new Date(),
      withdrawn_at: null,
      revocation: null,
      closure: null,
      deceit: null,
    };
    expect(LeaveDbRowSchema.safeParse(leave).success).toBe(true);
    expect(LeaveDbRowSchema.safeParse({ ...leave, submitted_at: '2026-03-01T00:00:00Z' }).success).toBe(true);
    expect(LeaveDbRowSchema.safeParse({ ...leave, from_half: 'noon' }).success).toBe(false);
    const { half_days: _, ...withoutDays } = leave;
    expect(LeaveDbRowSchema.safeParse(withoutDays).success).toBe(false);
  });

  it('a dispute row maps as before once parsed (evidence only when there is some)', () => {
    const row = DisputeRowSchema.parse({
      id: 'd1',
      violation_id: 'v1',
      window_id: 'w1',
      month: '2026-03',
      filed_by: 'u1',
      filed_by_name: 'Head',
      reason: 'wrong window',
      filed_at: new Date('2026-03-05T02:00:00Z'),
      status: 'pending',
      decided_by: null,
      decided_by_name: null,
      decision_reason: null,
      decided_at: null,
      evidence: [],
    });
    expect(disputeData(row)).not.toHaveProperty('evidence');
    expect(disputeData(row).filedAt).toBe('2026-03-05T02:00:00.000Z');
  });

  it('the mutation log answers a logged rejection; a log row without its body hash fails', async () => {
    const logged = { id: 'm1', body_hash: 'h', outcome: 'rejected', code: 'closed', reason: 'closed month' };
    const found = await findLogged(answering([logged]), ['m1']);
    expect(found.get('m1')?.bodyHash).toBe('h');
    const { body_hash: _, ...noHash } = logged;
    await expect(findLogged(answering([noHash]), ['m1'])).rejects.toBeInstanceOf(ZodError);
  });
});
