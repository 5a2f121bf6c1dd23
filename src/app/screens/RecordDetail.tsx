import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef } from 'react';
import type { LocalViolation } from '../db/database';
import { db } from '../db/instance';
import { useRecordPhotos } from '../features/violations/record-photos';
import { useRecordT } from '../features/violations/strings';
import { formatTime, useLang, useT } from '../i18n';
import { useLookups } from './common';
import { ReturnTime } from './patrol/ReturnTime';
import { useSession } from '../stores/session';
import './record-detail.css';

/** What a list knows of a record; the phone's copy (Dexie `violations`) is preferred when it has one. */
export interface DetailRecord {
  id: string;
  windowId: string;
  staffId: string | null;
  itemCode: string;
  count: number;
  observedAt?: string;
  recordedByName?: string;
  note?: string;
  status?: 'active' | 'withdrawn';
}

/**
 * One record in full for those who judge it (issue 13.7): window, person, item, count, time,
 * recorder, note, status and its photos full size — from the phone when it has them (offline),
 * else fetched once from the server and kept on the phone.
 */
export function RecordDetail({ record, onClose }: { record: DetailRecord; onClose: () => void }) {
  const t = useRecordT();
  const tc = useT();
  const lang = useLang();
  const lookups = useLookups();
  const titleId = useId();
  const closeRef = useRef<HTMLButtonElement>(null);
  const local = useLiveQuery(() => db.violations.get(record.id), [record.id]) as LocalViolation | undefined;
  const r: DetailRecord = local ?? record;
  const profile = useSession((s) => s.profile);
  const { photos, state } = useRecordPhotos(record.id, true);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    // Focus moves into the sheet once; Escape closes it, as the close button does.
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const win = lookups.windows.get(r.windowId);
  const staff = r.staffId ? lookups.staff.get(r.staffId) : undefined;
  const item = lookups.items.get(r.itemCode);
  const rows: [string, string][] = [
    [tc.window, win ? `${win.number} ${win.name}` : '—'],
    [tc.staff, r.staffId ? (staff ? staff.name : '—') : t.theWindow],
    [tc.item, item ? item.name[lang] : '—'],
    [tc.count, String(r.count)],
    [t.time, r.observedAt ? formatTime(r.observedAt, lang) : '—'],
    [tc.recorder, r.recordedByName || '—'],
    [tc.note, r.note || '—'],
    [t.status, r.status === 'withdrawn' ? t.statusWithdrawn : t.statusActive],
  ];
  return (
    <div className="record-detail-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="record-detail"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="record-detail"
        data-record-id={record.id}
      >
        <div className="row-head">
          <h2 id={titleId}>{t.detailTitle}</h2>
          <button
            type="button"
            className="btn small"
            data-testid="record-detail-close"
            ref={closeRef}
            onClick={onClose}
          >
            {t.close}
          </button>
        </div>
        <dl>
          {rows.map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {local && profile && <ReturnTime row={local} actor={{ id: profile.id, displayName: profile.displayName }} />}
        <h3>{t.photos}</h3>
        {state === 'ready' ? (
          photos.map((p, i) => (
            <img key={p.hash} className="record-photo" src={p.url} alt={t.photoOf(i + 1)} data-testid="record-photo" />
          ))
        ) : (
          <p className="muted small" data-testid="record-photos-state" data-state={state}>
            {state === 'loading' ? t.photosLoading : state === 'offline' ? t.photosOffline : t.noPhotos}
          </p>
        )}
      </div>
    </div>
  );
}
