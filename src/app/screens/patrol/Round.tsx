import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  ABANDON_REASON_MAX,
  defaultStaffFor,
  excuseWarning,
  expectedStaff,
  hallIso,
  roundSlots,
  type ExpectedPerson,
  type HallWindow,
  type SchemeItem,
  type Staff,
} from '../../../domain';
import type { LocalViolation } from '../../db/database';
import { db } from '../../db/instance';
import { useLiveRead } from '../../db/live-read';
import { StorageFullError } from '../../db/outbox';
import { expectedAtPost } from '../../features/leave/expected';
import { attachPhotos } from '../../features/patrol/photos';
import { readRound, takeRoundReadAhead, type RoundProgress } from '../../features/patrol/round-read';
import { abandonRound, checkWindow, finishRound, uncheckedFirst } from '../../features/patrol/rounds';
import { usePatrolT } from '../../features/patrol/strings';
import { recordViolation } from '../../features/violations/record';
import { formatTime, useLang, useT } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { ReasonForm } from '../ReasonForm';
import { RecordSheet, type SheetPerson, type SheetRecord } from '../RecordSheet';
import { checklist, useCurrentScheme } from '../common';
import { useCloseOverdueRounds } from './TodayRounds';
import { correctedNow } from '../../sync/clock';
import { useCorrectedNow } from '../../sync/use-corrected-now';
import { navigate } from '../../router';
import { href } from '../../routes';

const NO_WINDOWS: HallWindow[] = [];
const NO_STAFF: Staff[] = [];
const NO_RECORDS: LocalViolation[] = [];
const NO_PROGRESS: RoundProgress = { inOrder: [] };

export default function Round({ id }: { id: string }) {
  const t = usePatrolT();
  const tc = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const zone = useHallZone();
  const setFlash = useUi((s) => s.setFlash);
  const scheme = useCurrentScheme();
  const items = useMemo(() => checklist(scheme), [scheme]);
  // Everything shown, in one read (round-read.ts): the windows render once, with their people,
  // so a card's default staff member is chosen from the real list. Read ahead by the tap that
  // opened the round (the screen mounts with its data), else read here; live after that.
  const [readAhead] = useState(() => takeRoundReadAhead(id));
  const opened = useLiveRead(() => readRound(db, id), [id], readAhead) ?? null;
  const round = opened === null ? null : opened.round;
  const windows = opened?.windows ?? NO_WINDOWS;
  const staff = opened?.staff ?? NO_STAFF;
  const records = opened?.records ?? NO_RECORDS;
  const progress = opened?.progress ?? NO_PROGRESS;
  const atPost = useMemo(() => expectedAtPost(opened?.absences, zone), [opened, zone]);
  const [open, setOpen] = useState<string | null>(null);
  const windowsShown = !!round && windows.length > 0;
  useEffect(() => {
    // User Timing: from the tap that opened the round to its windows rendered from IndexedDB
    // (read by `npm run bench`). Once per opening: the tap mark is consumed.
    if (!windowsShown) return;
    const tap = performance.getEntriesByName('wd:round-tap', 'mark').at(-1);
    if (!tap) return;
    performance.clearMarks('wd:round-tap');
    performance.measure('wd:round-open', { start: tap.startTime, end: performance.now() });
  }, [windowsShown]);
  // Per window, once per change of its inputs (not per render of the 40-window list): who is
  // expected, and how many records the round has there. A re-read after every save gives new
  // arrays; a window whose people and line read the same keeps its old ones, so its memoised card
  // does not re-render.
  const now = useCorrectedNow();
  const previousAtWindow = useRef(new Map<string, AtWindow>());
  const atWindow = useMemo(() => {
    const next = new Map<string, AtWindow>();
    for (const w of windows) {
      const people = expectedStaff(w.id, staff, now, atPost.inputs);
      const names = new Map(people.map((p) => [p.staffId, p.name]));
      const line =
        people
          .map(
            (p) =>
              `${p.name}(${p.post})${p.state === 'away' ? ` ${atPost.note(p, w.id, lang) || t.away}` : ''}${p.substituteFor ? ` ${t.substituteFor(names.get(p.substituteFor) ?? '')} ${atPost.note(p, w.id, lang)}` : ''}`,
          )
          .join(lang === 'zh' ? '、' : ', ') || '—';
      const before = previousAtWindow.current.get(w.id);
      next.set(w.id, before && before.line === line && samePeople(before.people, people) ? before : { people, line });
    }
    previousAtWindow.current = next;
    return next;
  }, [windows, staff, now, atPost, lang, t]);
  const recordsByWindow = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.windowId, (counts.get(r.windowId) ?? 0) + 1);
    return counts;
  }, [records]);
  const inOrder = useMemo(() => new Set(progress.inOrder), [progress]);
  const actor = useMemo(() => (profile ? { id: profile.id, displayName: profile.displayName } : null), [profile]);

  // The rows' callbacks stay the same across renders (so memoised rows skip re-rendering when
  // another row changes); they read the latest state through this ref.
  const latest = useRef({ inOrder, actor, lang, zone, atPost, roundId: round ? round.id : null });
  useLayoutEffect(() => {
    latest.current = { inOrder, actor, lang, zone, atPost, roundId: round ? round.id : null };
  });
  // Each 一切正常 (or taking it back) is a change of its own in the outbox: the server sees the
  // round's progress as it happens, not only at the finish.
  const setInOrder = useCallback(
    async (windowId: string, on: boolean) => {
      const { actor: user, zone: hallZone } = latest.current;
      if (!user) return;
      await checkWindow(db, { roundId: id, windowId, inOrder: on, zone: hallZone }, user);
    },
    [id],
  );
  const toggleWindow = useCallback((windowId: string) => setOpen((o) => (o === windowId ? null : windowId)), []);
  const toggleInOrder = useCallback(
    (windowId: string) => void setInOrder(windowId, !latest.current.inOrder.has(windowId)),
    [setInOrder],
  );
  const recordAt = useCallback(
    async (windowId: string, input: SheetRecord) => {
      const { actor: user, lang: language, zone: hallZone, atPost: expected, roundId } = latest.current;
      if (!user || !roundId) return false;
      const at = correctedNow(); // the phone's clock corrected by the server's offset
      const observedAt = hallIso(at, hallZone);
      const warning = excuseWarning({ itemCode: input.itemCode, staffId: input.staffId, observedAt }, expected.inputs);
      if (warning && !globalThis.confirm?.(warning.message[language])) return false;
      const { photos, tappedAt, ...record } = input;
      // The form's path (recordViolation: one Dexie transaction); nothing is awaited before the mark.
      const saved = await recordViolation(db, { windowId, ...record, observedAt: at, roundId }, user);
      // User Timing: from the save tap to the committed Dexie transaction (read by `npm run bench`).
      performance.measure('wd:round-tap-to-persisted', { start: tappedAt, end: performance.now() });
      // The record is safe; photos are stored beside it and never hold it back.
      if (photos.length) await attachPhotos(db, saved.id, photos).catch(() => undefined);
      setOpen(null);
      setFlash(tc.saved, { aboutSync: true });
      return true;
    },
    [setFlash, tc],
  );
  // The same warning as the plain form, shown on the sheet before the save asks to confirm it.
  const warnFor = useCallback((itemCode: string, staffId: string | null) => {
    const { lang: language, zone: hallZone, atPost: expected } = latest.current;
    const warning = excuseWarning(
      { itemCode, staffId, observedAt: hallIso(correctedNow(), hallZone) },
      expected.inputs,
    );
    return warning ? warning.message[language] : null;
  }, []);
  const [finishing, setFinishing] = useState(false);
  const [abandoning, setAbandoning] = useState(false);
  const [abandonReason, setAbandonReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A round still open when its slot ends closes by itself (with what was checked).
  useCloseOverdueRounds(now);

  if (round === null) return <p className="muted center">{tc.loading}</p>;
  if (!round) return <p className="banner note">{t.roundNotFound}</p>;
  const slot = roundSlots(scheme)[round.slot];
  const recordedWindows = new Set(recordsByWindow.keys());
  const checked = new Set([...recordedWindows, ...inOrder, ...round.checkedWindowIds]);
  const finished = !!round.finishedAt;

  async function finish() {
    if (!actor) return;
    setError(null);
    try {
      await finishRound(
        db,
        {
          id,
          checkedWindowIds: [...checked],
          allInOrderWindowIds: [...inOrder].filter((w) => !recordedWindows.has(w)),
          zone,
        },
        actor,
      );
      setFlash(t.roundFinished, { aboutSync: true });
      navigate(href('home'), { replace: true });
    } catch (e) {
      setError(
        e instanceof StorageFullError
          ? lang === 'zh'
            ? e.messageZh
            : e.messageEn
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  }

  async function abandon() {
    if (!actor || !abandonReason.trim()) return;
    setError(null);
    try {
      await abandonRound(db, { id, reason: abandonReason, zone }, actor);
      setFlash(t.roundAbandoned, { aboutSync: true });
      navigate(href('home'), { replace: true });
    } catch (e) {
      setError(
        e instanceof StorageFullError
          ? lang === 'zh'
            ? e.messageZh
            : e.messageEn
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  }

  if (finishing) {
    const { unchecked, checked: done } = uncheckedFirst(windows, checked);
    return (
      <section className="form" data-testid="finish-round">
        <h1>{t.finishTitle}</h1>
        <p className="small">
          {t.startedAt} {formatTime(round.startedAt, lang)} · {t.finishedAt} {formatTime(now.getTime(), lang)}
        </p>
        <p className={`banner ${unchecked.length ? 'warn' : 'ok'}`} data-testid="unchecked-count">
          {unchecked.length ? t.unchecked(unchecked.length) : t.allChecked}
        </p>
        <ul className="list">
          {[...unchecked, ...done].map((w) => (
            <li key={w.id} className="card row-head" data-testid="finish-window" data-checked={checked.has(w.id)}>
              <span>
                {w.number} {w.name}
              </span>
              <span className={`badge ${checked.has(w.id) ? 'synced' : 'pending'}`}>
                {checked.has(w.id)
                  ? recordedWindows.has(w.id)
                    ? t.recorded(recordsByWindow.get(w.id) ?? 0)
                    : t.inOrder
                  : t.notStarted}
              </span>
            </li>
          ))}
        </ul>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="btn" onClick={() => setFinishing(false)}>
            {tc.back}
          </button>
          <button type="button" className="btn primary" data-testid="confirm-finish" onClick={() => void finish()}>
            {t.confirmFinish}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="form" data-testid="round-screen" data-round={id}>
      <h1>
        {slot ? slot.name[lang] : t.round} · {t.checkedCount(checked.size, windows.length)}
      </h1>
      <p className="muted small">
        {t.startedAt} {formatTime(round.startedAt, lang)}
        {finished ? ` · ${t.finishedAt} ${formatTime(round.finishedAt, lang)}` : ''}
      </p>
      {abandoning && !finished && (
        <ReasonForm
          id="abandon-round"
          label={t.abandonReason}
          note={t.abandonNote}
          value={abandonReason}
          maxLength={ABANDON_REASON_MAX}
          onChange={setAbandonReason}
          onCancel={() => setAbandoning(false)}
          submit={t.abandonRound}
          onSubmit={() => void abandon()}
          danger
        />
      )}
      {error && !finishing && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <ul className="list" data-testid="round-windows">
        {windows.map((w) => (
          <WindowCard
            key={w.id}
            win={w}
            people={atWindow.get(w.id)?.people ?? NO_PEOPLE}
            expectedLine={atWindow.get(w.id)?.line ?? '—'}
            items={items}
            open={open === w.id}
            disabled={finished}
            state={recordedWindows.has(w.id) ? 'recorded' : inOrder.has(w.id) ? 'in_order' : 'unchecked'}
            recordedCount={recordsByWindow.get(w.id) ?? 0}
            onToggle={toggleWindow}
            onInOrder={toggleInOrder}
            onRecord={recordAt}
            warnFor={warnFor}
          />
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="btn" onClick={() => navigate(href('home'))}>
          {tc.back}
        </button>
        {!finished && !abandoning && (
          <button
            type="button"
            className="btn danger"
            data-testid="abandon-round-button"
            onClick={() => setAbandoning(true)}
          >
            {t.abandonRound}
          </button>
        )}
        {!finished && (
          <button
            type="button"
            className="btn primary"
            data-testid="finish-round-button"
            onClick={() => setFinishing(true)}
          >
            {t.finishRound}
          </button>
        )}
      </div>
    </section>
  );
}

const NO_PEOPLE: ExpectedPerson[] = [];

interface AtWindow {
  people: ExpectedPerson[];
  line: string;
}

function samePeople(a: readonly ExpectedPerson[], b: readonly ExpectedPerson[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return (
        p.staffId === q.staffId &&
        p.name === q.name &&
        p.post === q.post &&
        p.state === q.state &&
        p.substituteFor === q.substituteFor &&
        p.absence?.kind === q.absence?.kind
      );
    })
  );
}

/** One window of the round; memoised: a save or toggle elsewhere does not re-render it. */
const WindowCard = memo(function WindowCard(props: {
  win: HallWindow;
  people: ExpectedPerson[];
  /** Who is expected, as the line reads ("name(post) on leave until …、…"). */
  expectedLine: string;
  items: SchemeItem[];
  open: boolean;
  disabled: boolean;
  state: 'unchecked' | 'in_order' | 'recorded';
  recordedCount: number;
  onToggle: (windowId: string) => void;
  onInOrder: (windowId: string) => void;
  onRecord: (windowId: string, input: SheetRecord) => Promise<boolean>;
  warnFor: (itemCode: string, staffId: string | null) => string | null;
}) {
  const t = usePatrolT();
  const { win, people } = props;
  const sheetPeople = useMemo(
    () =>
      people.flatMap((p): SheetPerson[] =>
        p.staffId ? [{ staffId: p.staffId, name: p.name, substituteFor: p.substituteFor ?? null }] : [],
      ),
    [people],
  );
  const onSave = useCallback((record: SheetRecord) => props.onRecord(win.id, record), [props.onRecord, win.id]);

  return (
    <li className="card round-card" data-testid="round-window" data-window={win.id} data-state={props.state}>
      <div className="row-head">
        <button
          type="button"
          className="btn small"
          data-testid="open-window"
          disabled={props.disabled}
          onClick={() => props.onToggle(win.id)}
          aria-expanded={props.open}
        >
          <strong>{win.number}</strong> {win.name}
        </button>
        {props.state === 'recorded' ? (
          <span className="badge rejected">{t.recorded(props.recordedCount)}</span>
        ) : (
          <button
            type="button"
            className={`btn small${props.state === 'in_order' ? ' active' : ''}`}
            data-testid="all-in-order"
            aria-pressed={props.state === 'in_order'}
            disabled={props.disabled}
            onClick={() => props.onInOrder(win.id)}
          >
            {props.state === 'in_order' ? `✓ ${t.inOrder}` : t.allInOrder}
          </button>
        )}
      </div>
      <div className="muted small" data-testid="expected-staff">
        {t.expected}: {props.expectedLine}
      </div>
      {props.open && (
        <div data-testid="quick-record">
          <RecordSheet
            items={props.items}
            people={sheetPeople}
            defaultStaffId={defaultStaffFor(people)}
            warning={props.warnFor}
            onSave={onSave}
            disabled={props.disabled}
          />
        </div>
      )}
    </li>
  );
});
