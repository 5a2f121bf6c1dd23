import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { RecordViolationArgs } from '../../domain';
import { db } from '../db/instance';
import { discardRejected } from '../db/outbox';
import { describeLeaveChange, isLeaveChange } from '../features/leave/rejections';
import { usePatrolT } from '../features/patrol/strings';
import { formatTime, useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { useUi } from '../stores/ui';
import { useLookups } from './common';
import { ForwardLate } from './patrol/ForwardLate';
import { RejectionReason } from './RejectionReason';

/** Changes the server refused, with its reason; they stay until the user discards them. */
export default function Rejected() {
  const t = useT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const navigate = useUi((s) => s.navigate);
  const tp = usePatrolT();
  const lookups = useLookups();
  const userId = profile?.id ?? '';
  const entries = useLiveQuery(() => db.outbox.where('[userId+state]').equals([userId, 'rejected']).toArray(), [userId], []);
  const [confirming, setConfirming] = useState<string | null>(null);
  // Leave changes name their leave: whose and when (the rows are on the phone).
  const leaves = useLiveQuery(async () => new Map((await db.leaves.toArray()).map((l) => [l.id, l])), [], new Map());
  const staffName = (id: string) => lookups.staff.get(id)?.name ?? '—';

  return (
    <section>
      <h1>{t.rejectedTitle}</h1>
      {entries.length === 0 && (
        <p className="muted" data-testid="no-rejected">
          {t.noRejected}
        </p>
      )}
      <ul className="list">
        {entries.map((entry) => {
          const args = entry.args as Partial<RecordViolationArgs>;
          const win = args.windowId ? lookups.windows.get(args.windowId) : undefined;
          const item = args.itemCode ? lookups.items.get(args.itemCode) : undefined;
          return (
            <li key={entry.id} className="card" data-testid="rejected-row" data-id={entry.id}>
              <div className="row-head">
                <strong data-testid="rejected-title">
                  {entry.name === 'dispute.file'
                    ? `${lang === 'zh' ? '异议' : 'Dispute'}: ${(entry.args as { reason?: string }).reason ?? ''}`
                    : isLeaveChange(entry)
                      ? describeLeaveChange(entry, leaves, staffName, lang)
                      : entry.name.startsWith('round.')
                        ? `${tp.roundChange[entry.name] ?? tp.round}${win ? ` · ${win.number} ${win.name}` : ''}`
                        : `${win ? `${win.number} ${win.name}` : t.window} · ${item ? item.name[lang] : (args.itemCode ?? entry.name)} × ${args.count ?? 1}`}
                </strong>
                <span className="badge rejected">{t.stateRejected}</span>
              </div>
              <div className="muted small">{formatTime(isLeaveChange(entry) ? entry.createdAt : (args.observedAt ?? entry.createdAt), lang)}</div>
              <RejectionReason code={entry.code} reason={entry.reason} className="error-text" testId="rejected-reason" />
              {confirming === entry.id ? (
                <div className="confirm">
                  <p>{t.confirmDiscard}</p>
                  <div className="actions">
                    <button type="button" className="btn" onClick={() => setConfirming(null)}>
                      {t.cancel}
                    </button>
                    <button
                      type="button"
                      className="btn danger"
                      data-testid="discard-confirm"
                      onClick={() => {
                        setConfirming(null);
                        void discardRejected(db, entry.id);
                      }}
                    >
                      {t.confirm}
                    </button>
                  </div>
                </div>
              ) : (
                <div className="actions">
                  {entry.code === 'closed' && entry.name === 'violation.record' && <ForwardLate entryId={entry.id} />}
                  <button type="button" className="btn" data-testid="discard" onClick={() => setConfirming(entry.id)}>
                    {t.discard}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn" onClick={() => navigate('/')}>
        {t.back}
      </button>
    </section>
  );
}
