import { useState } from 'react';
import { countsInMonth } from '../../../domain/assessment/from-records';
import {
  OTHER_SOURCES,
  type BonusDraft,
  type DeductionDraft,
  type DisqualificationDraft,
} from '../../../domain/assessment/requests';
import { instantOfHallClock } from '../../../domain/hall-time';
import { daysOfMonth } from '../../../domain/patrol/roster';
import { useAssessT } from '../../features/assessment/strings';
import { formatMonth, useLang } from '../../i18n';
import { useHallZone } from '../../stores/session';
import { useLookups } from '../common';
import { useSchemeVersion } from './names';

/**
 * What the supervision section enters for a month besides patrol records (DOMAIN §5.1, §5.4,
 * §5.7): bonuses, deductions from sections, complaints, public ratings and meetings, and
 * disqualifications (一票否决). Online, like the rest of the cycle; the server checks the month is
 * still editable.
 */

function useWindows() {
  const lookups = useLookups();
  return {
    lookups,
    windows: [...lookups.windows].sort((a, b) => a[1].number.localeCompare(b[1].number, 'zh', { numeric: true })),
  };
}

function WindowSelect({ testId, value, onChange }: { testId: string; value: string; onChange: (id: string) => void }) {
  const t = useAssessT();
  const { windows } = useWindows();
  return (
    <label className="field">
      <span>{t.windowCol}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="" />
        {windows.map(([id, w]) => (
          <option key={id} value={id}>
            {w.number} {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form's frame: a button until opened, then the fields with cancel and send. */
function Opened(props: {
  testId: string;
  title: string;
  month: string;
  busy: boolean;
  ready: boolean;
  onSend: () => Promise<boolean>;
  children: React.ReactNode;
}) {
  const t = useAssessT();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="btn" data-testid={`open-${props.testId}`} onClick={() => setOpen(true)}>
        {props.title}
      </button>
    );
  return (
    <div className="card form" data-testid={`${props.testId}-form`}>
      <strong>
        {props.title} · {formatMonth(props.month, lang)}
      </strong>
      {props.children}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid={`${props.testId}-save`}
          disabled={props.busy || !props.ready}
          onClick={() => void props.onSend().then((ok) => ok && setOpen(false))}
        >
          {t.send}
        </button>
      </div>
    </div>
  );
}

export function BonusForm({
  month,
  busy,
  onSave,
}: {
  month: string;
  busy: boolean;
  onSave: (b: BonusDraft) => Promise<boolean>;
}) {
  const t = useAssessT();
  const lang = useLang();
  const scheme = useSchemeVersion(null);
  const [windowId, setWindowId] = useState('');
  const [code, setCode] = useState('');
  const [points, setPoints] = useState('');
  const [eventId, setEventId] = useState('');
  const [note, setNote] = useState('');
  const item = scheme.bonus.items.find((b) => b.code === code);
  return (
    <Opened
      testId="bonus"
      title={t.bonusTitle}
      month={month}
      busy={busy}
      ready={!!windowId && !!code && !!points && !!eventId.trim()}
      onSend={() =>
        onSave({
          windowId,
          staffId: null,
          bonusCode: code,
          points: Number(points),
          eventId: eventId.trim(),
          note: note.trim(),
        })
      }
    >
      <WindowSelect testId="bonus-window" value={windowId} onChange={setWindowId} />
      <label className="field">
        <span>{t.bonusItem}</span>
        <select
          data-testid="bonus-code"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            const b = scheme.bonus.items.find((x) => x.code === e.target.value);
            if (b) setPoints(String(b.maxPoints));
          }}
        >
          <option value="" />
          {scheme.bonus.items.map((b) => (
            <option key={b.code} value={b.code}>
              {b.name[lang]} ({b.minPoints}–{b.maxPoints})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.bonusPoints}</span>
        <input
          data-testid="bonus-points"
          type="number"
          inputMode="decimal"
          step="0.5"
          min={item?.minPoints}
          max={item?.maxPoints}
          value={points}
          onChange={(e) => setPoints(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t.eventId}</span>
        <input data-testid="bonus-event" value={eventId} onChange={(e) => setEventId(e.target.value)} />
      </label>
      <label className="field">
        <span>{t.note}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
    </Opened>
  );
}

export function DeductionForm({
  month,
  busy,
  onSave,
}: {
  month: string;
  busy: boolean;
  onSave: (d: DeductionDraft) => Promise<boolean>;
}) {
  const t = useAssessT();
  const lang = useLang();
  const zone = useHallZone();
  const { lookups } = useWindows();
  const scheme = useSchemeVersion(null);
  const [windowId, setWindowId] = useState('');
  const [staffId, setStaffId] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [count, setCount] = useState('1');
  const [day, setDay] = useState(`${month}-01`);
  const [source, setSource] = useState<string>(OTHER_SOURCES[0]!);
  const [note, setNote] = useState('');
  const people = [...lookups.staff]
    .filter(([, s]) => s.windowId === windowId)
    .sort((a, b) => a[1].post.localeCompare(b[1].post));
  const days = daysOfMonth(month);
  // The day at noon in the hall; the server takes it only if it counts in the month, as here.
  const observedAt = instantOfHallClock(`${day}T12:00`, zone);
  const inMonth = !Number.isNaN(observedAt.getTime()) && countsInMonth(month, zone)(observedAt.toISOString());
  return (
    <Opened
      testId="deduction"
      title={t.deductionTitle}
      month={month}
      busy={busy}
      ready={!!windowId && !!itemCode && Number(count) >= 1 && inMonth}
      onSend={() =>
        onSave({
          windowId,
          staffId: staffId || null,
          substituteFor: null,
          itemCode,
          count: Math.round(Number(count)),
          observedAt: observedAt.toISOString(),
          source,
          note: note.trim(),
        })
      }
    >
      <WindowSelect testId="deduction-window" value={windowId} onChange={(id) => (setWindowId(id), setStaffId(''))} />
      <label className="field">
        <span>{t.deductionStaff}</span>
        <select data-testid="deduction-staff" value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">{t.windowItself}</option>
          {people.map(([id, s]) => (
            <option key={id} value={id}>
              {s.name} ({s.post})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.deductionItem}</span>
        <select data-testid="deduction-item" value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
          <option value="" />
          {scheme.items.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name[lang]} (−{i.points})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.deductionCount}</span>
        <input
          data-testid="deduction-count"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t.deductionDay}</span>
        <input
          data-testid="deduction-day"
          type="date"
          min={days[0]}
          max={days.at(-1)}
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t.sourceField}</span>
        <select data-testid="deduction-source" value={source} onChange={(e) => setSource(e.target.value)}>
          {OTHER_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t.source[s] ?? s}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.note}</span>
        <input data-testid="deduction-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
    </Opened>
  );
}

export function DisqualificationForm({
  month,
  busy,
  onSave,
}: {
  month: string;
  busy: boolean;
  onSave: (d: DisqualificationDraft) => Promise<boolean>;
}) {
  const t = useAssessT();
  const lang = useLang();
  const scheme = useSchemeVersion(null);
  const [windowId, setWindowId] = useState('');
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Opened
      testId="disqualification"
      title={t.disqualificationTitle}
      month={month}
      busy={busy}
      ready={!!windowId && !!code && !!reason.trim()}
      onSend={() => onSave({ windowId, code, reason: reason.trim() })}
    >
      <WindowSelect testId="disqualification-window" value={windowId} onChange={setWindowId} />
      <label className="field">
        <span>{t.disqualificationCode}</span>
        <select data-testid="disqualification-code" value={code} onChange={(e) => setCode(e.target.value)}>
          <option value="" />
          {scheme.disqualifications.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name[lang]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t.disqualificationReason}</span>
        <textarea
          data-testid="disqualification-reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
    </Opened>
  );
}
