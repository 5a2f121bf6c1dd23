import {
  DEFAULT_HALL_TIME_ZONE,
  DEFAULT_SCHEME,
  confirmSubstitute,
  decideStep,
  hallDay,
  isWeekend,
  issueBadge,
  leaveRulesOf,
  nameSubstitute,
  newLeaveRequest,
  previewLeave,
  type Actor,
  type LeaveRequest,
  type Outing,
  type SubstituteArrangement,
} from '../../domain';
import type { Db } from '../db/types';
import { upsertLeaves, upsertOutings, upsertSubstitutes } from '../leave/store';
import { demoId } from './demo-center';

/**
 * A small, realistic set of leave around the day the demo is seeded, made with the domain's own
 * rules: an approved day off at window 101, a sick leave at one-person window 105 covered by a
 * substitute with a temporary badge, a 3-day request at window 201 waiting for its first
 * approver, and an open outing at window 104. staff1 and head1 (window 102) are left free for
 * trying the whole flow. Slips are filed at the supervision desk (super1).
 */
export async function seedDemoLeave(tx: Db, now: Date, zone: string = DEFAULT_HALL_TIME_ZONE): Promise<void> {
  const rules = leaveRulesOf(DEFAULT_SCHEME);
  const today = hallDay(now, zone);
  const weekday = (from: string, n: number) => {
    let d = from;
    for (let found = 0; ;) {
      if (!isWeekend(d) && found++ === n) return d;
      d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
  };
  const day0 = weekday(today, 0);
  const at = now.toISOString();
  const desk: Actor = {
    id: demoId('user:super1'),
    name: '郑晓东',
    role: 'supervision',
    staffId: null,
    windowId: null,
    department: null,
  };
  const head = (window: string, name: string, department: string): Actor => ({
    id: demoId(`demo-head:${window}`),
    name,
    role: 'window_head',
    staffId: null,
    windowId: demoId(`window:${window}`),
    department,
  });
  const leader: Actor = {
    id: demoId('user:leader1'),
    name: '钱国栋',
    role: 'center_leader',
    staffId: null,
    windowId: null,
    department: null,
  };
  const staffOf = (window: string, people: number) =>
    Array.from({ length: people }, (_, i) => demoId(`staff:${window}:${'ABCD'[i]}`));

  const file = (
    window: string,
    people: number,
    post: number,
    type: string,
    from: string,
    to: string,
    reason: string,
    leaves: LeaveRequest[] = [],
  ) => {
    const args = {
      id: demoId(`leave:${window}:${from}`),
      staffId: staffOf(window, people)[post]!,
      windowId: demoId(`window:${window}`),
      type,
      from: { date: from, half: 'am' as const },
      to: { date: to, half: 'pm' as const },
      reason,
      attachments: [],
      extensionOf: null,
      submittedAt: at,
    };
    const preview = previewLeave(args, { rules, windowStaffIds: staffOf(window, people), leaves, today: from });
    const made = newLeaveRequest(args, preview, desk, args.windowId);
    if (!made.ok) throw new Error(`demo leave: ${made.reason}`);
    return made.value;
  };
  const must = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
    if (!r.ok) throw new Error(`demo leave: ${r.reason}`);
    return r.value;
  };
  const approve = (
    l: LeaveRequest,
    step: number,
    who: Actor,
    window: { id: string; department: string },
    sub: SubstituteArrangement | null = null,
  ) => must(decideStep(l, { step, decision: 'approve', comment: '同意', decidedAt: at }, who, window, sub, rules));

  // 101 (公安局, three people): a day off today, approved by the window's shift lead.
  const w101 = { id: demoId('window:101'), department: '公安局' };
  const dayOff = approve(
    file('101', 3, 1, 'personal', day0, day0, '孩子学校家长会'),
    0,
    head('101', '刘班长', '公安局'),
    w101,
  );

  // 105 (人社局, one person): sick from today for two days; a colleague of 104 stands in with badge LS-01.
  const w105 = { id: demoId('window:105'), department: '人社局' };
  let sick = file('105', 1, 0, 'sick', day0, weekday(today, 1), '急性肠胃炎，医院建议休息');
  sick = approve(sick, 0, head('105', '陈班长', '人社局'), w105);
  let sub = must(
    nameSubstitute(
      sick,
      {
        id: demoId(`substitute:105:${day0}`),
        substituteStaffId: demoId('staff:104:C'),
        substituteName: '人社局104窗口C岗',
        substitutePhone: null,
        at,
      },
      desk,
      w105,
    ),
  );
  // Checked by the domain with the window's shift lead, who is no user of the demo: the desk keeps the record of who confirmed.
  sub = {
    ...must(confirmSubstitute(sub, head('105', '陈班长', '人社局'), w105, at)),
    confirmedBy: desk.id,
    confirmedByName: '陈班长（电话确认，督查科登记）',
  };
  sub = must(issueBadge(sub, desk, 'LS-01', at));
  sick = approve({ ...sick, substituteId: sub.id }, 1, leader, w105, sub);

  // 201 (市场监管局, four people): three days of annual leave next week, waiting for the shift lead.
  const from = weekday(today, 5);
  const annual = file('201', 4, 2, 'annual', from, weekday(today, 7), '年休假，外出探亲');

  await upsertLeaves(tx, [dayOff, sick, annual]);
  await upsertSubstitutes(tx, [sub]);

  // 104: out for half an hour, not back yet.
  const outing: Outing = {
    id: demoId(`outing:104:${day0}`),
    staffId: demoId('staff:104:A'),
    windowId: demoId('window:104'),
    purpose: '到社保局送材料',
    startedAt: new Date(now.getTime() - 30 * 60_000).toISOString(),
    expectedReturnAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
    returnedAt: null,
    registeredBy: desk.id,
    registeredByName: desk.name,
    redacted: false,
  };
  await upsertOutings(tx, [outing]);
}
