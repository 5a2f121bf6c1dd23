import { useMemo, useState } from 'react';
import { coverageCalendar, hallMonth, type CoverageDay } from '../../../domain';
import { useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { formatMonth, useLang } from '../../i18n';
import { useHallZone } from '../../stores/session';
import { Link, navigate } from '../../router';
import { href } from '../../routes';
import { correctedNow } from '../../sync/clock';

const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
};

/**
 * 在岗日历 (issue #4 point 7): a month of who is away, which windows are at risk of being
 * unattended or lack their substitute, and the substitutes — computed on the phone from the
 * synced rows with the domain's coverageCalendar, so it works offline.
 */
export default function Coverage() {
  const t = useLeaveT();
  const lang = useLang();
  const data = useLeaveData();
  const zone = useHallZone();
  const [month, setMonth] = useState(() => hallMonth(correctedNow(), zone));
  const ownWindow = data.actor?.role === 'window_head' ? data.actor.windowId : null;
  const [onlyMine, setOnlyMine] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const staff = useMemo(
    () => [...data.lookups.staff.entries()].map(([id, s]) => ({ id, windowId: s.windowId })),
    [data.lookups.staff],
  );
  const days = useMemo(
    () =>
      coverageCalendar({
        month,
        ...(ownWindow && onlyMine ? { windowIds: [ownWindow] } : {}),
        staff,
        leaves: data.leaves.filter((l) => l.syncState !== 'rejected'),
        substitutes: data.substitutes.filter((s) => s.syncState !== 'rejected'),
        rules: data.rules,
      }),
    [month, ownWindow, onlyMine, staff, data.leaves, data.substitutes, data.rules],
  );
  const first = days[0];
  // Monday-first columns; weekdays only unless the scheme counts weekends.
  const columns = data.rules.leave.countWeekends ? 7 : 5;
  const offset = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const chosen = days.find((d) => d.date === picked) ?? null;
  const winName = (id: string) => data.lookups.windows.get(id)?.number ?? '';
  const halves = (list: readonly ('am' | 'pm')[]) => (list.length === 2 ? t.allDay : list.map((h) => t[h]).join('/'));

  return (
    <section className="form" data-testid="coverage">
      <h1>{t.coverage}</h1>
      <div className="row-head">
        <button
          type="button"
          className="btn small"
          aria-label={t.prevMonth}
          onClick={() => setMonth((m) => shiftMonth(m, -1))}
        >
          ‹
        </button>
        <strong data-testid="coverage-month">{formatMonth(month, lang)}</strong>
        <button
          type="button"
          className="btn small"
          aria-label={t.nextMonth}
          onClick={() => setMonth((m) => shiftMonth(m, 1))}
        >
          ›
        </button>
      </div>
      {ownWindow && (
        <div className="segmented">
          <button type="button" className={`btn small${onlyMine ? ' active' : ''}`} onClick={() => setOnlyMine(true)}>
            {t.onlyMyWindow}
          </button>
          <button type="button" className={`btn small${!onlyMine ? ' active' : ''}`} onClick={() => setOnlyMine(false)}>
            {t.allWindows}
          </button>
        </div>
      )}
      <div className="calendar" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }} data-testid="coverage-grid">
        {t.weekdays.slice(0, columns).map((w) => (
          <span key={w} className="muted small center">
            {w}
          </span>
        ))}
        {Array.from({ length: columns === 5 ? Math.min(offset, 5) : offset }, (_, i) => (
          <span key={`pad${i}`} />
        ))}
        {days.map((d) => (
          <DayCell key={d.date} day={d} active={picked === d.date} onPick={() => setPicked(d.date)} />
        ))}
      </div>
      <p className="muted small">{t.pickDay}</p>
      {chosen && (
        <div className="card" data-testid="coverage-day" data-date={chosen.date}>
          <h2>{chosen.date}</h2>
          {chosen.away.length === 0 && <p className="muted">{t.nobodyAway}</p>}
          <ul className="list">
            {chosen.away.map((a) => (
              <li key={a.leaveId} className="small" data-testid="coverage-away">
                <Link to={href('leaveDetail', { id: a.leaveId })} className="card-button">
                  {winName(a.windowId)} {data.staffName(a.staffId)} · {halves(a.halves)} · {t.status[a.status]}
                  {a.substitute
                    ? ` · ${t.substitute} ${a.substitute.name} (${t.substituteState[a.substitute.status]}${a.substitute.badgeIssued ? ` · ${t.badge}` : ''})`
                    : ''}
                </Link>
              </li>
            ))}
          </ul>
          {chosen.atRisk.length > 0 && <h2>{t.atRisk}</h2>}
          <ul className="list">
            {chosen.atRisk.map((r) => (
              <li
                key={`${r.windowId}${r.reason}`}
                className="banner error small"
                data-testid="coverage-risk"
                data-reason={r.reason}
              >
                {winName(r.windowId)} {r.reason === 'unattended' ? t.riskUnattended : t.riskSubstituteMissing} ·{' '}
                {halves(r.halves)} · {r.staffIds.map((id) => data.staffName(id)).join('、')}
                {r.prospective ? t.prospective : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="muted small">{t.legend}</p>
      <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
        {t.back}
      </button>
    </section>
  );
}

function DayCell({ day, active, onPick }: { day: CoverageDay; active: boolean; onPick: () => void }) {
  const risk = day.atRisk.some((r) => !r.prospective)
    ? 'risk'
    : day.atRisk.length
      ? 'maybe'
      : day.away.length
        ? 'away'
        : '';
  return (
    <button
      type="button"
      className={`day ${risk}${active ? ' active' : ''}`}
      data-testid="coverage-cell"
      data-date={day.date}
      data-away={day.away.length}
      data-risk={day.atRisk.length}
      onClick={onPick}
    >
      <span>{Number(day.date.slice(8))}</span>
      {day.away.length > 0 && <small>{day.away.length}</small>}
    </button>
  );
}
