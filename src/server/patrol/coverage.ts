import {
  DEFAULT_SCHEME,
  SchemeSchema,
  hallDayAndMinutes,
  minutesOf,
  patrolCoverageOf,
  roundOverdue,
  roundSlots,
  windowsNeverChecked,
  type DutyRoster,
} from '../../domain';
import type { Db } from '../db/types';
import { dutyRosterData, type DutyRosterRow } from '../rows/rows';

/**
 * Patrol coverage of a month: per officer and day, flagged duty windows, windows never checked.
 * Days and months are the hall's (`zone`); days after today (the hall's, at `now`) are not counted
 * yet. Live: a window checked in a round still open counts as checked, and an open round past its
 * closing time (its slot's end) counts as finished with what it checked.
 */
export async function patrolCoverage(db: Db, month: string, zone: string, now: Date = new Date()) {
  const { day: today, minutes: nowMinutes } = hallDayAndMinutes(now, zone);
  const roster: DutyRoster[] = (
    await db.query<DutyRosterRow>(
      `select d.id, d.month, d.floor_id, d.user_id, u.display_name as user_name, d.dates, d.stand_ins
         from duty_roster d join users u on u.id = d.user_id where d.month = $1 and d.deleted_at is null`,
      [month],
    )
  ).map(dutyRosterData);
  const rounds = await db.query<{
    floor_id: string;
    leader_id: string;
    day: string;
    slot: number;
    finished: boolean;
    started: string;
    checked: string[];
  }>(
    `select floor_id, leader_id, day, slot, finished_at is not null as finished, to_char(started_at at time zone $2, 'HH24:MI') as started,
            checked_window_ids as checked
       from rounds where day like $1 and deleted_at is null`,
    [`${month}-%`, zone],
  );
  const schemes = await db.query<{ effective_from: string; data: unknown }>(
    'select effective_from, data from schemes where deleted_at is null order by effective_from, version',
  );
  const row = schemes.filter((s) => s.effective_from <= month).at(-1) ?? schemes[0];
  const parsed = row ? SchemeSchema.safeParse(row.data) : null;
  const patrol = parsed?.success ? parsed.data : DEFAULT_SCHEME;
  const roundsPerDay = patrol.patrol.roundsPerDay;
  const slots = roundSlots(patrol);
  const closed = (r: (typeof rounds)[number]) =>
    r.finished ||
    roundOverdue(
      { day: r.day, slot: r.slot, startedMinutes: minutesOf(r.started), finishedAt: null },
      slots,
      today,
      nowMinutes,
    );
  const { days, flags } = patrolCoverageOf(
    month,
    roster,
    rounds.map((r) => ({ floorId: r.floor_id, leaderId: r.leader_id, day: r.day, slot: r.slot, finished: closed(r) })),
    roundsPerDay,
    today,
  );
  const windows = await db.query<{ id: string; number: string; name: string; floor_id: string }>(
    'select id, number, name, floor_id from windows where deleted_at is null order by floor_id, position',
  );
  const recorded = await db.query<{ window_id: string }>(
    `select distinct window_id from violations where to_char(observed_at at time zone $2, 'YYYY-MM') = $1 and status = 'active'`,
    [month, zone],
  );
  const checked = [...rounds.flatMap((r) => r.checked ?? []), ...recorded.map((r) => r.window_id)];
  return {
    month,
    roundsPerDay,
    days,
    dutyFlags: flags,
    windowsNeverChecked: windowsNeverChecked(windows, checked).map((w) => ({
      id: w.id,
      number: w.number,
      name: w.name,
      floorId: w.floor_id,
    })),
  };
}
