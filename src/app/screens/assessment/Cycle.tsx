import { useCallback, useEffect, useState } from 'react';
import type { Dispute } from '../../../domain/assessment/disputes';
import { db } from '../../db/instance';
import {
  closeMonth,
  cycleAction,
  decideDispute,
  fetchPeriod,
  fetchPeriods,
  listDisputes,
  publishCorrection,
  recordBonus,
  recordDeduction,
  recordDisqualification,
  withdrawSectionRecord,
  returnForReview,
  type Answer,
  type PeriodView,
} from '../../features/assessment/api';
import { OfflineError } from '../../http/client';
import { hallClockText, hallMonth, previousMonth } from '../../../domain/hall-time';
import { useAssessT } from '../../features/assessment/strings';
import { useLang } from '../../i18n';
import { useHallZone, useSession } from '../../stores/session';
import { useSyncStatus } from '../../stores/syncStatus';
import { navigate } from '../../router';
import { href } from '../../routes';
import { useLookups } from '../common';
import { Explanation } from './Explanation';
import { RankingTable } from './RankingTable';
import { EvidenceList } from './Evidence';
import { BonusForm, DeductionForm, DisqualificationForm } from './SectionRecordForms';
import { SectionRecordList } from './SectionRecordList';
import { namesOf, useSchemeVersion, useHallClockText } from './names';
import './assessment.css';
import { correctedNow } from '../../sync/clock';

/**
 * The month's cycle for the supervision section and the center leader (online only, like the
 * console): close, compile the preliminary result, open verification, decide disputes, approve
 * or return (center leader), publish, publish a correction with its reason; record bonuses.
 */
export default function Cycle() {
  const t = useAssessT();
  const online = useSyncStatus((s) => s.online);
  const profile = useSession((s) => s.profile);
  const zone = useHallZone();
  const clock = (instant: string | null | undefined) => hallClockText(instant, zone);
  const [month, setMonth] = useState(() => previousMonth(hallMonth(correctedNow(), zone)));
  const [view, setView] = useState<PeriodView | null>(null);
  const [disputes, setDisputes] = useState<Dispute[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [windowId, setWindowId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const period = await fetchPeriod(db, month);
      setView(period.ok ? period.body : null);
      if (!period.ok) setMessage({ ok: false, text: t.failed(period.error ?? '') });
      const list = await listDisputes(month);
      setDisputes(list.ok ? list.body.disputes : []);
    } catch (e) {
      setMessage({ ok: false, text: e instanceof OfflineError ? t.offlineCycle : String(e) });
    }
  }, [month, t]);
  useEffect(() => {
    if (online) void load();
  }, [online, load]);
  useEffect(() => {
    if (!online) return;
    void fetchPeriods(db)
      .then((a) => {
        const open = a.ok ? a.body.periods.find((p) => p.state !== 'published') : undefined;
        if (open) setMonth(open.month);
      })
      .catch(() => undefined);
  }, [online]);

  /** Runs one step online; true when the server took it (a form then closes, else it keeps what was typed). */
  async function run(what: () => Promise<Answer<unknown>>): Promise<boolean> {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await what();
      setMessage(answer.ok ? { ok: true, text: t.done } : { ok: false, text: t.failed(answer.error ?? '') });
      await load();
      // The published version and decisions reach the phones by sync.
      void import('../../sync/app-sync').then((s) => s.syncFor('manual'));
      return answer.ok;
    } catch (e) {
      setMessage({ ok: false, text: e instanceof OfflineError ? t.offlineCycle : String(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (!profile || (profile.role !== 'supervision' && profile.role !== 'center_leader'))
    return <p className="banner error">{t.noAccess}</p>;
  const actions = view?.actions ?? [];
  const pending = disputes.filter((d) => d.status === 'pending');
  return (
    <section data-testid="cycle" data-state={view?.state ?? ''} data-month={month}>
      <h1>{t.cycle}</h1>
      <label className="field inline">
        <span>{t.month}</span>
        <input
          type="month"
          data-testid="cycle-month"
          value={month}
          onChange={(e) => e.target.value && setMonth(e.target.value)}
        />
      </label>
      {!online && (
        <p className="banner error" data-testid="cycle-offline">
          {t.offlineCycle}
        </p>
      )}
      {message && (
        <p className={`banner ${message.ok ? 'ok' : 'error'}`} data-testid="cycle-message">
          {message.text}
        </p>
      )}
      {online && view && (
        <>
          <p data-testid="cycle-state" data-state={view.state}>
            {t.state}: <strong>{t.states[view.state] ?? view.state}</strong>
            {view.pendingDisputes > 0 && (
              <span className="badge pending"> {t.pendingDisputes(view.pendingDisputes)}</span>
            )}
          </p>
          <div className="actions start">
            {actions.includes('close') && (
              <button
                type="button"
                className="btn primary"
                data-testid="action-close"
                disabled={busy}
                onClick={() => void run(() => closeMonth(month))}
              >
                {t.actions.close}
              </button>
            )}
            {(['compile', 'open_verification', 'approve', 'publish'] as const)
              .filter((a) => actions.includes(a))
              .map((a) => (
                <button
                  key={a}
                  type="button"
                  className="btn primary"
                  data-testid={`action-${a}`}
                  disabled={busy}
                  onClick={() =>
                    void run(() => cycleAction(month, a === 'open_verification' ? 'open-verification' : a))
                  }
                >
                  {t.actions[a]}
                </button>
              ))}
          </div>
          {actions.includes('return') && (
            <ReasonAction
              testId="action-return"
              label={t.actions.return}
              field={t.comment}
              busy={busy}
              onSend={(r) => run(() => returnForReview(month, r))}
            />
          )}
          {actions.includes('correct') && (
            <ReasonAction
              testId="action-correct"
              label={t.actions.correct}
              field={t.correctionReasonField}
              busy={busy}
              onSend={(r) => run(() => publishCorrection(month, r))}
            />
          )}

          {disputes.length > 0 && (
            <>
              <h2>
                {t.disputes} ({pending.length}/{disputes.length})
              </h2>
              <ul className="list">
                {disputes.map((d) => (
                  <DisputeCard
                    key={d.id}
                    dispute={d}
                    view={view}
                    canDecide={actions.includes('decide_dispute')}
                    busy={busy}
                    onDecide={(decision, reason) => run(() => decideDispute(d.id, decision, reason))}
                  />
                ))}
              </ul>
            </>
          )}
          {profile.role === 'supervision' && view.state !== 'approved' && (
            <div className="form" data-testid="section-records">
              <BonusForm month={month} busy={busy} onSave={(b) => run(() => recordBonus(month, b))} />
              <DeductionForm month={month} busy={busy} onSave={(d) => run(() => recordDeduction(month, d))} />
              <DisqualificationForm
                month={month}
                busy={busy}
                onSave={(d) => run(() => recordDisqualification(month, d))}
              />
            </div>
          )}
          {profile.role === 'supervision' && (
            <SectionRecordList
              month={month}
              refresh={view}
              editable={view.state !== 'approved' && view.state !== 'published'}
              busy={busy}
              onWithdraw={(kind, id, reason) => run(() => withdrawSectionRecord(kind, id, reason))}
            />
          )}
          {view.preliminary && (
            <>
              <h2>
                {t.preliminaryResult}{' '}
                <span className="small muted">{t.dataAsOf(clock(view.preliminary.dataAsOf))}</span>
              </h2>
              {windowId ? (
                <>
                  <button type="button" className="btn" onClick={() => setWindowId(null)}>
                    {t.back}
                  </button>
                  <Explanation result={view.preliminary.result} windowId={windowId} />
                </>
              ) : (
                <RankingTable result={view.preliminary.result} ownWindowId={null} onWindow={setWindowId} />
              )}
            </>
          )}
        </>
      )}
      <button type="button" className="btn" onClick={() => navigate(href('rankings'))}>
        {t.back}
      </button>
    </section>
  );
}

function ReasonAction({
  testId,
  label,
  field,
  busy,
  onSend,
}: {
  testId: string;
  label: string;
  field: string;
  busy: boolean;
  onSend: (reason: string) => Promise<unknown>;
}) {
  const t = useAssessT();
  const [reason, setReason] = useState('');
  return (
    <div className="card form">
      <label className="field">
        <span>{field}</span>
        <textarea data-testid={`${testId}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="actions">
        <button
          type="button"
          className="btn primary"
          data-testid={testId}
          disabled={busy || !reason.trim()}
          title={reason.trim() ? undefined : t.reasonRequired}
          onClick={() => void onSend(reason.trim()).then(() => setReason(''))}
        >
          {label}
        </button>
      </div>
    </div>
  );
}

function DisputeCard({
  dispute,
  view,
  canDecide,
  busy,
  onDecide,
}: {
  dispute: Dispute;
  view: PeriodView;
  canDecide: boolean;
  busy: boolean;
  onDecide: (d: 'uphold' | 'overturn', reason: string) => Promise<unknown>;
}) {
  const clock = useHallClockText();
  const t = useAssessT();
  const lang = useLang();
  const lookups = useLookups();
  const names = namesOf(useSchemeVersion(view.preliminary?.result.schemeVersion), lang);
  const [reason, setReason] = useState('');
  const win = lookups.windows.get(dispute.windowId);
  const contribution = view.preliminary?.result.windows
    .find((w) => w.windowId === dispute.windowId)
    ?.sheet.categories.flatMap((c) => c.records)
    .find((r) => r.recordId === dispute.violationId);
  const notCounted = view.preliminary?.result.windows
    .find((w) => w.windowId === dispute.windowId)
    ?.sheet.notCounted.find((n) => n.recordId === dispute.violationId);
  return (
    <li className="card" data-testid="dispute-card" data-dispute-id={dispute.id} data-status={dispute.status}>
      <div className="row-head">
        <strong>
          {win ? `${win.number} ${win.name}` : '—'}
          {contribution
            ? ` · ${names.item(contribution.itemCode)} −${contribution.amount}`
            : notCounted
              ? ` · ${t.notCountedReason[notCounted.reason] ?? ''}`
              : ''}
        </strong>
        <span className="badge">{t.disputeStatus[dispute.status]}</span>
      </div>
      <div className="small muted">{t.filedBy(dispute.filedByName, clock(dispute.filedAt))}</div>
      <div>
        {t.disputeReason}: {dispute.reason}
      </div>
      <EvidenceList disputeId={dispute.id} evidence={dispute.evidence ?? []} />
      {dispute.decisionReason && <div className="small">{t.decisionReason(dispute.decisionReason)}</div>}
      {canDecide && dispute.status === 'pending' && (
        <div className="form">
          <label className="field">
            <span>{t.decision}</span>
            <textarea data-testid="decision-reason-input" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="actions">
            <button
              type="button"
              className="btn"
              data-testid="uphold"
              disabled={busy || !reason.trim()}
              onClick={() => void onDecide('uphold', reason.trim())}
            >
              {t.uphold}
            </button>
            <button
              type="button"
              className="btn primary"
              data-testid="overturn"
              disabled={busy || !reason.trim()}
              onClick={() => void onDecide('overturn', reason.trim())}
            >
              {t.overturn}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
