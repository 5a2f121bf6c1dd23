import type { InboxItem } from '../../../domain';
import { inboxFor } from '../../features/leave/inbox';
import { useLeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { useUi } from '../../stores/ui';
import { LeaveCardBody } from './parts';

/** 待我审批: the steps, revocations and substitutes waiting for this approver (offline too). */
export default function Inbox() {
  const t = useLeaveT();
  const navigate = useUi((s) => s.navigate);
  const data = useLeaveData();
  if (!data.actor) return null;
  const items = inboxFor(data.actor, data.leaves, data.substitutes, data.leaveWindows, data.rules);
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
            return leave ? (
              <li key={`${item.kind}${item.leaveId}`} className="card" data-testid="inbox-item" data-reason={item.kind} data-id={item.leaveId}>
                <span className="badge pending">{label[item.kind]}</span>
                <LeaveCardBody leave={leave} data={data} showPerson />
              </li>
            ) : null;
          })}
        </ul>
      )}
      <button type="button" className="btn" onClick={() => navigate('/leave')}>
        {t.back}
      </button>
    </section>
  );
}
