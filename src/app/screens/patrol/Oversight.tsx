import { useCallback, useEffect, useState } from 'react';
import { browserFetch as fetchFn, call } from '../../http/client';
import { usePatrolT } from '../../features/patrol/strings';
import { formatMonth, formatTime, useLang, useT } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { hallDay, hallMonth } from '../../../domain';
import { navigate } from '../../router';
import { href } from '../../routes';
import { openOnTap, useLookups } from '../common';
import { RecordDetail, type DetailRecord } from '../RecordDetail';
import { Thumbnails } from './Thumbnails';
import { correctedNow } from '../../sync/clock';

interface Coverage {
  month: string;
  roundsPerDay: number;
  days: {
    day: string;
    floorId: string;
    userId: string;
    userName: string;
    standIn: boolean;
    required: number;
    done: number;
  }[];
  dutyFlags: { rosterId: string; floorId: string; userName: string; missedRounds: number; daysShort: string[] }[];
  windowsNeverChecked: { id: string; number: string; name: string }[];
}
interface Late {
  id: string;
  submittedByName: string;
  month: string;
  reason: string;
  violation: {
    id: string;
    windowId: string;
    staffId: string | null;
    itemCode: string;
    count: number;
    observedAt: string;
    note?: string;
  };
}

/** Supervision: patrol coverage of a month, and late submissions to accept or refuse (online only). */
export default function Oversight() {
  const t = usePatrolT();
  const tc = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const zone = useHallZone();
  const [month, setMonth] = useState(() => hallMonth(correctedNow(), zone));
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [late, setLate] = useState<Late[]>([]);
  const [closedAt, setClosedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A late record opens in full before it is accepted or refused.
  const [opened, setOpened] = useState<DetailRecord | null>(null);
  const canDecide = profile?.role === 'supervision';

  const load = useCallback(async () => {
    setError(null);
    try {
      const [c, l, p] = await Promise.all([
        call(fetchFn, `/api/patrol/coverage?month=${month}`),
        call(fetchFn, '/api/late-submissions?status=pending'),
        call(fetchFn, '/api/periods'),
      ]);
      if (!c.ok) throw new Error(t.loadFailed);
      setCoverage(c.body as Coverage);
      setLate(l.ok ? (l.body as { lateSubmissions: Late[] }).lateSubmissions : []);
      const periods = p.ok ? (p.body as { periods: { month: string; closedAt: string }[] }).periods : [];
      setClosedAt(periods.find((x) => x.month === month)?.closedAt ?? null);
    } catch {
      setError(t.loadFailed);
    }
  }, [month, t.loadFailed]);
  useEffect(() => {
    void load();
  }, [load]);

  async function closeMonth() {
    if (!globalThis.confirm?.(t.confirmCloseMonth(formatMonth(month, lang)))) return;
    const answer = await call(fetchFn, `/api/periods/${month}/close`, { method: 'POST', body: '{}' }).catch(() => null);
    if (!answer?.ok) setError(t.loadFailed);
    await load();
  }

  async function decide(id: string, decision: 'accept' | 'refuse') {
    await call(fetchFn, `/api/late-submissions/${id}/decide`, { method: 'POST', body: JSON.stringify({ decision }) });
    await load();
  }

  const short = coverage?.days.filter((d) => d.done < d.required) ?? [];
  return (
    <section data-testid="oversight">
      <h1>{t.coverage}</h1>
      <label className="field inline">
        <span>{tc.month}</span>
        <input type="month" data-testid="oversight-month" value={month} onChange={(e) => setMonth(e.target.value)} />
      </label>
      {canDecide &&
        (closedAt ? (
          <p className="banner note" data-testid="month-closed">
            {t.monthClosed(formatMonth(month, lang), hallDay(closedAt, zone))}
          </p>
        ) : (
          <button type="button" className="btn" data-testid="close-month" onClick={() => void closeMonth()}>
            {t.closeMonth}
          </button>
        ))}
      {error && <p className="banner error">{error}</p>}
      {coverage && (
        <>
          <h2>{t.dutyFlags}</h2>
          {coverage.dutyFlags.length === 0 ? (
            <p className="muted">{t.noneFound}</p>
          ) : (
            <ul className="list" data-testid="duty-flags">
              {coverage.dutyFlags.map((f) => (
                <li key={f.rosterId} className="card">
                  <strong>{f.userName}</strong> · −{f.missedRounds} ·{' '}
                  <span className="small muted">{f.daysShort.join(', ')}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>
            {t.roundsDone} ({coverage.roundsPerDay})
          </h2>
          <ul className="list small">
            {short.map((d) => (
              <li key={`${d.day}${d.floorId}`} className="card row-head">
                <span>
                  {d.day} {d.userName}
                  {d.standIn ? ' *' : ''}
                </span>
                <span className="badge rejected">
                  {d.done}/{d.required}
                </span>
              </li>
            ))}
          </ul>
          <h2>{t.neverChecked}</h2>
          <p className="small" data-testid="never-checked">
            {coverage.windowsNeverChecked.map((w) => `${w.number} ${w.name}`).join(lang === 'zh' ? '、' : ', ') ||
              t.noneFound}
          </p>
        </>
      )}
      <h2>{t.lateSubmissions}</h2>
      {late.length === 0 && <p className="muted">{t.noneFound}</p>}
      <ul className="list">
        {late.map((l) => (
          <li
            key={l.id}
            className="card record-open"
            data-testid="late-row"
            data-id={l.violation.id}
            onClick={openOnTap(() => setOpened({ ...l.violation, recordedByName: l.submittedByName }))}
          >
            <div>
              {lookups.windows.get(l.violation.windowId)?.number ?? ''} ·{' '}
              {lookups.items.get(l.violation.itemCode)?.name[lang] ?? ''} × {l.violation.count}
            </div>
            <div className="small muted">
              {l.submittedByName} · {formatTime(l.violation.observedAt, lang)} · {l.reason}
            </div>
            <Thumbnails violationId={l.violation.id} fetchMissing />
            <button
              type="button"
              className="btn small"
              data-testid="open-record"
              onClick={() => setOpened({ ...l.violation, recordedByName: l.submittedByName })}
            >
              {tc.details}
            </button>
            {canDecide && (
              <div className="actions">
                <button
                  type="button"
                  className="btn"
                  data-testid="late-refuse"
                  onClick={() => void decide(l.id, 'refuse')}
                >
                  {t.refuse}
                </button>
                <button
                  type="button"
                  className="btn primary"
                  data-testid="late-accept"
                  onClick={() => void decide(l.id, 'accept')}
                >
                  {t.accept}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => navigate(href('home'))}>
        {tc.back}
      </button>
      {opened && <RecordDetail record={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}
