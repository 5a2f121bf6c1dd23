import {
  DEFAULT_SCHEME,
  leaveRulesOf,
  newLeaveRequest,
  previewLeave,
  type Actor,
  type HalfDay,
  type LeaveRequest,
  type LeaveRow,
  type Role,
} from '../../../src/domain';

export const rules = leaveRulesOf(DEFAULT_SCHEME);

/** Readable UUIDs: uid(1) = 00000000-0000-4000-8000-000000000001. */
export const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const W1 = uid(101); // one-person window
export const W2 = uid(102); // two-person window
export const W3 = uid(103); // three-person window
export const window = (id: string, department = '公安局') => ({ id, department });

export const A = uid(1); // staff at W2, post A
export const B = uid(2); // staff at W2, post B
export const SOLO = uid(3); // staff at W1
export const T1 = uid(4);
export const T2 = uid(5);
export const T3 = uid(6); // W3

export const windowStaff: Record<string, string[]> = { [W1]: [SOLO], [W2]: [A, B], [W3]: [T1, T2, T3] };
export const windowOf = (staffId: string) => Object.entries(windowStaff).find(([, ids]) => ids.includes(staffId))![0];

export function actor(role: Role, over: Partial<Actor> = {}): Actor {
  return { id: uid(900 + role.length), name: role, role, staffId: null, windowId: null, department: null, ...over };
}
export const staffA = actor('staff', { id: uid(201), name: '甲', staffId: A, windowId: W2, department: '公安局' });
export const staffB = actor('staff', { id: uid(202), name: '乙', staffId: B, windowId: W2, department: '公安局' });
export const head = actor('window_head', { id: uid(203), name: '班长', windowId: W2, department: '公安局' });
export const dept = actor('dept_leader', { id: uid(204), name: '部门领导', windowId: W2, department: '公安局' });
export const leader = actor('center_leader', { id: uid(205), name: '中心领导' });
export const leader2 = actor('center_leader', { id: uid(206), name: '另一中心领导' });
export const supervision = actor('supervision', { id: uid(207), name: '督查科' });
export const duty = actor('duty_leader', { id: uid(208), name: '值班长' });

export const hd = (date: string, half: 'am' | 'pm'): HalfDay => ({ date, half });

let next = 500;
/** A submitted request through the real preview and constructor. */
export function request(
  over: {
    staffId?: string;
    type?: string;
    from?: HalfDay;
    to?: HalfDay;
    by?: Actor;
    leaves?: LeaveRow[];
    today?: string;
    extensionOf?: string | null;
    attachments?: { hash: string; kind: 'certificate' | 'notice' | 'other'; mime: 'image/jpeg' }[];
  } = {},
): LeaveRequest {
  const staffId = over.staffId ?? A;
  const windowId = windowOf(staffId);
  const args = {
    id: uid(next++),
    staffId,
    windowId,
    type: over.type ?? 'personal',
    from: over.from ?? hd('2026-03-02', 'am'),
    to: over.to ?? hd('2026-03-02', 'pm'),
    reason: '家中有事',
    attachments: over.attachments ?? [],
    extensionOf: over.extensionOf ?? null,
    submittedAt: '2026-03-01T09:00:00+08:00',
  };
  const preview = previewLeave(args, {
    rules,
    windowStaffIds: windowStaff[windowId]!,
    leaves: over.leaves ?? [],
    today: over.today ?? '2026-03-01',
    requesterRole: over.by?.role,
  });
  const result = newLeaveRequest(args, preview, over.by ?? staffA, windowId);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
