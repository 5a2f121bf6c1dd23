import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { excuseWarning, hallDay, hallIso, instantOfHallClock, patrolsOn, roundSlots } from '../../domain';
import { useExpectedAtPost } from '../features/leave/expected';
import { db } from '../db/instance';
import { attachPhotos } from '../features/patrol/photos';
import { openRoundAt } from '../features/patrol/rounds';
import { usePatrolT } from '../features/patrol/strings';
import { windowsInHallOrder } from '../features/violations/hall-order';
import { recordViolation } from '../features/violations/record';
import { useLang, useT } from '../i18n';
import { useHallZone, useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { checklist, useCurrentScheme } from './common';
import { RecordSheet, type SheetPerson, type SheetRecord } from './RecordSheet';
import { correctedNow } from '../sync/clock';
import { navigate } from '../router';
import { href } from '../routes';
import { compareText } from '../../domain/text-order';

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
  const setFlash = useUi((s) => s.setFlash);
  const scheme = useCurrentScheme();
  const items = useMemo(() => checklist(scheme), [scheme]);
  const floors = useLiveQuery(() => db.floors.toArray(), [], []);
  const windows = useLiveQuery(() => db.windows.toArray(), [], []);
  const groups = useMemo(
    () => windowsInHallOrder(floors, windows, profile?.floorId ?? null),
    [floors, windows, profile?.floorId],
  );

  const [windowId, setWindowId] = useState('');
  const [observedAt, setObservedAt] = useState(() => hallInputValue(correctedNow(), zone));

  const staff = useLiveQuery(
    async () =>
      windowId
        ? (await db.staff.where('windowId').equals(windowId).toArray()).sort((a, b) => compareText(a.post, b.post))
        : [],
    [windowId],
    [],
  );
  const people = useMemo(
    () => staff.map((s): SheetPerson => ({ staffId: s.id, name: `${s.name} (${s.post})` })),
    [staff],
  );
  // A record made here during an open round of the recorder's on that floor counts for the round.
  const myRounds = useLiveQuery(
    async () =>
      profile
        ? (await db.rounds.where('leaderId').equals(profile.id).toArray()).filter(
            (r) => !r.finishedAt && !r.abandonedAt,
          )
        : [],
    [profile?.id],
    [],
  );
  const roster = useLiveQuery(() => db.duty_roster.toArray(), [], []);
  // As on the round screen: OFF_POST for someone whose approved leave or outing covers the time is likely a mistake (DOMAIN §3).
  const atPost = useExpectedAtPost();
  const observedInstant = instantOfHallClock(observedAt, zone);
  const chosenWindow = windows.find((w) => w.id === windowId);
  const inRound =
    chosenWindow && profile && !Number.isNaN(observedInstant.getTime())
      ? openRoundAt(myRounds, profile.id, chosenWindow.floorId, observedInstant)
      : null;
  const inRoundSlot = inRound ? roundSlots(scheme)[inRound.slot] : undefined;
  const warning = (itemCode: string, staffId: string | null) =>
    Number.isNaN(observedInstant.getTime())
      ? null
      : (excuseWarning({ itemCode, staffId, observedAt: observedInstant.toISOString() }, atPost.inputs)?.message[
          lang
        ] ?? null);

  async function save(record: SheetRecord) {
    if (!profile) return;
    if (!windowId) throw new Error(t.chooseWindow); // the sheet shows it and keeps what was chosen
    const { photos, tappedAt, ...rest } = record;
    // A refusal (StorageFullError, InvalidMutationError) is thrown on: the sheet shows its message.
    const saved = await recordViolation(
      db,
      { windowId, ...rest, observedAt: instantOfHallClock(observedAt, zone), roundId: inRound?.id ?? null },
      { id: profile.id, displayName: profile.displayName },
    );
    // User Timing: from the tap to the committed Dexie transaction (read by `npm run bench`).
    performance.measure('wd:tap-to-persisted', { start: tappedAt, end: performance.now() });
    // The record is safe; photos are stored beside it and never hold it back.
    if (photos.length) await attachPhotos(db, saved.id, photos).catch(() => undefined);
    setFlash(t.saved, { aboutSync: true });
    navigate(href('home'), { replace: true });
  }

  // Duty leaders and the supervision section by role; anyone else (a window head) when on the roster today.
  const mayRecord =
    !!profile &&
    patrolsOn(
      { id: profile.id, role: profile.role, floorId: profile.floorId ?? null },
      roster,
      hallDay(correctedNow(), zone),
    );
  if (profile && !mayRecord && profile.role !== 'duty_leader') {
    return <p className="banner note">{t.notFound}</p>;
  }

  return (
    <section className="form" data-testid="violation-form">
      <h1>{t.recordViolation}</h1>
      {groups.length === 0 && <p className="banner note">{t.noWindows}</p>}
      <RecordSheet
        items={items}
        people={people}
        defaultStaffId={null}
        windowKey={windowId}
        warning={warning}
        onSave={save}
        onCancel={() => navigate(href('home'))}
        window={
          <label className="field">
            <span>{t.window}</span>
            <select
              data-testid="window-select"
              aria-label={t.window}
              value={windowId}
              onChange={(e) => setWindowId(e.target.value)}
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
        }
        notice={
          inRound && (
            <p className="muted small" data-testid="counts-for-round">
              {tp.countsForRound(inRoundSlot ? inRoundSlot.name[lang] : tp.round)}
            </p>
          )
        }
        extra={
          <label className="field">
            <span>{t.observedAt}</span>
            <input
              data-testid="observed-at"
              aria-label={t.observedAt}
              type="datetime-local"
              required
              value={observedAt}
              onChange={(e) => setObservedAt(e.target.value)}
            />
          </label>
        }
      />
    </section>
  );
}
