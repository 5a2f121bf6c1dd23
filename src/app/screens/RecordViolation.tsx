import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { VIOLATION_COUNT_MAX, VIOLATION_NOTE_MAX, excuseWarning, hallDay, hallIso, instantOfHallClock, patrolsOn, roundSlots } from '../../domain';
import { useExpectedAtPost } from '../features/leave/expected';
import { db } from '../db/instance';
import { InvalidMutationError, StorageFullError } from '../db/outbox';
import { openRoundAt } from '../features/patrol/rounds';
import { usePatrolT } from '../features/patrol/strings';
import { windowsInHallOrder } from '../features/violations/hall-order';
import { recordViolation } from '../features/violations/record';
import { useLang, useT } from '../i18n';
import { useHallZone, useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { checklist, useCurrentScheme } from './common';
import { correctedNow } from '../sync/clock';

/** A datetime-local value in the hall's time (the field shows and takes the hall's clock). */
function hallInputValue(date: Date, zone: string): string {
  return hallIso(date, zone).slice(0, 16);
}

export default function RecordViolation() {
  const t = useT();
  const tp = usePatrolT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const zone = useHallZone();
  const navigate = useUi((s) => s.navigate);
  const setFlash = useUi((s) => s.setFlash);
  const scheme = useCurrentScheme();
  const items = useMemo(() => checklist(scheme), [scheme]);
  const floors = useLiveQuery(() => db.floors.toArray(), [], []);
  const windows = useLiveQuery(() => db.windows.toArray(), [], []);
  const groups = useMemo(() => windowsInHallOrder(floors, windows, profile?.floorId ?? null), [floors, windows, profile?.floorId]);

  const [windowId, setWindowId] = useState('');
  const [staffId, setStaffId] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [count, setCount] = useState(1);
  const [observedAt, setObservedAt] = useState(() => hallInputValue(correctedNow(), zone));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const staff = useLiveQuery(
    async () => (windowId ? (await db.staff.where('windowId').equals(windowId).toArray()).sort((a, b) => a.post.localeCompare(b.post)) : []),
    [windowId],
    [],
  );
  const chosenItem = itemCode || items[0]?.code || '';
  // A record made here during an open round of the recorder's on that floor counts for the round.
  const myRounds = useLiveQuery(async () => (profile ? (await db.rounds.where('leaderId').equals(profile.id).toArray()).filter((r) => !r.finishedAt && !r.abandonedAt) : []), [profile?.id], []);
  const roster = useLiveQuery(() => db.duty_roster.toArray(), [], []);
  // As on the round screen: OFF_POST for someone whose approved leave or outing covers the time is likely a mistake (DOMAIN §3).
  const atPost = useExpectedAtPost();
  const observedInstant = instantOfHallClock(observedAt, zone);
  const chosenWindow = windows.find((w) => w.id === windowId);
  const inRound = chosenWindow && profile && !Number.isNaN(observedInstant.getTime()) ? openRoundAt(myRounds, profile.id, chosenWindow.floorId, observedInstant) : null;
  const inRoundSlot = inRound ? roundSlots(scheme)[inRound.slot] : undefined;
  const excuse = Number.isNaN(observedInstant.getTime()) ? null : excuseWarning({ itemCode: chosenItem, staffId: staffId || null, observedAt: observedInstant.toISOString() }, atPost.inputs);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!profile || busy) return;
    if (!windowId) {
      setError(t.chooseWindow);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await recordViolation(
        db,
        { windowId, staffId: staffId || null, itemCode: chosenItem, count, observedAt: instantOfHallClock(observedAt, zone), note, roundId: inRound?.id ?? null },
        { id: profile.id, displayName: profile.displayName },
      );
      // User Timing: from the tap to the committed Dexie transaction (read by `npm run bench`).
      performance.measure('wd:tap-to-persisted', { start: event.timeStamp, end: performance.now() });
      setFlash(t.saved, { aboutSync: true });
      navigate('/', true);
    } catch (e) {
      if (e instanceof StorageFullError) setError(lang === 'zh' ? e.messageZh : e.messageEn);
      else if (e instanceof InvalidMutationError) setError(e.message);
      else setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  // Duty leaders and the supervision section by role; anyone else (a window head) when on the roster today.
  const mayRecord = !!profile && patrolsOn({ id: profile.id, role: profile.role, floorId: profile.floorId ?? null }, roster, hallDay(new Date(), zone));
  if (profile && !mayRecord && profile.role !== 'duty_leader') {
    return <p className="banner note">{t.notFound}</p>;
  }

  return (
    <form className="form" onSubmit={(e) => void save(e)} data-testid="violation-form">
      <h1>{t.recordViolation}</h1>
      {groups.length === 0 && <p className="banner note">{t.noWindows}</p>}
      <label className="field">
        <span>{t.window}</span>
        <select
          data-testid="window-select"
          aria-label={t.window}
          value={windowId}
          onChange={(e) => {
            setWindowId(e.target.value);
            setStaffId('');
          }}
        >
          <option value="">{t.chooseWindow}</option>
          {groups.map((group) => (
            <optgroup key={group.floor?.id ?? 'other'} label={group.floor?.name ?? '—'}>
              {group.windows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.number} {w.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.staff}</span>
        <select data-testid="staff-select" aria-label={t.staff} value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">{t.windowUnknownPerson}</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.post})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.item}</span>
        <select data-testid="item-select" aria-label={t.item} value={chosenItem} onChange={(e) => setItemCode(e.target.value)}>
          {items.map((item) => (
            <option key={item.code} value={item.code}>
              {item.name[lang]}
            </option>
          ))}
        </select>
      </label>
      {inRound && (
        <p className="muted small" data-testid="counts-for-round">
          {tp.countsForRound(inRoundSlot ? inRoundSlot.name[lang] : tp.round)}
        </p>
      )}
      {excuse && (
        <p className="banner warn" data-testid="excuse-warning">
          {excuse.message[lang]}
        </p>
      )}
      <div className="field">
        <span id="count-label">{t.count}</span>
        <div className="stepper" role="group" aria-labelledby="count-label">
          <button type="button" className="btn" data-testid="count-minus" aria-label={t.decrease} disabled={count <= 1} onClick={() => setCount((c) => Math.max(1, c - 1))}>
            −
          </button>
          <output data-testid="count-value" aria-live="polite">
            {count}
          </output>
          <button
            type="button"
            className="btn"
            data-testid="count-plus"
            aria-label={t.increase}
            disabled={count >= VIOLATION_COUNT_MAX}
            onClick={() => setCount((c) => Math.min(VIOLATION_COUNT_MAX, c + 1))}
          >
            +
          </button>
        </div>
      </div>
      <label className="field">
        <span>{t.observedAt}</span>
        <input data-testid="observed-at" aria-label={t.observedAt} type="datetime-local" required value={observedAt} onChange={(e) => setObservedAt(e.target.value)} />
      </label>
      <label className="field">
        <span>{t.note}</span>
        <textarea data-testid="note" aria-label={t.note} maxLength={VIOLATION_NOTE_MAX} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p className="error-text" role="alert" data-testid="save-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" data-testid="cancel-violation" onClick={() => navigate('/')}>
          {t.cancel}
        </button>
        <button type="submit" className="btn primary" data-testid="save-violation" disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
      </div>
    </form>
  );
}
