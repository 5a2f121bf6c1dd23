import type { InboxItem } from '../../../domain';
import { useState } from 'react';
import { db } from '../../db/instance';
import { confirmSubstitute } from '../../features/leave/actions';
import { inboxByLeave, inboxFor } from '../../features/leave/inbox';
import type { LeaveData } from '../../features/leave/hooks';
import { useLang } from '../../i18n';
import { useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { navigate } from '../../router';
import { href } from '../../routes';
import { ErrorText, LeaveCardBody, errorText, spanText } from './parts';

/** 待我审批: the steps, revocations and substitutes waiting for this approver (offline too). */
export default function Inbox() {
  const t = useLeaveT();
  const data = useLeaveData();
  if (!data.actor) return null;
  // One card per request, with a badge for each thing waiting on it.
  const items = inboxByLeave(inboxFor(data.actor, data.leaves, data.substitutes, data.leaveWindows, data.rules));
  const label: Record<InboxItem['kind'], string> = {
    decide: t.inbox,
    answer_revoke: t.revokeWaiting,
    arrange_substitute: t.nameSubstitute,
    confirm_substitute: t.confirmSubstitute,
  };
  return (
    <section className="form" data-testid="leave-inbox">
      <h1>{t.inbox}</h1>
      {items.length === 0 ? (
        <p className="muted" data-testid="inbox-empty">
          {t.inboxEmpty}
        </p>
      ) : (
        <ul className="list">
          {items.map((item) => {
            const leave = data.leaves.find((l) => l.id === item.leaveId);
            if (!leave && item.substituteId)
              return <ConfirmOwnCover key={item.substituteId} id={item.substituteId} data={data} />;
            return leave ? (
              <li
                key={item.leaveId}
                className="card"
                data-testid="inbox-item"
                data-reason={item.kinds[0]}
                data-reasons={item.kinds.join(' ')}
                data-id={item.leaveId}
              >
                {item.kinds.map((kind) => (
                  <span key={kind} className="badge pending">
                    {label[kind]}
                  </span>
                ))}
                <LeaveCardBody leave={leave} data={data} showPerson />
              </li>
            ) : null;
          })}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
        {t.back}
      </button>
    </section>
  );
}

/** Asked to stand in at another window: the leave itself is not this user's to see, the arrangement is. */
function ConfirmOwnCover({ id, data }: { id: string; data: LeaveData }) {
  const t = useLeaveT();
  const lang = useLang();
  const [error, setError] = useState<string | null>(null);
  const s = data.substitutes.find((x) => x.id === id);
  if (!s || !data.actor) return null;
  const win = data.lookups.windows.get(s.windowId);
  const user = {
    id: data.actor.id,
    displayName: data.actor.name,
    role: data.actor.role,
    staffId: data.actor.staffId,
    windowId: data.actor.windowId,
  };
  return (
    <li className="card form" data-testid="inbox-item" data-reason="confirm_substitute" data-id={s.leaveId}>
      <strong>
        {t.substitute}: {win ? `${win.number} ${win.name}` : ''} · {data.staffName(s.forStaffId)}
      </strong>
      <span className="small">
        {spanText(s, lang)} · {t.namedBy(s.namedByName)}
      </span>
      <button
        type="button"
        className="btn primary"
        data-testid="confirm-substitute"
        onClick={() => void confirmSubstitute(db, s.id, user).catch((e) => setError(errorText(e, lang)))}
      >
        {t.confirmSubstitute}
      </button>
      <ErrorText error={error} />
    </li>
  );
}
