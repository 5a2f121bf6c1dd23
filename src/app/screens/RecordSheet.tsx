import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { VIOLATION_COUNT_MAX, VIOLATION_NOTE_MAX, type SchemeItem } from '../../domain';
import { StorageFullError } from '../db/outbox';
import { MAX_PHOTOS, photoToKeep } from '../features/patrol/photos';
import { useRecordT } from '../features/violations/strings';
import { useLang, useT } from '../i18n';

/** A save still running after this long shows "saving" on its button. */
const SHOW_SAVING_AFTER_MS = 150;

/** Someone the record can be about (the round offers who is expected; the plain form, the window's staff). */
export interface SheetPerson {
  staffId: string;
  name: string;
  /** Set when this person stands in for someone of the window. */
  substituteFor?: string | null;
}

/** What the sheet hands its screen on save; the screen adds window, time and round. */
export interface SheetRecord {
  staffId: string | null;
  substituteFor: string | null;
  itemCode: string;
  count: number;
  note: string;
  photos: Blob[];
  /** The save tap's event time (User Timing). */
  tappedAt: number;
}

/**
 * The one record sheet (issue 13.1), in the round and in 记录违规 alike: window (fixed by the
 * round's card, else chosen above), item, person (or "the window"), count, note and up to
 * three photos scaled on the phone. The common case is window → item → save.
 */
export function RecordSheet(props: {
  items: SchemeItem[];
  people: SheetPerson[];
  /** Who is preselected (the round: the one expected; the plain form: the window). */
  defaultStaffId: string | null;
  /** The window chooser, when the window is not given by where the sheet opened. */
  window?: ReactNode;
  /** Under the window, always shown ("counts for the round"). */
  notice?: ReactNode;
  /** Changes when the window does: the person goes back to the default. */
  windowKey?: string;
  /** Below the count: the time field. */
  extra?: ReactNode;
  /** A warning for this item and person (an excused absence), shown without blocking. */
  warning?: (itemCode: string, staffId: string | null) => string | null;
  /** Throws to show its message; resolves false when nothing was saved (the fields stay). */
  onSave: (record: SheetRecord) => Promise<boolean | void>;
  onCancel?: () => void;
  disabled?: boolean;
}) {
  const t = useRecordT();
  const tc = useT();
  const lang = useLang();
  const { items, people, defaultStaffId } = props;
  const [itemCode, setItemCode] = useState<string | null>(null);
  const [staffId, setStaffId] = useState<string | null>(defaultStaffId);
  const [count, setCount] = useState(1);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const saving = useRef(false); // a second tap while a save runs does nothing
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setStaffId(defaultStaffId), [props.windowKey, defaultStaffId]);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  const warning = itemCode && props.warning ? props.warning(itemCode, staffId) : null;

  async function save(tappedAt: number) {
    if (saving.current || busy || props.disabled) return;
    if (!itemCode) {
      setError(t.chooseItemFirst);
      return;
    }
    // The sheet says "saving" only when the write takes a while. The write's answers reach the page
    // after the frame that follows the tap; re-rendering the sheet first made that frame later
    // (bench tap-to-persisted median 16.1 -> 15.3-15.7 ms).
    saving.current = true;
    const showBusy = setTimeout(() => setBusy(true), SHOW_SAVING_AFTER_MS);
    if (error !== null) setError(null);
    try {
      const substituteFor = (staffId && people.find((p) => p.staffId === staffId)?.substituteFor) || null;
      if (
        (await props.onSave({ staffId, substituteFor, itemCode, count, note: note.trim(), photos, tappedAt })) === false
      )
        return;
      setItemCode(null);
      setCount(1);
      setNote('');
      setPhotos([]);
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
    } finally {
      clearTimeout(showBusy);
      saving.current = false;
      setBusy(false);
    }
  }

  function addPhotos(files: File[]) {
    if (!files.length) return;
    setBusy(true);
    setError(null);
    void Promise.all(files.slice(0, MAX_PHOTOS - photos.length).map(photoToKeep))
      .then((picked) => {
        const kept = picked.filter((p): p is Blob => p !== null);
        setPhotos((p) => [...p, ...kept].slice(0, MAX_PHOTOS));
        if (kept.length < picked.length) setError(t.photosNotAdded(picked.length - kept.length));
      })
      .finally(() => setBusy(false));
  }

  return (
    <div className="form record-sheet" data-testid="record-sheet">
      {props.window}
      {props.notice}
      <div className="segmented" style={{ flexWrap: 'wrap' }} role="group" aria-label={t.chooseItem}>
        {items.map((item) => (
          <button
            key={item.code}
            type="button"
            className={`btn small${itemCode === item.code ? ' active' : ''}`}
            data-testid="quick-item"
            data-code={item.code}
            aria-pressed={itemCode === item.code}
            onClick={() => setItemCode(item.code)}
          >
            {item.name[lang]}
          </button>
        ))}
      </div>
      {itemCode && (
        <>
          <div className="segmented" style={{ flexWrap: 'wrap' }} role="group" aria-label={tc.staff}>
            <button
              type="button"
              className={`btn small${staffId === null ? ' active' : ''}`}
              data-testid="quick-staff"
              data-staff-id=""
              aria-pressed={staffId === null}
              onClick={() => setStaffId(null)}
            >
              {t.theWindow}
            </button>
            {people.map((p) => (
              <button
                key={p.staffId}
                type="button"
                className={`btn small${staffId === p.staffId ? ' active' : ''}`}
                data-testid="quick-staff"
                data-staff-id={p.staffId}
                aria-pressed={staffId === p.staffId}
                onClick={() => setStaffId(p.staffId)}
              >
                {p.name}
              </button>
            ))}
          </div>
          {warning && (
            <p className="banner warn" data-testid="excuse-warning">
              {warning}
            </p>
          )}
          <div className="stepper" role="group" aria-label={tc.count}>
            <button
              type="button"
              className="btn"
              data-testid="count-minus"
              aria-label={tc.decrease}
              disabled={count <= 1}
              onClick={() => setCount((c) => Math.max(1, c - 1))}
            >
              −
            </button>
            <output data-testid="quick-count" aria-live="polite">
              {count}
            </output>
            <button
              type="button"
              className="btn"
              data-testid="count-plus"
              aria-label={tc.increase}
              disabled={count >= VIOLATION_COUNT_MAX}
              onClick={() => setCount((c) => Math.min(VIOLATION_COUNT_MAX, c + 1))}
            >
              +
            </button>
          </div>
          {props.extra}
          <label className="field">
            <span>{tc.note}</span>
            <textarea
              data-testid="note"
              aria-label={tc.note}
              maxLength={VIOLATION_NOTE_MAX}
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <div
            className="segmented"
            style={{ flexWrap: 'wrap', alignItems: 'center' }}
            role="group"
            aria-label={t.photos}
          >
            {urls.map((url, i) => (
              <button
                key={url}
                type="button"
                className="btn small"
                data-testid="sheet-photo"
                aria-label={t.removePhoto(i + 1)}
                onClick={() => setPhotos((p) => p.filter((_, j) => j !== i))}
              >
                <img src={url} alt="" width={40} height={40} style={{ objectFit: 'cover', borderRadius: 4 }} /> ×
              </button>
            ))}
            {photos.length < MAX_PHOTOS && (
              <label className="btn small" data-testid="quick-photo-label">
                📷 {t.addPhoto(photos.length, MAX_PHOTOS)}
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  multiple
                  hidden
                  data-testid="quick-photo"
                  onChange={(e) => {
                    const files = [...(e.target.files ?? [])];
                    e.target.value = '';
                    addPhotos(files);
                  }}
                />
              </label>
            )}
          </div>
        </>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="save-error">
          {error}
        </p>
      )}
      <div className="actions">
        {props.onCancel && (
          <button type="button" className="btn" data-testid="cancel-violation" onClick={props.onCancel}>
            {tc.cancel}
          </button>
        )}
        <button
          type="button"
          className="btn primary"
          data-testid="save-violation"
          disabled={busy || props.disabled || !itemCode}
          onClick={(e) => void save(e.timeStamp)}
        >
          {busy ? tc.saving : tc.save}
        </button>
      </div>
    </div>
  );
}
