import { inboxFor, type InboxReason } from '../../features/leave/inbox';
import { useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { useUi } from '../../stores/ui';
import { LeaveCard } from './parts';

/** 待我审批: the steps, revocations and substitutes waiting for this approver (offline too). */
export default function Inbox() {
  const t = useLeaveT();
  const navigate = useUi((s) => s.navigate);
  const data = useLeaveData();
  if (!data.actor) return null;
  const items = inboxFor(data.actor, data.leaves, data.substitutes, data.windowOf, data.rules);
  const label: Record<InboxReason, string> = {
    step: t.inbox,
    revocation: t.revokeWaiting,
    substitute_name: t.nameSubstitute,
    substitute_confirm: t.confirmSubstitute,
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
          {items.map(({ leave, reason }) => (
            <div key={leave.id} data-testid="inbox-item" data-reason={reason} data-id={leave.id}>
              <span className="badge pending">{label[reason]}</span>
              <LeaveCard leave={leave} data={data} showPerson />
            </div>
          ))}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => navigate('/leave')}>
        {t.back}
      </button>
    </section>
  );
}
