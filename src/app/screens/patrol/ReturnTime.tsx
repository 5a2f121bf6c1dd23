import { useState } from 'react';
import { conversionOptionsOf, OFF_POST } from '../../../domain/patrol/fairness';
import { hallDayAndMinutes, hallIso, instantOfHallClock } from '../../../domain/hall-time';
import type { LocalViolation } from '../../db/database';
import { db } from '../../db/instance';
import { updateViolation } from '../../features/patrol/corrections';
import { usePatrolT } from '../../features/patrol/strings';
import { useHallZone } from '../../stores/session';
import { correctedNow } from '../../sync/clock';
import { useLookups } from '../common';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The return time of an off-post record, or the arrival of a late one (issue #15): the duty leader
 * who recorded it notes when the person is back, so the duration is known (away more than the
 * scheme's minutes is half a day's absence). Offline like any correction, through the outbox.
 * Shows the time once recorded; the recorder may set it again while the record is open.
 */
export function ReturnTime({ row, actor }: { row: LocalViolation; actor: { id: string; displayName: string } }) {
  const t = usePatrolT();
  const zone = useHallZone();
  const { scheme } = useLookups();
  const options = conversionOptionsOf(scheme);
  const isLate = row.itemCode === options.lateItem;
  const [time, setTime] = useState(() => hhmm(hallDayAndMinutes(correctedNow(), zone).minutes));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (row.itemCode !== OFF_POST && !isLate) return null;
  if (row.status === 'withdrawn' || row.lateSubmissionId || row.syncState === 'rejected') return null;
  const mine = row.recordedBy === actor.id;
  const shown = row.returnedAt ? hallIso(row.returnedAt, zone).slice(11, 16) : null;
  const label = isLate ? t.arrivedAt : t.returnedAt;
  if (!mine)
    return shown ? (
      <p className="small" data-testid="return-time">
        {label} {shown}
      </p>
    ) : null;

  async function save() {
    setError(null);
    const day = hallIso(row.observedAt, zone).slice(0, 10);
    const at = instantOfHallClock(`${day}T${time}`, zone);
    if (Number.isNaN(at.getTime())) return;
    if (at.getTime() < Date.parse(row.observedAt) - 59_999) return setError(t.returnBeforeSighting);
    if (at.getTime() > correctedNow().getTime() + 60_000) return setError(t.returnInFuture);
    setBusy(true);
    try {
      // Not before the record's own instant (a minute-precise field may round below it).
      const returnedAt = new Date(Math.max(at.getTime(), Date.parse(row.observedAt))).toISOString();
      await updateViolation(db, { id: row.id, returnedAt }, actor);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="return-time" data-testid="return-time-form" data-record-id={row.id} data-returned={shown ?? ''}>
      <p className="small" data-testid="return-time">
        {label}: {shown ?? t.returnNotRecorded}
      </p>
      <div className="actions small" style={{ flexWrap: 'wrap' }}>
        <input
          type="time"
          data-testid="return-time-input"
          aria-label={label}
          value={time}
          onChange={(e) => setTime(e.target.value)}
        />
        <button type="button" className="btn small" data-testid="return-save" disabled={busy || !time} onClick={save}>
          {isLate ? t.recordArrival : t.recordReturn}
        </button>
      </div>
      <p className="small muted">{t.returnHelp(options.minutes ?? 30)}</p>
      {error && (
        <p className="error-text small" role="alert" data-testid="return-error">
          {error}
        </p>
      )}
    </div>
  );
}
