import { describe, expect, it } from 'vitest';
import {
  assessMonth,
  fileDisputeProblem,
  monthInputFromRecords,
  overturnedRecordIds,
  statusOfDecision,
  type Dispute,
  type FileDisputeCheck,
  type RecordLike,
} from '../../../src/domain/assessment';
import { FileDisputeArgsSchema, DecideDisputeSchema } from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { hallWindow, recordId, staff, staffId, uid, windowId } from './fixtures';

const W1 = windowId(1);
const ok: FileDisputeCheck = {
  user: { role: 'window_head', windowId: W1 },
  violation: { windowId: W1, status: 'active', month: '2024-03' },
  state: 'verification',
  alreadyDisputed: false,
};

describe('filing a dispute (核实)', () => {
  const table: [string, Partial<FileDisputeCheck>, string | null][] = [
    ['the head of the window, during verification', {}, null],
    ['staff', { user: { role: 'staff', windowId: W1 } }, 'forbidden'],
    ['supervision', { user: { role: 'supervision', windowId: null } }, 'forbidden'],
    ['the head of another window', { user: { role: 'window_head', windowId: windowId(2) } }, 'forbidden'],
    ['a record that does not exist', { violation: null }, 'not_found'],
    ['a withdrawn record', { violation: { windowId: W1, status: 'withdrawn', month: '2024-03' } }, 'conflict'],
    ['before verification', { state: 'preliminary' }, 'closed'],
    ['after approval', { state: 'approved' }, 'closed'],
    ['after publication', { state: 'published' }, 'closed'],
    ['a second dispute of the same record', { alreadyDisputed: true }, 'conflict'],
  ];
  it.each(table)('%s → %s', (_what, change, code) => {
    const problem = fileDisputeProblem({ ...ok, ...change });
    if (code === null) expect(problem).toBeNull();
    else {
      expect(problem?.code).toBe(code);
      expect(problem?.reason.length).toBeGreaterThan(10);
    }
  });

  it('a dispute and a decision need a reason', () => {
    const args = { id: uid(7, 1), violationId: recordId(1), reason: '  ', filedAt: '2024-04-03T09:00:00+08:00' };
    expect(FileDisputeArgsSchema.safeParse(args).success).toBe(false);
    expect(FileDisputeArgsSchema.safeParse({ ...args, reason: '当时在窗口办理业务' }).success).toBe(true);
    expect(DecideDisputeSchema.safeParse({ decision: 'overturn', reason: '' }).success).toBe(false);
    expect(DecideDisputeSchema.safeParse({ decision: 'reject', reason: 'x' }).success).toBe(false);
    expect(statusOfDecision('uphold')).toBe('upheld');
    expect(statusOfDecision('overturn')).toBe('overturned');
  });
});

describe('a decided dispute and the score', () => {
  const records: RecordLike[] = [
    {
      id: recordId(101),
      windowId: W1,
      staffId: staffId(1),
      itemCode: 'GAMING',
      count: 1,
      status: 'active',
      observedAt: '2024-03-05T02:00:00Z',
    },
    {
      id: recordId(102),
      windowId: W1,
      staffId: null,
      itemCode: 'UNTIDY',
      count: 1,
      status: 'active',
      observedAt: '2024-03-06T02:00:00Z',
    },
  ];
  const dispute = (status: Dispute['status']) => [{ violationId: recordId(101), status }];
  const score = (disputes: { violationId: string; status: Dispute['status'] }[]) => {
    const a = assessMonth(
      monthInputFromRecords({
        month: '2024-03',
        zone: 'Asia/Shanghai',
        scheme: DEFAULT_SCHEME,
        windows: [hallWindow(1)],
        staff: [staff(1, 1)],
        violations: records,
        disputes,
      }),
    );
    return {
      window: a.windows[0]!.score,
      staff: a.staff[0]!.score,
      notCounted: a.windows[0]!.sheet.notCounted.map((n) => n.reason),
    };
  };
  it.each([
    ['no dispute', [], 94.5, 95, []],
    ['pending', dispute('pending'), 94.5, 95, []],
    ['upheld: the record stands', dispute('upheld'), 94.5, 95, []],
    ['overturned: the record no longer counts', dispute('overturned'), 99.5, 100, ['overturned']],
  ] as const)('%s', (_what, disputes, window, person, notCounted) => {
    expect(score([...disputes])).toEqual({ window, staff: person, notCounted });
  });
  it('only overturned disputes take records out', () => {
    expect([
      ...overturnedRecordIds([
        { violationId: 'a', status: 'upheld' },
        { violationId: 'b', status: 'overturned' },
        { violationId: 'c', status: 'pending' },
      ]),
    ]).toEqual(['b']);
  });
});
