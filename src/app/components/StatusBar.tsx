import { useEffect, useState } from 'react';
import { formatTime, useLang, useT } from '../i18n';
import { useSession } from '../stores/session';
import { NETWORK_UNREACHABLE } from '../stores/syncStatus';
import { STALE_PENDING_MS, useSyncStatus } from '../stores/syncStatus';
import { useUi } from '../stores/ui';

/** Shown on every screen: connection, queue, last sync, and anything the user must act on. */
export function StatusBar() {
  const t = useT();
  const lang = useLang();
  const s = useSyncStatus();
  const status = useSession((x) => x.status);
  const navigate = useUi((x) => x.navigate);
  const path = useUi((x) => x.path);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const stale = s.oldestPendingAt !== null && now - s.oldestPendingAt > STALE_PENDING_MS;
  // The queue and the last sync are a signed-in user's; nobody's before signing in.
  const signedOut = status === 'signed_out';

  return (
    <header className="statusbar" role="status" aria-live="polite">
      <div className="statusbar-row">
        <span data-testid="online-state" data-online={s.online ? 'true' : 'false'} className={s.online ? 'pill ok' : 'pill off'}>
          {s.online ? t.online : t.offline}
        </span>
        {!signedOut && (
          <button
            type="button"
            className="pill link"
            data-testid="sync-pending-count"
            data-count={s.pendingCount}
            onClick={() => void import('../controller').then((c) => c.engine.sync('manual'))}
            title={t.syncNow}
          >
            {s.running ? t.syncing : t.pending(s.pendingCount)}
          </button>
        )}
        {!signedOut && (
          <span className="muted small" data-testid="last-sync">
            {s.lastSyncAt ? t.lastSync(formatTime(s.lastSyncAt, lang)) : t.neverSynced}
          </span>
        )}
      </div>
      {s.stuckCount > 0 && path !== '/rejected' && (
        <button type="button" className="banner error" data-testid="stuck-link" data-count={s.stuckCount} onClick={() => navigate('/rejected')}>
          {t.stuckLink(s.stuckCount)} ›
        </button>
      )}
      {s.rejectedCount > 0 && path !== '/rejected' && (
        <button type="button" className="banner warn" data-testid="rejected-link" onClick={() => navigate('/rejected')}>
          {t.rejectedLink(s.rejectedCount)} ›
        </button>
      )}
      {status === 'expired' && path !== '/login' && (
        <div className="banner warn" data-testid="session-expired">
          <span>{t.sessionExpired}</span>
          <button type="button" className="btn small" data-testid="relogin" onClick={() => navigate('/login')}>
            {t.signIn}
          </button>
        </div>
      )}
      {stale && (
        <div className="banner warn" data-testid="stale-warning">
          {t.stale}
        </div>
      )}
      {s.lastError && status !== 'expired' && (s.online || s.lastError !== NETWORK_UNREACHABLE) && (
        <div className="banner error" data-testid="sync-error">
          {s.lastError === NETWORK_UNREACHABLE ? t.unreachable : t.syncError(s.lastError)}
        </div>
      )}
      {s.storagePersisted === false && (
        <div className="banner note" data-testid="storage-not-persisted">
          {t.storageRefused}
        </div>
      )}
      {s.clockSkewLarge && s.clockSkewMs !== null && (
        <div className="banner warn" data-testid="clock-skew-warning">
          {t.clockSkew(Math.round(Math.abs(s.clockSkewMs) / 60_000))}
        </div>
      )}
    </header>
  );
}
