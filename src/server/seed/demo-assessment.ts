import { DEFAULT_HALL_TIME_ZONE, hallMonth, instantOfHallClock, previousMonth } from '../../domain/hall-time';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { compile, publish } from '../assessment/cycle';
import { demoId } from './demo-center';
import type { SessionUser } from '../auth/users';

/**
 * A demo month taken through the whole cycle (`npm run cli -- seed-month [--month YYYY-MM]`,
 * default: last month): patrol records at a dozen windows, a bonus, a disqualification, a
 * dispute by head1 that was overturned, approval by leader1, publication by super1. Run on the
 * demo center only (ids are the seed's); does nothing when the month is published already.
 * Not part of `seed`: other suites count the seeded records.
 */

// [window number, item, staff post or null (the window), count, day of month]
const RECORDS: [string, string, string | null, number, number][] = [
  ['101', 'EATING', 'A', 1, 3],
  ['101', 'NO_BADGE', 'B', 1, 10],
  ['102', 'EATING', 'A', 1, 4],
  ['102', 'CHATTING', 'B', 2, 12],
  ['102', 'UNTIDY', null, 1, 18],
  ['103', 'GAMING', 'A', 1, 5],
  ['104', 'OFF_POST', 'C', 1, 6],
  ['106', 'DRESS', 'B', 1, 7],
  ['109', 'LOUD', 'A', 1, 11],
  ['110', 'SLEEPING', 'D', 1, 13],
  ['111', 'NO_SIGN', null, 1, 14],
  ['201', 'VISITOR', 'C', 1, 17],
  ['202', 'SMOKING', 'A', 1, 19],
  ['204', 'EATING', 'B', 1, 20],
  ['205', 'NO_BADGE', 'A', 3, 21],
  ['207', 'UNTIDY', null, 1, 24],
  ['211', 'CHATTING', 'C', 1, 25],
];

async function demoUser(tx: Db, username: string): Promise<SessionUser> {
  const [u] = await tx.query<{
    id: string;
    username: string;
    display_name: string;
    role: SessionUser['role'];
    window_id: string | null;
  }>('select id, username, display_name, role, window_id from users where username = $1', [username]);
  if (!u) throw new Error(`the demo user ${username} is missing: seed the demo center first (npm run cli -- seed)`);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    staffId: null,
    windowId: u.window_id,
    floorId: null,
  };
}

export async function seedDemoMonth(
  db: Db,
  month?: string,
  zone: string = DEFAULT_HALL_TIME_ZONE,
): Promise<{ month: string; seeded: boolean }> {
  month ??= previousMonth(hallMonth(new Date(), zone));
  return db.transaction(async (tx) => {
    await lockChangeFeed(tx);
    if ((await tx.query('select 1 from assessment_versions where month = $1', [month])).length)
      return { month, seeded: false };
    const [duty1, duty2, head1, super1, leader1] = await Promise.all(
      ['duty1', 'duty2', 'head1', 'super1', 'leader1'].map((u) => demoUser(tx, u)),
    );
    for (const [i, [number, item, post, count, day]] of RECORDS.entries()) {
      const observedAt = instantOfHallClock(`${month}-${String(day).padStart(2, '0')}T10:00`, zone).toISOString(); // 10:00 on the hall's clock
      await tx.query(
        `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by, device_recorded_at, server_received_at, clock_skew_ms)
         values ($1, $2, $3, $4, $5, $6, '', $7, $6, $6, 0) on conflict (id) do nothing`,
        [
          demoId(`violation:${month}:${i}`),
          demoId(`window:${number}`),
          post ? demoId(`staff:${number}:${post}`) : null,
          item,
          count,
          observedAt,
          number.startsWith('1') ? duty1!.id : duty2!.id,
        ],
      );
    }
    await tx.query(
      `insert into bonus_records (id, month, window_id, staff_id, bonus_code, points, event_id, note, recorded_by)
       values ($1, $2, $3, null, 'PUBLIC_THANKS', 3, 'demo-banner', '群众赠送锦旗', $4) on conflict (id) do nothing`,
      [demoId(`bonus:${month}:1`), month, demoId('window:108'), super1!.id],
    );
    await tx.query(
      `insert into disqualification_records (id, month, window_id, code, reason, recorded_by)
       values ($1, $2, $3, 'COMPLAINT_OR_MEDIA', '群众有效投诉一起（演示数据）', $4) on conflict (id) do nothing`,
      [demoId(`disqualification:${month}:1`), month, demoId('window:112'), super1!.id],
    );
    await tx.query('insert into recording_periods (month, closed_by) values ($1, $2) on conflict (month) do nothing', [
      month,
      super1!.id,
    ]);
    // The head of 102 disputed the window-level UNTIDY record; the supervision section overturned it.
    await tx.query(
      `insert into disputes (id, violation_id, window_id, month, filed_by, reason, filed_at, status, decided_by, decision_reason, decided_at)
       values ($1, $2, $3, $4, $5, '当天桌面为办理业务临时摆放的材料', now(), 'overturned', $6, '核实属实，撤销该条扣分', now()) on conflict (id) do nothing`,
      [
        demoId(`dispute:${month}:1`),
        demoId(`violation:${month}:4`),
        demoId('window:102'),
        month,
        head1!.id,
        super1!.id,
      ],
    );
    await compile(tx, month, 'approved', zone);
    await tx.query('update assessment_periods set approved_by = $2, approved_at = now() where month = $1', [
      month,
      leader1!.id,
    ]);
    await publish(tx, month, super1!);
    return { month, seeded: true };
  });
}
