import { useState } from 'react';
import { absenceAt, hallMonth, outingIsHalfDay, outingMinutes, outingTally, outingWarnings } from '../../../domain';
import { useExpectedAtPost } from '../../features/leave/expected';
import { db } from '../../db/instance';
import { returnFromOuting, startOuting } from '../../features/leave/actions';
import { useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { formatTime, useLang } from '../../i18n';
import { useHallZone } from '../../stores/session';
import { navigate } from '../../router';
import { href } from '../../routes';
import { ErrorText, errorText } from './parts';
import { correctedNow } from '../../sync/clock';

/** 临时外出 (issue #4 point 6): register leaving and return, with this month's count against the limit. */
export default function Outings() {
  const t = useLeaveT();
  const lang = useLang();
  const data = useLeaveData();
  const [purpose, setPurpose] = useState('');
  const [expected, setExpected] = useState('');
  const [error, setError] = useState<string | null>(null);
  const atPost = useExpectedAtPost();
  const zone = useHallZone();
  const [person, setPerson] = useState<string | null>(null);
  const [pickedWindow, setPickedWindow] = useState<string | null>(null);
  const { actor } = data;
  if (!actor) return null;
  // Staff register their own; a window head the window's people; the supervision section anyone's
  // (考勤, DOMAIN §6), picking the window first.
  const hallWindows =
    actor.role === 'supervision'
      ? [...data.lookups.windows.entries()].sort(([, a], [, b]) =>
          a.number.localeCompare(b.number, 'zh', { numeric: true }),
        )
      : [];
  const windowOfList =
    actor.role === 'supervision'
      ? (pickedWindow ?? hallWindows[0]?.[0] ?? null)
      : actor.role === 'window_head'
        ? actor.windowId
        : null;
  const registrable = windowOfList
    ? [...data.lookups.staff.entries()]
        .filter(([, s]) => s.windowId === windowOfList)
        .sort(([, a], [, b]) => a.post.localeCompare(b.post))
    : [];
  const staffId = person ?? actor.staffId ?? registrable[0]?.[0] ?? null;
  if (!staffId)
    return (
      <section>
        <h1>{t.outings}</h1>
        <p className="banner note">{t.noStaffLink}</p>
      </section>
    );
  const windowId = data.lookups.staff.get(staffId)?.windowId ?? actor.windowId ?? '';
  const now = correctedNow().toISOString();
  const month = hallMonth(now, zone);
  const mine = data.outings.filter((o) => o.staffId === staffId && o.syncState !== 'rejected');
  const tally = outingTally(mine, staffId, month, data.rules.outings, zone);
  const windowStaffIds = [...data.lookups.staff.entries()].filter(([, s]) => s.windowId === windowId).map(([id]) => id);
  const warnings = outingWarnings({
    staffId,
    windowStaffIds,
    awayStaffIds: windowStaffIds.filter((id) => absenceAt(id, now, atPost.inputs)),
    tally,
  });
  const open = mine.find((o) => !o.returnedAt);
  const user = {
    id: actor.id,
    displayName: actor.name,
    role: actor.role,
    staffId: actor.staffId,
    windowId: actor.windowId,
  };
  const thisMonth = mine
    .filter((o) => hallMonth(o.startedAt, zone) === month)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));

  function expectedDate(): Date | null {
    if (!expected) return null;
    const [h, m] = expected.split(':').map(Number) as [number, number];
    const now = correctedNow();
    const d = new Date(now);
    d.setHours(h, m, 0, 0);
    return d.getTime() > now.getTime() ? d : null;
  }

  return (
    <section className="form" data-testid="outings">
      <h1>{t.outings}</h1>
      {hallWindows.length > 0 && (
        <label className="field">
          <span>{t.outingWindow}</span>
          <select
            data-testid="outing-window"
            value={windowOfList ?? ''}
            onChange={(e) => {
              setPickedWindow(e.target.value);
              setPerson(null);
            }}
          >
            {hallWindows.map(([id, w]) => (
              <option key={id} value={id}>
                {w.number} {w.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {registrable.length > 0 && (
        <label className="field">
          <span>{t.outingPerson}</span>
          <select data-testid="outing-person" value={staffId} onChange={(e) => setPerson(e.target.value)}>
            {registrable.map(([id, s]) => (
              <option key={id} value={id}>
                {s.name} ({s.post})
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="banner note" data-testid="outing-tally" data-short={tally.short.length} data-limit={tally.limit}>
        {t.outingTally(tally.short.length, tally.limit, tally.halfDays.length)}
      </p>
      {open ? (
        <div className="card form" data-testid="outing-open">
          <strong>{t.outingOpen(formatTime(open.startedAt, lang), outingMinutes(open, now))}</strong>
          {open.purpose && <span className="small">{open.purpose}</span>}
          {outingIsHalfDay(open, data.rules.outings, now) && (
            <span className="error-text small">{t.outingHalfDay}</span>
          )}
          <button
            type="button"
            className="btn primary big"
            data-testid="outing-return"
            onClick={() =>
              void returnFromOuting(db, open.id, user).then(
                () => setError(null),
                (e) => setError(errorText(e, lang)),
              )
            }
          >
            {t.outingReturn}
          </button>
        </div>
      ) : (
        <div className="card form">
          <label className="field">
            <span>{t.outingPurpose}</span>
            <input
              data-testid="outing-purpose"
              value={purpose}
              maxLength={200}
              onChange={(e) => setPurpose(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t.outingExpected}</span>
            <input
              type="time"
              data-testid="outing-expected"
              value={expected}
              onChange={(e) => setExpected(e.target.value)}
            />
          </label>
          {warnings.messages.map((m, i) => (
            <p
              key={i}
              className={`banner ${i === 0 && !warnings.overLimit ? 'note' : 'warn'}`}
              data-testid="outing-notice"
            >
              {m[lang]}
            </p>
          ))}
          <button
            type="button"
            className="btn primary big"
            data-testid="outing-start"
            disabled={!purpose.trim()}
            onClick={() =>
              void startOuting(db, { staffId, windowId, purpose, expectedReturnAt: expectedDate() }, user).then(
                () => {
                  setPurpose('');
                  setExpected('');
                  setError(null);
                },
                (e) => setError(errorText(e, lang)),
              )
            }
          >
            {t.outingStart}
          </button>
        </div>
      )}
      <ErrorText error={error} />
      {thisMonth.length === 0 ? (
        <p className="muted">{t.noOutings}</p>
      ) : (
        <ul className="list">
          {thisMonth.map((o) => (
            <li key={o.id} className="card small" data-testid="outing-row">
              <div className="row-head">
                <span>
                  {formatTime(o.startedAt, lang)} – {o.returnedAt ? formatTime(o.returnedAt, lang) : '…'} ·{' '}
                  {t.minutes(outingMinutes(o, now))}
                </span>
                <span className={`badge ${o.syncState === 'synced' ? 'synced' : 'pending'}`}>
                  {o.syncState === 'synced' ? '✓' : t.waitingSync}
                </span>
              </div>
              {o.purpose && <div>{o.purpose}</div>}
              {tally.halfDays.includes(o.id) && <div className="error-text">{t.outingHalfDay}</div>}
              {tally.overLimit.includes(o.id) && <div className="error-text">{t.outingOverLimit}</div>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
        {t.back}
      </button>
    </section>
  );
}
