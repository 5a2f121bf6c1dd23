import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, lazy, useState, type MouseEvent, type ReactNode } from 'react';
import { clockSkewIsLarge } from '../../domain/clock-skew';
import { DEFAULT_SCHEME } from '../../domain/scheme/default-scheme';
import { spotCheckItems } from '../../domain/scheme/items';
import type { Scheme, SchemeItem } from '../../domain/scheme/schema';
import type { LocalViolation } from '../db/database';
import { db } from '../db/instance';
import { formatTime, useLang, useT } from '../i18n';
import { RejectionReason } from './RejectionReason';
import { RefusedNote } from './RefusedNote';
import { compareText } from '../../domain/text-order';

export interface Lookups {
  windows: Map<string, { number: string; name: string; floorId: string; position: number; department: string }>;
  staff: Map<string, { name: string; windowId: string; post: string; phone?: string | null }>;
  items: Map<string, SchemeItem>;
  scheme: Scheme;
  /** False until the windows and staff are read from the phone's database. */
  loaded?: boolean;
}

/** The current scheme: the one with the largest version on the phone (default before the first pull). */
export function useCurrentScheme(): Scheme {
  const row = useLiveQuery(() => db.schemes.orderBy('version').last(), []);
  return row?.scheme ?? DEFAULT_SCHEME;
}

export function useLookups(): Lookups {
  const scheme = useCurrentScheme();
  const windows = useLiveQuery(() => db.windows.toArray(), []);
  const staff = useLiveQuery(() => db.staff.toArray(), []);
  return {
    windows: new Map((windows ?? []).map((w) => [w.id, w])),
    staff: new Map((staff ?? []).map((s) => [s.id, s])),
    items: new Map(scheme.items.map((i) => [i.code, i])),
    scheme,
    loaded: windows !== undefined && staff !== undefined,
  };
}

// The record sheet loads when a home's record is first opened, not with the home.
const RecordDetail = lazy(() => import('./RecordDetail').then((m) => ({ default: m.RecordDetail })));

/** A home's opened record in full (the sheet's chunk is fetched on the first open). */
export function OpenedRecord({ record, onClose }: { record: LocalViolation; onClose: () => void }) {
  return (
    <Suspense fallback={null}>
      <RecordDetail record={record} onClose={onClose} />
    </Suspense>
  );
}

export function checklist(scheme: Scheme): SchemeItem[] {
  return spotCheckItems(scheme);
}

export const LIST_PAGE = 100;

/**
 * The newest violations that pass `keep`, a page at a time: read newest first through the
 * observedAt index and stopped at the page size, so a phone holding thousands of records does
 * not load and render them all on every change.
 */
export function useNewestViolations(keep: (v: LocalViolation) => boolean, deps: unknown[]) {
  const [limit, setLimit] = useState(LIST_PAGE);
  const read = useLiveQuery(
    () =>
      db.violations
        .orderBy('observedAt')
        .reverse()
        .filter(keep)
        .limit(limit + 1)
        .toArray(),
    [...deps, limit],
  );
  const rows = read ?? [];
  return {
    rows: rows.slice(0, limit),
    hasMore: rows.length > limit,
    showMore: () => setLimit((n) => n + LIST_PAGE),
    loaded: read !== undefined,
  };
}

export function ShowMore({ onClick }: { onClick: () => void }) {
  const t = useT();
  return (
    <button type="button" className="btn" data-testid="show-more" onClick={onClick}>
      {t.showMore}
    </button>
  );
}

/** Newest first: by time observed, then by time recorded. */
export function newestFirst(a: LocalViolation, b: LocalViolation): number {
  return compareText(b.observedAt, a.observedAt) || compareText(b.deviceRecordedAt, a.deviceRecordedAt);
}

export function SyncBadge({ row }: { row: LocalViolation }) {
  const t = useT();
  const label =
    row.syncState === 'synced' ? t.stateSynced : row.syncState === 'rejected' ? t.stateRejected : t.statePending;
  return (
    <span className={`badge ${row.syncState}`} data-testid="sync-state" data-state={row.syncState}>
      {label}
    </span>
  );
}

/** A tap on a row opens the record, unless it lands on one of the row's own controls. */
export function openOnTap(open: (() => void) | undefined) {
  return open
    ? (e: MouseEvent) => !(e.target as Element).closest('button, a, input, select, textarea, label, summary') && open()
    : undefined;
}

/**
 * `onOpen`: the row opens the record's detail (tap, or its details button); `children`: below the row (thumbnails);
 * `as`: 'div' when the row sits inside a list item of its own (the history's row with its actions).
 */
export function ViolationRow({
  row,
  lookups,
  detailed = false,
  onOpen,
  children,
  as: Item = 'li',
}: {
  row: LocalViolation;
  lookups: Lookups;
  detailed?: boolean;
  onOpen?: (row: LocalViolation) => void;
  children?: ReactNode;
  as?: 'li' | 'div';
}) {
  const t = useT();
  const lang = useLang();
  const win = lookups.windows.get(row.windowId);
  const person = row.staffId ? (lookups.staff.get(row.staffId)?.name ?? '—') : t.window;
  const item = lookups.items.get(row.itemCode);
  const skewed = typeof row.clockSkewMs === 'number' && clockSkewIsLarge(row.clockSkewMs);
  return (
    <Item
      className={`card${onOpen ? ' record-open' : ''}`}
      data-testid="violation-row"
      data-id={row.id}
      data-sync-state={row.syncState}
      onClick={openOnTap(onOpen && (() => onOpen(row)))}
    >
      <div className="row-head">
        <strong>
          {win ? `${win.number} ${win.name}` : t.window} · {person}
        </strong>
        <SyncBadge row={row} />
      </div>
      <div>
        {item ? item.name[lang] : row.itemCode} × {row.count}
      </div>
      <div className="muted small">
        {formatTime(row.observedAt, lang)}
        {detailed && row.recordedByName ? ` · ${t.recorder} ${row.recordedByName}` : ''}
        {detailed && row.serverReceivedAt ? ` · ${t.received} ${formatTime(row.serverReceivedAt, lang)}` : ''}
        {skewed && (
          <span className="badge rejected" data-testid="skew-flag">
            {' '}
            {t.skewFlag}
          </span>
        )}
      </div>
      {row.note && <div className="small">{row.note}</div>}
      {row.syncState === 'rejected' && (
        <RejectionReason code={row.rejectionCode} reason={row.rejectionReason} testId="rejection-reason" />
      )}
      <RefusedNote row={row} />
      {children}
      {onOpen && (
        <button type="button" className="btn small" data-testid="open-record" onClick={() => onOpen(row)}>
          {t.details}
        </button>
      )}
    </Item>
  );
}
