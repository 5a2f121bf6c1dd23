import { useLiveQuery } from 'dexie-react-hooks';
import { useLoadedPart } from '../RevealWhenLoaded';
import { useEffect, useMemo, useState } from 'react';
import { hallDayAndMinutes, hallDayBoundsUtc, hallIso } from '../../../domain/hall-time';
import { absenceConversions, conversionOptionsOf } from '../../../domain/patrol/fairness';
import { patrolFloorsOn } from '../../../domain/patrol/rights';
import { dutyFloorsOf } from '../../../domain/patrol/roster-days';
import {
  dayRounds,
  dueReminder,
  formatSlotTime,
  roundSlots,
  withinSlot,
  type RoundSlot,
} from '../../../domain/patrol/round-slots';
import { DEFAULT_SCHEME } from '../../../domain/scheme/default-scheme';
import type { LocalRound } from '../../db/database';
import { db } from '../../db/instance';
import { closeOverdueRounds, startRound } from '../../features/patrol/rounds';
import { readRoundAhead } from '../../features/patrol/round-read';
import { usePatrolT } from '../../features/patrol/strings';
import { useLang } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { correctedNow, type Now } from '../../sync/clock';
import { useCorrectedNow } from '../../sync/use-corrected-now';
import { useUi } from '../../stores/ui';
import { useCurrentScheme, useLookups } from '../common';
import { navigate } from '../../router';
import { href } from '../../routes';

let closing: Promise<string[]> = Promise.resolve([]);

/**
 * Closes the user's rounds still open after their slot ended (with what was checked), whenever
 * the minute changes; `now` is the screen's clock (useCorrectedNow).
 */
export function useCloseOverdueRounds(now: Date): void {
  const profile = useSession((s) => s.profile);
  const zone = useHallZone();
  const setFlash = useUi((s) => s.setFlash);
  const t = usePatrolT();
  const minute = Math.floor(now.getTime() / 60_000);
  useEffect(() => {
    if (!profile) return;
    let cancelled = false;
    // One run at a time (the effect may re-run within a minute as the profile or language change): a
    // run reads the rounds after the previous one wrote, so no round is finished twice.
    closing = closing
      .catch(() => [])
      .then(async () => {
        // The stored scheme, not the hook's default while it loads: its slots decide when a round closes.
        const stored = (await db.schemes.orderBy('version').last())?.scheme ?? DEFAULT_SCHEME;
        // The minute of the corrected clock; the device's own time stays the outbox entry's.
        const at: Now = Object.assign(() => new Date(minute * 60_000), { device: correctedNow.device });
        return closeOverdueRounds(
          db,
          roundSlots(stored),
          { id: profile.id, displayName: profile.displayName },
          zone,
          at,
        );
      });
    void closing
      .then((closed) => {
        if (!cancelled && closed.length) setFlash(t.closedBySlot, { aboutSync: true });
      })
      .catch(() => undefined); // tried again next minute
    return () => {
      cancelled = true;
    };
  }, [profile, zone, minute, setFlash, t]);
}

/** User Timing: the tap that opens a round (the round screen measures 'wd:round-open' from it; read by `npm run bench`). */
function markRoundTap(timeStamp: number) {
  performance.clearMarks('wd:round-tap');
  performance.mark('wd:round-tap', { startTime: timeStamp });
}

/** A duty leader's home: today's rounds per duty floor, their status, a reminder when one is due. */
export function TodayRounds() {
  const t = usePatrolT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const scheme = useCurrentScheme();
  const lookups = useLookups();
  const now = useCorrectedNow(); // the clock its rounds are stamped with: the same day as them
  const zone = useHallZone();
  const { day, minutes } = hallDayAndMinutes(now, zone);
  const userId = profile?.id ?? '';
  const rosterRead = useLiveQuery(() => db.duty_roster.where('month').equals(day.slice(0, 7)).toArray(), [day]);
  const roster = rosterRead ?? [];
  const rounds = useLiveQuery(
    async () => (await db.rounds.where('day').equals(day).toArray()).filter((r) => !r.abandonedAt),
    [day],
    [] as LocalRound[],
  );
  const floorsRead = useLiveQuery(() => db.floors.toArray(), []);
  const floors = floorsRead ?? [];
  const today = useLiveQuery(
    async () =>
      // Only this hall day's rows, through the observedAt index (stored as UTC ISO strings), in
      // one getAll and then the user's (a Dexie .filter() walks a cursor, a round trip per row).
      (
        await db.violations
          .where('observedAt')
          .between(hallDayBoundsUtc(day, zone).from, hallDayBoundsUtc(day, zone).to, true, false)
          .toArray()
      )
        .filter((v) => v.recordedBy === userId)
        // hall times: the hall day and clock (the return time too, #15)
        .map((v) => ({
          ...v,
          observedAt: hallIso(v.observedAt, zone),
          returnedAt: v.returnedAt ? hallIso(v.returnedAt, zone) : null,
        })),
    [userId, day, zone],
    [],
  );
  const slots = useMemo(() => roundSlots(scheme), [scheme]);
  // The floors the roster (or, without a roster entry, a duty leader's own floor) gives today.
  const patrolled = profile
    ? patrolFloorsOn({ id: profile.id, role: profile.role, floorId: profile.floorId ?? null }, roster, day)
    : [];
  const floorIds = patrolled === 'all' ? floors.map((f) => f.id) : patrolled;
  const rostered = dutyFloorsOf(roster, userId, day);
  const conversions = useMemo(() => absenceConversions(today, conversionOptionsOf(scheme)), [today, scheme]);
  const [busy, setBusy] = useState(false);
  useCloseOverdueRounds(now);
  useLoadedPart(rosterRead !== undefined && floorsRead !== undefined);

  async function start(floorId: string, slot: number) {
    if (!profile || busy) return;
    // Rounds keep to their slots: outside it, ask first and name the slot.
    const chosen: RoundSlot | undefined = slots.find((s) => s.slot === slot);
    if (
      chosen &&
      !withinSlot(chosen, minutes) &&
      !globalThis.confirm?.(t.outsideSlot(chosen.name[lang], formatSlotTime(chosen)))
    )
      return;
    setBusy(true);
    try {
      const args = await startRound(db, { floorId, slot, zone }, { id: profile.id, displayName: profile.displayName });
      await readRoundAhead(db, args.id);
      navigate(href('round', { id: args.id }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="today-rounds">
      <h2>{t.todayRounds}</h2>
      {rosterRead !== undefined && !rostered.length && <p className="muted small">{t.noDutyToday}</p>}
      {floorIds.map((floorId) => {
        const states = dayRounds(
          slots,
          rounds.filter((r) => r.leaderId === userId),
          floorId,
          day,
          minutes,
        );
        const due = dueReminder(states);
        const floor = floors.find((f) => f.id === floorId);
        return (
          <div key={floorId} className="form" data-testid="floor-rounds" data-floor={floorId}>
            {floorIds.length > 1 && <strong>{floor?.name ?? t.floor}</strong>}
            {due && (
              <p className="banner warn" role="alert" data-testid="round-due">
                {t.dueReminder(due.slot.name[lang], formatSlotTime(due.slot))}
              </p>
            )}
            <ul className="list">
              {states.map((s) => {
                const label = s.status === 'done' ? t.done : s.status === 'in_progress' ? t.inProgress : t.notStarted;
                const badge = s.status === 'done' ? 'synced' : s.missed ? 'rejected' : 'pending';
                return (
                  <li key={s.slot.slot} className="card row-head" data-testid="round-slot" data-status={s.status}>
                    <div>
                      <strong>{s.slot.name[lang]}</strong> <span className="muted small">{formatSlotTime(s.slot)}</span>
                      <div>
                        <span className={`badge ${badge}`}>{s.missed && s.status !== 'done' ? t.missed : label}</span>
                        {s.round && s.round.checkedWindowIds.length > 0 && (
                          <span className="muted small">
                            {' '}
                            {t.checkedCount(
                              s.round.checkedWindowIds.length,
                              [...lookups.windows.values()].filter((w) => w.floorId === floorId).length,
                            )}
                          </span>
                        )}
                      </div>
                    </div>
                    {s.status === 'in_progress' && s.round ? (
                      <button
                        type="button"
                        className="btn primary small"
                        data-testid="continue-round"
                        onClick={(e) => {
                          markRoundTap(e.timeStamp);
                          const id = s.round!.id;
                          void readRoundAhead(db, id).then(() => navigate(href('round', { id: id })));
                        }}
                      >
                        {t.continueRound}
                      </button>
                    ) : s.status === 'not_started' ? (
                      <button
                        type="button"
                        className={`btn small${s.due ? ' primary' : ''}`}
                        data-testid="start-round"
                        disabled={busy}
                        onClick={(e) => {
                          markRoundTap(e.timeStamp);
                          void start(floorId, s.slot.slot);
                        }}
                      >
                        {t.startRound}
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
      {conversions.length > 0 && (
        <div className="banner error" data-testid="absence-conversions">
          <strong>{t.absenceTitle}</strong>
          <ul className="small">
            {conversions.map((c) => (
              <li key={`${c.staffId}${c.day}`}>
                {lookups.staff.get(c.staffId)?.name ?? c.staffId}: {c.explanation[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A local calendar day (YYYY-MM-DD) as a half-open range of UTC ISO strings. */
