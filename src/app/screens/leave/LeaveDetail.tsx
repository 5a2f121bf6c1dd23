import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import {
  formatHalfDay,
  isApproverOf,
  isRequester,
  leaveProgress,
  leaveStage,
  leaveTypeRule,
  mayDecideAs,
  type Actor,
  type AttachmentKind,
  type LeaveRequest,
  type LeaveWindow,
  type ProgressState,
} from '../../../domain';
import type { LocalLeave, LocalSubstitute } from '../../db/database';
import { db } from '../../db/instance';
import * as actions from '../../features/leave/actions';
import { isFull, useLeaveData, type LeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { photoToKeep } from '../../features/patrol/photos';
import { formatTime, useLang, useT } from '../../i18n';
import { useUi } from '../../stores/ui';
import { CloseForm } from './CloseForm';
import { ErrorText, LeaveStatusBadge, errorText, spanText, stageText, typeName } from './parts';
import { SubstitutePanel } from './SubstitutePanel';
import { RejectionReason } from '../RejectionReason';
import { ReasonForm } from '../ReasonForm';
import { navigate } from '../../router';
import { href } from '../../routes';

type Full = LocalLeave & LeaveRequest;

/** One request: its progress step by step, and what the viewer may do with it (issue #4 points 2, 3, 5). */
export default function LeaveDetail({ id }: { id: string }) {
  const t = useLeaveT();
  const tc = useT();
  const lang = useLang();
  const data = useLeaveData();
  const leave = data.leaves.find((l) => l.id === id);
  const files = useLiveQuery(() => db.leave_files.where('leaveId').equals(id).toArray(), [id], []);
  if (!data.ready) return null;
  if (!leave) return <p className="banner note">{t.notOnPhone}</p>;
  const actor = data.actor;
  const win = data.lookups.windows.get(leave.windowId);
  const window = data.windowOf(leave.windowId);
  const substitute = data.substituteOf(leave.id);
  const full = isFull(leave) ? (leave as Full) : null;

  return (
    <section className="form" data-testid="leave-detail" data-id={leave.id} data-status={leave.status}>
      <h1>
        {data.staffName(leave.staffId)} · {full ? typeName(data.rules, full.type, lang) : t.onLeave}
      </h1>
      <div className="row-head">
        <span className="small">
          {win ? `${win.number} ${win.name}` : ''} · {spanText(leave, lang)}
          {full?.days ? ` · ${t.days(full.days)}` : ''}
        </span>
        <LeaveStatusBadge leave={leave} />
      </div>
      <p className="banner note" data-testid="leave-stage">
        {stageText(leave, substitute, data.rules, lang)}
        {leave.filedAfterwards ? ` · ${t.filedAfterwardsBadge}` : ''}
        {leave.extensionOf ? ` · ${t.extensionBadge}` : ''}
      </p>
      {leave.syncState === 'rejected' && (
        <button
          type="button"
          className="banner error"
          data-testid="leave-rejection"
          onClick={() => navigate(href('rejected'))}
        >
          <RejectionReason
            code={leave.rejectionCode}
            reason={leave.rejectionReason}
            label={t.rejectedChange}
            className=""
            inline
          />
          <span className="small">{t.seeRejected} ›</span>
        </button>
      )}
      {leave.syncState !== 'rejected' && leave.refused && (
        // A decision or change refused: the leave shows the server's state, the refusal beside it (issue 13 §6).
        <button
          type="button"
          className="banner error"
          data-testid="leave-rejection"
          data-refused="true"
          onClick={() => navigate(href('rejected'))}
        >
          <RejectionReason
            code={leave.refused.code}
            reason={leave.refused.reason}
            label={tc.notApplied}
            className=""
            inline
          />
          <span className="small">{tc.notAppliedHint} ›</span>
        </button>
      )}
      {full && (
        <>
          <div className="small" data-testid="leave-reason-text">
            <span className="muted">{t.reason}: </span>
            {full.reason}
          </div>
          <div className="small muted">
            {t.requestedBy} {full.requestedByName} · {t.submittedAt} {formatTime(full.submittedAt, lang)}
          </div>
          <Attachments leave={full} files={files} />
          <Steps leave={full} substitute={substitute} rules={data.rules} />
          {full.revocation && (
            <p className="banner warn" data-testid="revocation">
              {full.revocation.answer === null
                ? `${t.revokeWaiting}: ${full.revocation.reason}`
                : t.revokeAnswered(
                    full.revocation.answer === 'consented' ? t.consented : t.refused,
                    full.revocation.answeredByName ?? '',
                  )}
            </p>
          )}
          {full.closure && <Closure leave={full} data={data} />}
          {full.deceit && (
            <p className="banner error" data-testid="leave-deceit">
              {t.deceitFound(full.deceit.foundByName, formatTime(full.deceit.foundAt, lang))}: {full.deceit.reason}
            </p>
          )}
        </>
      )}
      <SubstitutePanel leave={leave} full={full} substitute={substitute} data={data} actor={actor} window={window} />
      {full && actor && <Actions leave={full} data={data} actor={actor} window={window} substitute={substitute} />}
      <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
        {t.back}
      </button>
    </section>
  );
}

function Attachments({ leave, files }: { leave: Full; files: { hash: string; uploaded: number }[] }) {
  const t = useLeaveT();
  if (!leave.attachments.length) return <p className="muted small">{t.noAttachments}</p>;
  return (
    <div className="small" data-testid="leave-attachments">
      <span className="muted">{t.attachments}: </span>
      {leave.attachments.map((a) => {
        const local = files.find((f) => f.hash === a.hash);
        const state = local
          ? local.uploaded === 1
            ? t.uploaded
            : local.uploaded === 2
              ? t.uploadRefused
              : t.notUploaded
          : '';
        return (
          <span key={a.hash} className="badge pending" data-testid="leave-attachment" data-kind={a.kind}>
            {t.documentKind[a.kind]}
            {a.name ? ` ${a.name}` : ''}
            {state ? ` · ${state}` : ''}
          </span>
        );
      })}
    </div>
  );
}

/** The request's progress step by step (the domain's leaveProgress): approvers, substitute, filing, 销假. */
function Steps({
  leave,
  substitute,
  rules,
}: {
  leave: Full;
  substitute: LocalSubstitute | null;
  rules: LeaveData['rules'];
}) {
  const t = useLeaveT();
  const lang = useLang();
  if (!leave.steps.length) return <p className="muted small">{t.chainByServer}</p>;
  const label: Record<ProgressState, string> = {
    done: '✓',
    current: t.stepWaiting,
    waiting: t.stepLater,
    rejected: t.stepRejected,
    skipped: '—',
  };
  return (
    <ol className="steps" data-testid="leave-steps">
      {leaveProgress(leave, substitute, rules).map((line, i) => (
        <li key={i} className={`step ${line.state}`} data-testid="leave-step" data-state={line.state}>
          <strong>{line.label[lang]}</strong> {label[line.state]}
          {line.by ? ` · ${line.by}` : ''}
          {line.at ? ` · ${formatTime(line.at, lang)}` : ''}
          {line.comment ? <div className="small">“{line.comment}”</div> : null}
        </li>
      ))}
    </ol>
  );
}

function Closure({ leave, data }: { leave: Full; data: LeaveData }) {
  const t = useLeaveT();
  const lang = useLang();
  const c = leave.closure!;
  return (
    <div className="banner ok" data-testid="leave-closure">
      <span>{t.closed(formatHalfDay(c.returnedOn)[lang])}</span>
      {c.overstayHalfDays > 0 && <span className="error-text">{t.overstay(c.overstayHalfDays)}</span>}
      {c.certificateMissing && (
        <span className="error-text">{t.countsAs(typeName(data.rules, c.effectiveType, lang))}</span>
      )}
    </div>
  );
}

/** What the viewer may do: decide the waiting step, answer a revocation, withdraw, revoke, 销假, extend, add documents. */
function Actions({
  leave,
  data,
  actor,
  window,
  substitute,
}: {
  leave: Full;
  data: LeaveData;
  actor: Actor;
  window: LeaveWindow;
  substitute: LocalSubstitute | null;
}) {
  const t = useLeaveT();
  const lang = useLang();
  const setFlash = useUi((s) => s.setFlash);
  const [comment, setComment] = useState('');
  const [mode, setMode] = useState<'none' | 'revoke' | 'close' | 'withdraw' | 'deceit'>('none');
  const [error, setError] = useState<string | null>(null);
  const user = {
    id: actor.id,
    displayName: actor.name,
    role: actor.role,
    staffId: actor.staffId,
    windowId: actor.windowId,
  };
  const requester = isRequester(leave, actor);
  // The supervision desk closes (销假) a leave the person did not close in time.
  const desk = actor.role === 'supervision';
  const stage = leave.steps.length ? leaveStage(leave, substitute, data.rules) : null;
  const myStep = stage?.kind === 'step' && !requester && mayDecideAs(actor, stage.role, window) ? stage.index : null;
  const revocationForMe =
    !!leave.revocation &&
    leave.revocation.answer === null &&
    leave.status === 'approved' &&
    !requester &&
    isApproverOf(
      actor,
      leave.steps.map((s) => s.role),
      window,
    );
  const run = (p: Promise<unknown>, flash?: string) =>
    p.then(
      () => {
        setError(null);
        setComment('');
        setMode('none');
        if (flash) setFlash(flash);
      },
      (e) => setError(errorText(e, lang)),
    );
  const pendingSync = leave.syncState === 'pending';

  return (
    <div className="form" data-testid="leave-actions">
      {myStep !== null && (
        <div className="card form" data-testid="decide">
          <label className="field">
            <span>{t.comment}</span>
            <textarea
              data-testid="decide-comment"
              value={comment}
              maxLength={300}
              onChange={(e) => setComment(e.target.value)}
            />
          </label>
          <div className="actions">
            <button
              type="button"
              className="btn danger"
              data-testid="decide-reject"
              onClick={() =>
                comment.trim()
                  ? void run(
                      actions.decideLeave(db, { leaveId: leave.id, step: myStep, approve: false, comment }, user),
                      t.decided,
                    )
                  : setError(t.rejectNeedsComment)
              }
            >
              {t.reject}
            </button>
            <button
              type="button"
              className="btn primary"
              data-testid="decide-approve"
              onClick={() =>
                void run(
                  actions.decideLeave(db, { leaveId: leave.id, step: myStep, approve: true, comment }, user),
                  t.decided,
                )
              }
            >
              {t.approve}
            </button>
          </div>
        </div>
      )}
      {revocationForMe && (
        <div className="card form" data-testid="revoke-answer">
          <label className="field">
            <span>{t.comment}</span>
            <textarea value={comment} maxLength={300} onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="actions">
            <button
              type="button"
              className="btn"
              data-testid="revoke-refuse"
              onClick={() => void run(actions.answerRevoke(db, leave.id, false, comment, user), t.decided)}
            >
              {t.refuseRevoke}
            </button>
            <button
              type="button"
              className="btn primary"
              data-testid="revoke-consent"
              onClick={() => void run(actions.answerRevoke(db, leave.id, true, comment, user), t.decided)}
            >
              {t.consent}
            </button>
          </div>
        </div>
      )}
      {!requester && desk && mode === 'none' && leave.status === 'approved' && (
        <div className="actions">
          <button type="button" className="btn primary" data-testid="leave-close" onClick={() => setMode('close')}>
            {t.close}
          </button>
        </div>
      )}
      {/* Also a leave the desk filed for the person (补办 by phone); never one's own. */}
      {desk &&
        mode === 'none' &&
        actor.staffId !== leave.staffId &&
        (leave.status === 'approved' || leave.status === 'closed') &&
        !leave.deceit && (
          <div className="actions">
            <button
              type="button"
              className="btn danger"
              data-testid="leave-deceit-open"
              onClick={() => setMode('deceit')}
            >
              {t.deceit}
            </button>
          </div>
        )}
      {mode === 'deceit' && (
        <ReasonForm
          id="deceit"
          note={t.deceitExplain}
          label={t.deceitReason}
          value={comment}
          onChange={setComment}
          onCancel={() => setMode('none')}
          submit={t.deceit}
          danger
          onSubmit={() => void run(actions.markDeceit(db, leave.id, comment, user), t.deceitSaved)}
        />
      )}
      {requester && mode === 'none' && (
        <div className="actions">
          {leave.status === 'pending' && (
            <button
              type="button"
              className="btn danger"
              data-testid="leave-withdraw"
              onClick={() => setMode('withdraw')}
            >
              {t.withdraw}
            </button>
          )}
          {leave.status === 'approved' && leave.revocation?.answer !== null && (
            <button type="button" className="btn" data-testid="leave-revoke" onClick={() => setMode('revoke')}>
              {t.revoke}
            </button>
          )}
          {leave.status === 'approved' && !pendingSync && (
            <button
              type="button"
              className="btn"
              data-testid="leave-extend"
              onClick={() => navigate(href('leaveExtend', { id: leave.id }))}
            >
              {t.extend}
            </button>
          )}
          {(leave.status === 'pending' || leave.status === 'approved') && (
            <AttachButton
              leave={leave}
              kind={leaveTypeRule(data.rules.leave, leave.type)?.attachment?.kind ?? 'other'}
              user={user}
              onError={setError}
            />
          )}
          {leave.status === 'approved' && (
            <button type="button" className="btn primary" data-testid="leave-close" onClick={() => setMode('close')}>
              {t.close}
            </button>
          )}
        </div>
      )}
      {mode === 'withdraw' && (
        <div className="confirm card">
          <p>{t.withdrawConfirm}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setMode('none')}>
              {t.cancel}
            </button>
            <button
              type="button"
              className="btn danger"
              data-testid="leave-withdraw-confirm"
              onClick={() => void run(actions.withdrawLeave(db, leave.id, user))}
            >
              {t.withdraw}
            </button>
          </div>
        </div>
      )}
      {mode === 'revoke' && (
        <ReasonForm
          id="revoke"
          label={t.revokeReason}
          value={comment}
          onChange={setComment}
          onCancel={() => setMode('none')}
          submit={t.revoke}
          onSubmit={() => void run(actions.requestRevoke(db, leave.id, comment, user))}
        />
      )}
      {mode === 'close' && <CloseForm leave={leave} data={data} user={user} onDone={() => setMode('none')} />}
      <ErrorText error={error} />
    </div>
  );
}

function AttachButton({
  leave,
  kind,
  user,
  onError,
}: {
  leave: Full;
  kind: AttachmentKind;
  user: { id: string; displayName: string };
  onError: (e: string | null) => void;
}) {
  const t = useLeaveT();
  const lang = useLang();
  return (
    <label className="btn" data-testid="leave-attach">
      📎 {t.attach}
      <input
        type="file"
        accept="image/*,application/pdf"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          void (file.type.startsWith('image/') ? photoToKeep(file) : Promise.resolve(file))
            .then((blob) => {
              if (!blob) return onError(t.fileNotAdded);
              return actions
                .attachToLeave(db, leave.id, { blob, kind, name: file.name }, user)
                .then(() => onError(null));
            })
            .catch((err) => onError(errorText(err, lang)));
        }}
      />
    </label>
  );
}
