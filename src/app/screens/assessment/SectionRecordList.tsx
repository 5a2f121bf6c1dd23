import { useEffect, useState } from 'react';
import type { BonusEntry, DisqualificationEntry, RecordLike } from '../../../domain/assessment';
import { request } from '../../features/assessment/api';
import { useAssessT } from '../../features/assessment/strings';
import { useLang } from '../../i18n';
import { useLookups } from '../common';
import { ReasonForm } from '../ReasonForm';
import { RecordDetail, type DetailRecord } from '../RecordDetail';
import { openOnTap } from '../common';
import { Thumbnails } from '../patrol/Thumbnails';
import { useT } from '../../i18n';
import { namesOf, useSchemeVersion } from './names';

/** A row of GET /api/assessments/:month/deductions. */
type SectionDeduction = RecordLike & { status: 'active' | 'withdrawn'; source: string; note: string };

export type SectionRecordKind = 'deduction' | 'bonus' | 'disqualification';

interface Row {
  kind: SectionRecordKind;
  id: string;
  windowId: string;
  what: string;
  status: 'active' | 'withdrawn';
  /** A deduction is a record with evidence: it opens in full. */
  record?: DetailRecord;
}

/**
 * What the supervision section entered for the month (deductions from other sources, bonuses,
 * disqualifications), each withdrawable with a reason while the month is editable — a wrong entry
 * is taken back, never edited in place (the audit log keeps both).
 */
export function SectionRecordList({
  month,
  refresh,
  editable,
  busy,
  onWithdraw,
}: {
  month: string;
  refresh: unknown;
  editable: boolean;
  busy: boolean;
  onWithdraw: (kind: SectionRecordKind, id: string, reason: string) => Promise<boolean>;
}) {
  const t = useAssessT();
  const lang = useLang();
  const lookups = useLookups();
  const names = namesOf(useSchemeVersion(null), lang);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState<DetailRecord | null>(null);
  const tc = useT();

  useEffect(() => {
    let live = true;
    void (async () => {
      const [deductions, bonuses, disqualifications] = await Promise.all([
        request<{ deductions: SectionDeduction[] }>('GET', `/api/assessments/${month}/deductions`).catch(() => null),
        request<{ bonuses: BonusEntry[] }>('GET', `/api/assessments/${month}/bonuses`).catch(() => null),
        request<{ disqualifications: DisqualificationEntry[] }>(
          'GET',
          `/api/assessments/${month}/disqualifications`,
        ).catch(() => null),
      ]);
      if (!live) return;
      setRows([
        ...(deductions?.ok ? deductions.body.deductions : []).map((d): Row => ({
          kind: 'deduction',
          id: d.id,
          windowId: d.windowId,
          status: d.status,
          what: `${names.item(d.itemCode)} × ${d.count} · ${t.source[d.source] ?? d.source}${d.note ? ` · ${d.note}` : ''}`,
          record: {
            id: d.id,
            windowId: d.windowId,
            staffId: d.staffId,
            itemCode: d.itemCode,
            count: d.count,
            observedAt: d.observedAt,
            note: d.note,
            status: d.status,
          },
        })),
        ...(bonuses?.ok ? bonuses.body.bonuses : []).map((b): Row => ({
          kind: 'bonus',
          id: b.id,
          windowId: b.windowId,
          status: b.status,
          what: `${t.bonus} +${b.points} · ${b.eventId}`,
        })),
        ...(disqualifications?.ok ? disqualifications.body.disqualifications : []).map((d): Row => ({
          kind: 'disqualification',
          id: d.id,
          windowId: d.windowId,
          status: d.status,
          what: `${names.disqualification(d.code)}（${d.reason}）`,
        })),
      ]);
    })();
    return () => {
      live = false;
    };
    // refresh: the cycle view reloaded after a step (a new entry or a withdrawal)
  }, [month, refresh, lang]);

  if (!rows?.length) return null;
  return (
    <>
      <h2>{t.sectionRecords}</h2>
      <ul className="list" data-testid="section-records-list">
        {rows.map((r) => {
          const w = lookups.windows.get(r.windowId);
          return (
            <li
              key={r.id}
              className={`card small${r.record ? ' record-open' : ''}`}
              data-testid="section-record"
              data-kind={r.kind}
              data-id={r.id}
              data-status={r.status}
              onClick={openOnTap(r.record && (() => setOpened(r.record!)))}
            >
              <div className="row-head">
                <span>
                  <strong>{w ? `${w.number} ${w.name}` : ''}</strong> · {r.what}
                </span>
                {r.status === 'withdrawn' ? (
                  <span className="badge rejected">{t.withdrawnBadge}</span>
                ) : (
                  editable &&
                  open !== r.id && (
                    <button
                      type="button"
                      className="btn small"
                      data-testid="section-record-withdraw"
                      onClick={() => (setOpen(r.id), setReason(''))}
                    >
                      {t.withdraw}
                    </button>
                  )
                )}
              </div>
              {r.record && (
                <>
                  <Thumbnails violationId={r.id} fetchMissing />
                  <button
                    type="button"
                    className="btn small"
                    data-testid="open-record"
                    onClick={() => setOpened(r.record!)}
                  >
                    {tc.details}
                  </button>
                </>
              )}
              {open === r.id && (
                <ReasonForm
                  id="section-record-withdraw"
                  className="form"
                  label={t.withdrawReason}
                  value={reason}
                  onChange={setReason}
                  onCancel={() => setOpen(null)}
                  submit={t.withdraw}
                  danger
                  busy={busy}
                  onSubmit={() => void onWithdraw(r.kind, r.id, reason.trim()).then((ok) => ok && setOpen(null))}
                />
              )}
            </li>
          );
        })}
      </ul>
      {opened && <RecordDetail record={opened} onClose={() => setOpened(null)} />}
    </>
  );
}
