import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { RecordContribution } from '../../../domain/assessment/deductions';
import { LEAVE_REASON_LABEL, type LeaveRecordSource } from '../../../domain/assessment/leave-records';
import type { LocalDispute, LocalViolation } from '../../db/database';
import { db } from '../../db/instance';
import {
  cachePhotos,
  cachedPeriod,
  cachedPeriods,
  fetchPeriod,
  fetchPeriods,
  type Cached,
  type PeriodView,
} from '../../features/assessment/api';
import { hallClockText, hallMonth, previousMonth } from '../../../domain/hall-time';
import { useAssessT } from '../../features/assessment/strings';
import { windowRecordsOfMonth } from '../../features/assessment/window-records';
import { formatMonth, useLang } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { DisputeBox } from './DisputeBox';
import { useSyncStatus } from '../../stores/syncStatus';
import { navigate } from '../../router';
import { href } from '../../routes';
import { Thumbnails } from '../patrol/Thumbnails';
import { RecordDetail } from '../RecordDetail';
import { openOnTap } from '../common';
import { useT } from '../../i18n';
import { namesOf, useSchemeVersion, useHallClockText } from './names';
import './assessment.css';
import { correctedNow } from '../../sync/clock';
import { compareText } from '../../../domain/text-order';

/**
 * Verification (核实) for a window head: the window's records of the month with their photos
 * and the points the preliminary result gives them; a record is disputed with a reason, offline
 * too (outbox, mutation dispute.file); each dispute shows its status and the supervision's reason.
 */
export default function Verification() {
  const t = useAssessT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const online = useSyncStatus((s) => s.online);
  const zone = useHallZone();
  const clock = (instant: string | null | undefined) => hallClockText(instant, zone);
  const windowId = profile?.windowId ?? null;
  const [month, setMonth] = useState<string | null>(null);
  const [period, setPeriod] = useState<Cached<PeriodView> | null>(null);
  const [months, setMonths] = useState<string[]>([]);
  const [opened, setOpened] = useState<LocalViolation | null>(null);

  // Which month: the one in verification (from the server, or as last seen), else last month.
  useEffect(() => {
    let live = true;
    void (async () => {
      const fresh = await fetchPeriods(db).catch(() => null);
      const list = fresh?.ok ? fresh.body.periods : ((await cachedPeriods(db))?.value.periods ?? []);
      if (!live) return;
      const chosen =
        list.find((p) => p.state === 'verification')?.month ??
        list.find((p) => p.state !== 'published')?.month ??
        previousMonth(hallMonth(correctedNow(), zone));
      setMonths([...new Set([chosen, ...list.map((p) => p.month)])]);
      setMonth((m) => m ?? chosen);
    })();
    return () => {
      live = false;
    };
  }, [zone]);
  useEffect(() => {
    if (!month) return;
    let live = true;
    void (async () => {
      const cached = await cachedPeriod(db, month);
      if (live) setPeriod(cached);
      const fresh = await fetchPeriod(db, month).catch(() => null);
      if (live && fresh?.ok) setPeriod(await cachedPeriod(db, month));
    })();
    return () => {
      live = false;
    };
  }, [month, online]);

  const records = useLiveQuery(
    async () => (windowId && month ? windowRecordsOfMonth(db, windowId, month, zone) : []),
    [windowId, month, zone],
    [] as LocalViolation[],
  );
  const disputes = useLiveQuery(async () => (month ? await db.disputes.toArray() : []), [month], [] as LocalDispute[]);
  // A refused dispute never happened on the server: the box shows the server's (live) one, the refused one beside it.
  const byRecord = useMemo(
    () => new Map(disputes.filter((d) => d.syncState !== 'rejected').map((d) => [d.violationId, d])),
    [disputes],
  );
  const refusedByRecord = useMemo(
    () =>
      new Map(
        disputes
          .filter((d) => d.syncState === 'rejected')
          .sort((a, b) => compareText(a.filedAt, b.filedAt))
          .map((d) => [d.violationId, d]),
      ),
    [disputes],
  );
  const preliminary = period?.value.preliminary?.result ?? null;
  const names = namesOf(useSchemeVersion(preliminary?.schemeVersion), lang);
  const contributions = useMemo(() => {
    const map = new Map<string, RecordContribution>();
    const w = preliminary?.windows.find((x) => x.windowId === windowId);
    for (const c of w?.sheet.categories ?? []) for (const r of c.records) map.set(r.recordId, r);
    return map;
  }, [preliminary, windowId]);
  // A published version on the phone settles the month, whatever state was last fetched (a month
  // is published for good; the cached state may predate it when the phone went offline early).
  const publishedHere = useLiveQuery(
    async () => (month ? await db.assessments.where('month').equals(month).count() : 0),
    [month],
    0,
  );
  const staffName = useLiveQuery(
    async () => new Map((await db.staff.toArray()).map((s) => [s.id, s.name])),
    [],
    new Map<string, string>(),
  );

  // Photos are on the server; seen once online, they stay on the phone for the bus.
  useEffect(() => {
    if (!online) return;
    for (const r of records) void cachePhotos(db, r.id).catch(() => undefined);
  }, [online, records]);

  if (!profile || profile.role !== 'window_head' || !windowId)
    return (
      <section>
        <h1>{t.verify}</h1>
        <p className="banner error">{t.noAccess}</p>
      </section>
    );
  const state = publishedHere > 0 ? 'published' : (period?.value.state ?? null);
  const verifying = state === 'verification';
  const ownWindow = preliminary?.windows.find((w) => w.windowId === windowId);
  // Consequences of leave are computed by the server, not phone records: they come with the preliminary result.
  const leaveRecords = (preliminary?.leaveSources ?? []).filter((l) => l.windowId === windowId);

  return (
    <section data-testid="verification" data-month={month ?? ''} data-state={state ?? ''}>
      <h1>{month ? t.verifyTitle(formatMonth(month, lang)) : t.verify}</h1>
      {months.length > 1 && (
        <label className="field inline">
          <span>{t.month}</span>
          <select value={month ?? ''} onChange={(e) => setMonth(e.target.value)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m, lang)}
              </option>
            ))}
          </select>
        </label>
      )}
      {period ? (
        <p className={`banner ${verifying ? 'ok' : 'note'}`} data-testid="verification-state">
          {t.state}: {t.states[period.value.state] ?? period.value.state}
          {!online && <span className="small"> · {t.cachedAt(clock(period.at))}</span>}
          {!verifying && (
            <span className="small"> · {t.notInVerification(t.states[period.value.state] ?? period.value.state)}</span>
          )}
        </p>
      ) : (
        <p className="banner note">{t.stateUnknown}</p>
      )}
      {ownWindow && (
        <p data-testid="preliminary-score">
          {t.preliminaryResult}: <strong>{ownWindow.score}</strong> · {t.rank} {ownWindow.rank ?? '—'}
        </p>
      )}
      <h2>{t.windowRecords}</h2>
      {records.length === 0 && leaveRecords.length === 0 && <p className="muted">{t.noRecords}</p>}
      <ul className="list">
        {records.map((r) => (
          <RecordToVerify
            key={r.id}
            record={r}
            itemName={names.item(r.itemCode)}
            person={r.staffId ? (staffName.get(r.staffId) ?? '—') : t.theWindow}
            amount={contributions.get(r.id)?.amount ?? null}
            dispute={byRecord.get(r.id) ?? null}
            refused={refusedByRecord.get(r.id) ?? null}
            canDispute={verifying && r.status !== 'withdrawn'}
            onOpen={setOpened}
          />
        ))}
      </ul>
      {leaveRecords.length > 0 && (
        <ul className="list" data-testid="verify-leave-records">
          {leaveRecords.map((l) => (
            <LeaveRecordToVerify
              key={l.recordId}
              source={l}
              itemName={names.item(l.itemCode)}
              person={l.staffId ? (staffName.get(l.staffId) ?? '—') : t.theWindow}
              amount={contributions.get(l.recordId)?.amount ?? null}
              dispute={byRecord.get(l.recordId) ?? null}
              refused={refusedByRecord.get(l.recordId) ?? null}
              canDispute={verifying}
            />
          ))}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => navigate(href('rankings'))}>
        {t.back}
      </button>
      {opened && <RecordDetail record={opened} onClose={() => setOpened(null)} />}
    </section>
  );
}

function RecordToVerify({
  record,
  itemName,
  person,
  amount,
  dispute,
  refused,
  canDispute,
  onOpen,
}: {
  record: LocalViolation;
  itemName: string;
  person: string;
  amount: number | null;
  dispute: LocalDispute | null;
  refused: LocalDispute | null;
  canDispute: boolean;
  onOpen: (record: LocalViolation) => void;
}) {
  const clock = useHallClockText();
  const tc = useT();
  const t = useAssessT();
  return (
    <li
      className="card record-open"
      data-testid="verify-record"
      data-record-id={record.id}
      onClick={openOnTap(() => onOpen(record))}
    >
      <div className="row-head">
        <strong>
          {itemName} × {record.count} · {person}
        </strong>
        {amount !== null && <strong className="deduct">−{amount}</strong>}
      </div>
      <div className="small muted">
        {clock(record.observedAt)}
        {record.recordedByName ? ` · ${record.recordedByName}` : ''}
        {record.status === 'withdrawn' ? ` · ${t.withdrawnBadge}` : ''}
      </div>
      {record.note && <div className="small">{record.note}</div>}
      <Thumbnails violationId={record.id} />
      <button type="button" className="btn small" data-testid="open-record" onClick={() => onOpen(record)}>
        {tc.details}
      </button>
      <DisputeBox recordId={record.id} dispute={dispute} refused={refused} canDispute={canDispute} />
    </li>
  );
}

/** A consequence of leave in the preliminary result (not a phone record): why, from which leave, disputable the same way. */
function LeaveRecordToVerify({
  source,
  itemName,
  person,
  amount,
  dispute,
  refused,
  canDispute,
}: {
  source: LeaveRecordSource;
  itemName: string;
  person: string;
  amount: number | null;
  dispute: LocalDispute | null;
  refused: LocalDispute | null;
  canDispute: boolean;
}) {
  const lang = useLang();
  return (
    <li
      className="card"
      data-testid="verify-leave-record"
      data-record-id={source.recordId}
      data-reason={source.reason}
      data-source-id={source.sourceId}
    >
      <div className="row-head">
        <strong>
          {itemName} × {source.quantity} · {person}
        </strong>
        {amount !== null && <strong className="deduct">−{amount}</strong>}
      </div>
      <div className="small muted">{LEAVE_REASON_LABEL[source.reason][lang]}</div>
      <div className="small">{source.explanation[lang]}</div>
      <DisputeBox recordId={source.recordId} dispute={dispute} refused={refused} canDispute={canDispute} />
    </li>
  );
}
