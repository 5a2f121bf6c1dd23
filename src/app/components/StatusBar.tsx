import { useEffect, useState, type ReactNode } from 'react';
import { formatTime, useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { NETWORK_UNREACHABLE } from '../stores/syncStatus';
import { STALE_PENDING_MS, useSyncStatus } from '../stores/syncStatus';
import { useDismissed } from './dismissed';
import { navigate, useRoute } from '../router';
import { href } from '../routes';

/**
 * Shown on every screen: connection, queue, last sync, and anything the user must act on — in one
 * line (issue 13 §8: on a 360×640 phone the bar and the navigation take at most 15 % of the
 * height). Changes to act on are short links in the line; notices open below on demand and can be
 * closed for the session.
 */
export function StatusBar() {
  const t = useT();
  const lang = useLang();
  const s = useSyncStatus();
  const status = useSession((x) => x.status);
  const route = useRoute();
  const { isDismissed, dismiss } = useDismissed();
  const [open, setOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const stale = s.oldestPendingAt !== null && now - s.oldestPendingAt > STALE_PENDING_MS;
  // The queue and the last sync are a signed-in user's; nobody's before signing in.
  const signedOut = status === 'signed_out';
  const elsewhere = route?.name !== 'rejected';

  const notices: { key: string; testId: string; tone: string; text: ReactNode }[] = [];
  if (stale) notices.push({ key: 'stale', testId: 'stale-warning', tone: 'warn', text: t.stale });
  if (s.lastError && status !== 'expired' && (s.online || s.lastError !== NETWORK_UNREACHABLE)) {
    notices.push({
      key: `error:${s.lastError}`,
      testId: 'sync-error',
      tone: 'error',
      text: s.lastError === NETWORK_UNREACHABLE ? t.unreachable : t.syncError(s.lastError),
    });
  }
  if (s.storagePersisted === false)
    notices.push({ key: 'storage', testId: 'storage-not-persisted', tone: 'note', text: t.storageRefused });
  if (s.clockSkewLarge && s.clockSkewMs !== null) {
    const minutes = Math.round(Math.abs(s.clockSkewMs) / 60_000);
    notices.push({
      key: `skew:${Math.round(minutes / 60)}`,
      testId: 'clock-skew-warning',
      tone: 'warn',
      text: t.clockSkew(minutes),
    });
  }
  const uploads = (['photos', 'leaveFiles', 'disputeFiles'] as const).map((kind) => ({ kind, ...s.transfers[kind] }));
  for (const u of uploads) {
    if (u.refused > 0)
      notices.push({
        key: `refused:${u.kind}:${u.refused}`,
        testId: `transfer-refused-${u.kind}`,
        tone: 'warn',
        text: t.transferRefused(u.kind, u.refused, u.refusedStatus),
      });
    if (u.stopped === 'server_error' && u.waiting > 0)
      notices.push({
        key: `transfer-error:${u.kind}`,
        testId: `transfer-error-${u.kind}`,
        tone: 'warn',
        text: t.transferRetrying(u.kind),
      });
  }
  const shown = notices.filter((n) => !isDismissed(n.key));
  const worst = shown.some((n) => n.tone === 'error')
    ? 'error'
    : shown.some((n) => n.tone === 'warn')
      ? 'warn'
      : 'note';
  const rejectedKey = `rejected:${s.rejectedCount}`;

  return (
    <header className="statusbar" role="status" aria-live="polite">
      <div className="statusbar-row">
        <span
          data-testid="online-state"
          data-online={s.online ? 'true' : 'false'}
          className={s.online ? 'pill ok' : 'pill off'}
        >
          {s.online ? t.online : t.offline}
        </span>
        {!signedOut && (
          <button
            type="button"
            className="pill link"
            data-testid="sync-pending-count"
            data-count={s.pendingCount}
            onClick={() => void import('../sync/app-sync').then((s) => s.syncFor('manual'))}
            title={t.syncNow}
          >
            {s.running ? t.syncing : t.pending(s.pendingCount)}
          </button>
        )}
        {!signedOut && (
          <span className="muted small statusbar-sync" data-testid="last-sync">
            {s.lastSyncAt ? t.lastSync(formatTime(s.lastSyncAt, lang)) : t.neverSynced}
          </span>
        )}
        {!signedOut &&
          uploads
            .filter((u) => u.waiting > 0)
            .map((u) => (
              <span
                key={u.kind}
                className="pill muted small"
                data-testid={`transfer-waiting-${u.kind}`}
                data-count={u.waiting}
              >
                {t.transferWaiting(u.kind, u.waiting)}
              </span>
            ))}
        {s.stuckCount > 0 && elsewhere && (
          <button
            type="button"
            className="pill chip error"
            data-testid="stuck-link"
            data-count={s.stuckCount}
            title={t.stuckLink(s.stuckCount)}
            onClick={() => navigate(href('rejected'))}
          >
            {t.stuckShort(s.stuckCount)} ›
          </button>
        )}
        {s.rejectedCount > 0 && elsewhere && !isDismissed(rejectedKey) && (
          <span className="chip-group">
            <button
              type="button"
              className="pill chip warn"
              data-testid="rejected-link"
              onClick={() => navigate(href('rejected'))}
            >
              {t.rejectedLink(s.rejectedCount)} ›
            </button>
            <button
              type="button"
              className="chip-close"
              data-testid="rejected-dismiss"
              aria-label={t.dismiss}
              onClick={() => dismiss(rejectedKey)}
            >
              ×
            </button>
          </span>
        )}
        {shown.length > 0 && (
          <button
            type="button"
            className={`pill chip ${worst}`}
            data-testid="status-details-toggle"
            data-count={shown.length}
            aria-expanded={open}
            aria-label={open ? t.hideDetails : t.showDetails}
            onClick={() => setOpen(!open)}
          >
            {t.notices(shown.length)} {open ? '▴' : '▾'}
          </button>
        )}
      </div>
      {status === 'expired' && route?.name !== 'login' && (
        <div className="banner warn" data-testid="session-expired">
          <span>{t.sessionExpired}</span>
          <button type="button" className="btn small" data-testid="relogin" onClick={() => navigate(href('login'))}>
            {t.signIn}
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <div className="statusbar-details" data-testid="status-details" hidden={!open}>
          {shown.map((n) => (
            <div key={n.key} className={`banner ${n.tone}`} data-testid={n.testId}>
              <span>{n.text}</span>
              <button
                type="button"
                className="chip-close"
                data-testid={`${n.testId}-dismiss`}
                aria-label={t.dismiss}
                onClick={() => dismiss(n.key)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
      )}
    </header>
  );
}
