import { overdueReturns } from '../../../domain/leave/coverage';
import { APPROVER_ROLES_OF_LEAVE } from './roles';
import { badgeWork, inboxByLeave, inboxFor } from '../../features/leave/inbox';
import { hallToday, useLeaveData, type LeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { useHallZone } from '../../stores/session';
import { Link, navigate } from '../../router';
import { href } from '../../routes';
import { LeaveCard } from './parts';
import { correctedNow } from '../../sync/clock';
import { compareText } from '../../../domain/text-order';

/** 请假与外出: my requests with their progress, and the entries to the inbox, outings, coverage and badges. */
export default function LeaveHome() {
  const t = useLeaveT();
  const data = useLeaveData();
  const { actor } = data;
  if (!actor) return null;
  const mine = data.leaves
    .filter((l) => l.staffId === actor.staffId || (!l.redacted && l.requestedBy === actor.id))
    .sort((a, b) => compareText(b.from.date, a.from.date) || compareText(b.id, a.id));
  const inbox = inboxByLeave(inboxFor(actor, data.leaves, data.substitutes, data.leaveWindows, data.rules));
  return (
    <section className="form" data-testid="leave-home">
      <h1>{t.leaveHub}</h1>
      <LeaveEntryButtons data={data} inboxCount={inbox.length} badgeCount={badgeWork(data.substitutes).length} />
      {actor.staffId && (
        <>
          <h2>{t.myLeaves}</h2>
          {mine.length === 0 ? (
            <p className="muted">{t.noLeaves}</p>
          ) : (
            <ul className="list" data-testid="my-leaves">
              {mine.map((l) => (
                <LeaveCard key={l.id} leave={l} data={data} />
              ))}
            </ul>
          )}
        </>
      )}
      {actor.role === 'supervision' && <Overdue data={data} />}
      {(actor.role === 'supervision' ||
        actor.role === 'center_leader' ||
        actor.role === 'dept_leader' ||
        actor.role === 'window_head') && <CurrentLeaves data={data} />}
      <button type="button" className="btn" onClick={() => navigate(href('home'))}>
        {t.back}
      </button>
    </section>
  );
}

/** Approved leave past its end without 销假: the supervision section follows up (not closing counts as absence). */
function Overdue({ data }: { data: LeaveData }) {
  const t = useLeaveT();
  const zone = useHallZone();
  const ids = new Set(overdueReturns(data.leaves, correctedNow().toISOString(), zone).map((l) => l.id));
  const overdue = data.leaves.filter((l) => ids.has(l.id));
  if (!overdue.length) return null;
  return (
    <>
      <h2 className="error-text">{t.overdue(overdue.length)}</h2>
      <ul className="list" data-testid="overdue-leaves">
        {overdue.map((l) => (
          <LeaveCard key={l.id} leave={l} data={data} showPerson />
        ))}
      </ul>
    </>
  );
}

/** Leave that is waiting or running, hall-wide as far as the pull lets this user see (reasons only where allowed). */
function CurrentLeaves({ data }: { data: LeaveData }) {
  const t = useLeaveT();
  const today = hallToday(useHallZone());
  const current = data.leaves
    .filter(
      (l) =>
        l.staffId !== data.actor?.staffId &&
        (l.status === 'pending' || l.status === 'approved') &&
        l.until.date >= today,
    )
    .sort((a, b) => compareText(a.from.date, b.from.date));
  if (!current.length) return null;
  return (
    <>
      <h2>{t.allLeaves}</h2>
      <ul className="list" data-testid="current-leaves">
        {current.map((l) => (
          <LeaveCard key={l.id} leave={l} data={data} showPerson />
        ))}
      </ul>
    </>
  );
}

/** The leave entries a role has, with counts (used on the home screens too). */
export function LeaveEntryButtons({
  data,
  inboxCount,
  badgeCount,
}: {
  data: LeaveData;
  inboxCount: number;
  badgeCount: number;
}) {
  const t = useLeaveT();
  const role = data.actor?.role;
  if (!role || !data.actor) return null;
  return (
    <div className="entry-grid" data-testid="leave-entries">
      {data.actor.staffId && (
        <Link to={href('leaveNew')} className="btn primary big" data-testid="open-new-leave">
          {t.newLeave}
        </Link>
      )}
      {(data.actor.staffId || role === 'window_head' || role === 'supervision') && (
        <Link to={href('outings')} className="btn" data-testid="open-outings">
          {t.outings}
        </Link>
      )}
      {APPROVER_ROLES_OF_LEAVE.includes(role) && (
        <Link
          to={href('leaveInbox')}
          className={`btn${inboxCount ? ' primary' : ''}`}
          data-testid="open-inbox"
          data-count={inboxCount}
        >
          {t.inbox} {inboxCount ? `(${inboxCount})` : ''}
        </Link>
      )}
      {(role === 'supervision' || role === 'window_head' || role === 'center_leader' || role === 'dept_leader') && (
        <Link to={href('coverage')} className="btn" data-testid="open-coverage">
          {t.coverage}
        </Link>
      )}
      {role === 'supervision' && (
        <Link to={href('substitutes')} className="btn" data-testid="open-arrangements" data-count={badgeCount}>
          {t.arrangements} {badgeCount ? `(${badgeCount})` : ''}
        </Link>
      )}
    </div>
  );
}

/** The home screens' leave block: entries with counts and, for staff, the open requests. */
export function LeaveEntries() {
  const data = useLeaveData();
  const t = useLeaveT();
  if (!data.actor) return null;
  const inbox = inboxByLeave(inboxFor(data.actor, data.leaves, data.substitutes, data.leaveWindows, data.rules));
  const mine = data.actor.staffId
    ? data.leaves.filter(
        (l) => l.staffId === data.actor!.staffId && (l.status === 'pending' || l.status === 'approved'),
      )
    : [];
  return (
    <div className="card form" data-testid="home-leave">
      <Link to={href('leave')} className="btn" data-testid="open-leave">
        {t.leaveHub}
        {mine.length ? ` · ${t.myLeaves} ${mine.length}` : ''}
      </Link>
      <LeaveEntryButtons data={data} inboxCount={inbox.length} badgeCount={badgeWork(data.substitutes).length} />
      {mine.length > 0 && (
        <ul className="list">
          {mine.map((l) => (
            <LeaveCard key={l.id} leave={l} data={data} />
          ))}
        </ul>
      )}
    </div>
  );
}
