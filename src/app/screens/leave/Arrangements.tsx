import { useState } from 'react';
import type { LocalSubstitute } from '../../db/database';
import { db } from '../../db/instance';
import { issueBadge, returnBadge } from '../../features/leave/actions';
import { useLeaveData, type LeaveData } from '../../features/leave/hooks';
import { useLeaveT } from '../../features/leave/strings';
import { formatTime, useLang } from '../../i18n';
import { Link, navigate } from '../../router';
import { href } from '../../routes';
import { ErrorText, errorText, spanText } from './parts';
import { RefusedNote } from '../RefusedNote';
import { RejectionReason } from '../RejectionReason';
import { compareText } from '../../../domain/text-order';

/** 替岗报备 (issue #4 point 3): the supervision section sees the reported arrangements and logs the temporary badge. */
export default function Arrangements() {
  const t = useLeaveT();
  const data = useLeaveData();
  const list = data.substitutes
    .filter((s) => s.status !== 'cancelled')
    .sort((a, b) => compareText(b.from.date, a.from.date));
  return (
    <section className="form" data-testid="arrangements">
      <h1>{t.arrangements}</h1>
      {list.length === 0 && <p className="muted">{t.noArrangements}</p>}
      <ul className="list">
        {list.map((s) => (
          <Arrangement key={s.id} s={s} data={data} />
        ))}
      </ul>
      <button type="button" className="btn" onClick={() => navigate(href('leave'))}>
        {t.back}
      </button>
    </section>
  );
}

function Arrangement({ s, data }: { s: LocalSubstitute; data: LeaveData }) {
  const t = useLeaveT();
  const lang = useLang();
  const [badge, setBadge] = useState('');
  const [error, setError] = useState<string | null>(null);
  const actor = data.actor;
  const user = actor
    ? { id: actor.id, displayName: actor.name, role: actor.role, staffId: actor.staffId, windowId: actor.windowId }
    : null;
  const win = data.lookups.windows.get(s.windowId);
  const isSupervision = actor?.role === 'supervision';
  return (
    <li className="card form" data-testid="arrangement" data-id={s.id} data-status={s.status}>
      <Link to={href('leaveDetail', { id: s.leaveId })} className="card-button">
        <div className="row-head">
          <strong>
            {win?.number} · {s.substituteName} → {data.staffName(s.forStaffId)}
          </strong>
          <span className={`badge ${s.status === 'confirmed' ? 'synced' : 'pending'}`}>
            {t.substituteState[s.status]}
          </span>
        </div>
        <div className="small">{spanText(s, lang)}</div>
        <div className="small muted">
          {t.namedBy(s.namedByName)}
          {s.confirmedByName ? ` · ${t.confirmedBy(s.confirmedByName)}` : ''}
          {s.reportedAt ? ` · ${t.reported(formatTime(s.reportedAt, lang))}` : ''}
        </div>
        <div className="small" data-testid="arrangement-badge">
          {s.badgeIssuedAt ? t.badgeIssued(s.badgeNumber ?? '', formatTime(s.badgeIssuedAt, lang)) : t.noBadge}
          {s.badgeReturnedAt ? ` · ${t.badgeReturned(formatTime(s.badgeReturnedAt, lang))}` : ''}
        </div>
      </Link>
      {s.syncState === 'rejected' && (
        <RejectionReason code={s.rejectionCode} reason={s.rejectionReason} className="error-text" />
      )}
      <RefusedNote row={s} />
      {isSupervision && user && s.status === 'confirmed' && !s.badgeIssuedAt && (
        <div className="segmented">
          <input
            aria-label={t.badgeNumber}
            placeholder={t.badgeNumber}
            data-testid="badge-number"
            value={badge}
            maxLength={20}
            onChange={(e) => setBadge(e.target.value)}
          />
          <button
            type="button"
            className="btn primary"
            data-testid="badge-issue"
            disabled={!badge.trim()}
            onClick={() =>
              void issueBadge(db, s.id, badge, user).then(
                () => setError(null),
                (e) => setError(errorText(e, lang)),
              )
            }
          >
            {t.issueBadge}
          </button>
        </div>
      )}
      {isSupervision && user && s.badgeIssuedAt && !s.badgeReturnedAt && (
        <button
          type="button"
          className="btn"
          data-testid="badge-return"
          onClick={() =>
            void returnBadge(db, s.id, user).then(
              () => setError(null),
              (e) => setError(errorText(e, lang)),
            )
          }
        >
          {t.returnBadge}
        </button>
      )}
      <ErrorText error={error} />
    </li>
  );
}
