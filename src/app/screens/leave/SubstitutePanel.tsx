import { useState } from 'react';
import { mayArrangeSubstitute, mayDecideAs, type Actor, type LeaveRequest, type LeaveWindow } from '../../../domain';
import type { LocalLeave, LocalSubstitute } from '../../db/database';
import { db } from '../../db/instance';
import * as actions from '../../features/leave/actions';
import type { LeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { substituteReasonText } from '../../features/leave/substitute-reason';
import { formatTime, useLang } from '../../i18n';
import { ErrorText, errorText, spanText } from './parts';
import { RejectionReason } from '../RejectionReason';

type Full = LocalLeave & LeaveRequest;

/** 替岗 on a request (DOMAIN §7): the rule that applied, the arrangement and its badge; name, replace or confirm it. */
export function SubstitutePanel(props: {
  leave: LocalLeave;
  full: Full | null;
  substitute: LocalSubstitute | null;
  data: LeaveData;
  actor: Actor | null;
  window: LeaveWindow;
}) {
  const t = useLeaveT();
  const lang = useLang();
  const { leave, full, substitute: s, data, actor, window } = props;
  const [naming, setNaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!leave.substituteRequired && !s) return null;
  const open = leave.status === 'pending' || leave.status === 'approved';
  const mayArrange =
    !!full && !!actor && open && mayArrangeSubstitute(full, actor, window) && actor.staffId !== leave.staffId;
  const mayConfirm =
    !!s &&
    !!actor &&
    s.status === 'named' &&
    s.syncState !== 'rejected' &&
    actor.staffId !== s.forStaffId &&
    ((!!s.substituteStaffId && actor.staffId === s.substituteStaffId) ||
      mayDecideAs(actor, 'window_head', window) ||
      mayDecideAs(actor, 'dept_leader', window));
  const user = actor
    ? { id: actor.id, displayName: actor.name, role: actor.role, staffId: actor.staffId, windowId: actor.windowId }
    : null;
  return (
    <div className="card" data-testid="substitute-panel">
      <h2>{t.substitute}</h2>
      {full?.substituteReason && (
        <p className="small" data-testid="substitute-reason">
          {leave.substituteRequired ? t.substituteNeeded : t.substituteNotNeeded}
          {substituteReasonText(full.substituteReason, lang)
            ? `: ${substituteReasonText(full.substituteReason, lang)}`
            : ''}
        </p>
      )}
      {s ? (
        <div data-testid="substitute" data-status={s.status}>
          <div className="row-head">
            <strong data-testid="substitute-name">{s.substituteName}</strong>
            <span className={`badge ${s.status === 'confirmed' ? 'synced' : 'pending'}`}>
              {t.substituteState[s.status]}
            </span>
          </div>
          <div className="small muted">
            {spanText(s, lang)} · {t.namedBy(s.namedByName)}
            {s.confirmedByName ? ` · ${t.confirmedBy(s.confirmedByName)}` : ''}
            {s.reportedAt ? ` · ${t.reported(formatTime(s.reportedAt, lang))}` : ''}
          </div>
          <div className="small">
            {s.badgeIssuedAt ? t.badgeIssued(s.badgeNumber ?? '', formatTime(s.badgeIssuedAt, lang)) : t.noBadge}
            {s.badgeReturnedAt ? ` · ${t.badgeReturned(formatTime(s.badgeReturnedAt, lang))}` : ''}
          </div>
          {s.syncState === 'rejected' && (
            <RejectionReason code={s.rejectionCode} reason={s.rejectionReason} className="error-text" />
          )}
        </div>
      ) : null}
      <ErrorText error={error} />
      <div className="actions">
        {mayConfirm && user && (
          <button
            type="button"
            className="btn primary"
            data-testid="confirm-substitute"
            onClick={() => void actions.confirmSubstitute(db, s!.id, user).catch((e) => setError(errorText(e, lang)))}
          >
            {t.confirmSubstitute}
          </button>
        )}
        {mayArrange && !naming && (
          <button type="button" className="btn" data-testid="name-substitute" onClick={() => setNaming(true)}>
            {s ? t.replaceSubstitute : t.nameSubstitute}
          </button>
        )}
      </div>
      {naming && full && user && (
        <NameSubstituteForm leave={full} data={data} onDone={() => setNaming(false)} user={user} />
      )}
    </div>
  );
}

function NameSubstituteForm({
  leave,
  data,
  onDone,
  user,
}: {
  leave: Full;
  data: LeaveData;
  onDone: () => void;
  user: { id: string; displayName: string };
}) {
  const t = useLeaveT();
  const lang = useLang();
  const department = data.windowOf(leave.windowId).department;
  // Candidates: the department's staff at other windows (the department arranges the cover).
  const candidates = [...data.lookups.staff.entries()]
    .filter(([id, s]) => id !== leave.staffId && data.lookups.windows.get(s.windowId)?.department === department)
    .map(([id, s]) => ({
      id,
      name: s.name,
      window: data.lookups.windows.get(s.windowId)?.number ?? '',
      phone: s.phone ?? '',
    }));
  const [staffId, setStaffId] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = candidates.find((c) => c.id === staffId);
  const finalName = chosen ? chosen.name : name.trim();
  return (
    <div className="form" data-testid="substitute-form">
      <label className="field">
        <span>{t.substituteFromStaff}</span>
        <select
          data-testid="substitute-staff"
          value={staffId}
          onChange={(e) => {
            setStaffId(e.target.value);
            // The staff list knows the person's phone: fill it in (the head may still change it).
            const picked = candidates.find((c) => c.id === e.target.value);
            if (picked) setPhone(picked.phone);
          }}
        >
          <option value="">—</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.window} {c.name}
            </option>
          ))}
        </select>
      </label>
      {!chosen && (
        <label className="field">
          <span>{t.orTypeName}</span>
          <input
            data-testid="substitute-typed-name"
            value={name}
            maxLength={40}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      )}
      <label className="field">
        <span>{t.substitutePhone}</span>
        <input
          data-testid="substitute-phone"
          inputMode="tel"
          value={phone}
          maxLength={20}
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" className="btn" onClick={onDone}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="btn primary"
          data-testid="substitute-save"
          disabled={!finalName}
          onClick={() =>
            void actions
              .nameSubstitute(
                db,
                {
                  leaveId: leave.id,
                  substituteStaffId: chosen?.id ?? null,
                  substituteName: finalName,
                  substitutePhone: phone || null,
                },
                user,
              )
              .then(onDone, (e) => setError(errorText(e, lang)))
          }
        >
          {t.save}
        </button>
      </div>
    </div>
  );
}
