import { useEffect, useState } from 'react';
import type { Workbox } from 'workbox-window';
import { afterFirstScreen } from '../first-screen';
import { useT } from '../i18n';

/** Set when the user taps "reload" on the update banner. */
let reloadRequested = false;

/**
 * Registers the service worker (production only). A new version waits until the user taps
 * "reload" — never reload under someone mid-entry.
 */
export function UpdatePrompt() {
  const t = useT();
  const [wb, setWb] = useState<Workbox | null>(null);
  useEffect(() => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    let cancelled = false;
    // After the first screen: the worker's script and its precache need nothing the screen waits for.
    const cancelWait = afterFirstScreen(
      () =>
        void import('workbox-window').then(({ Workbox }) => {
          if (cancelled) return;
          const workbox = new Workbox('/sw.js', { scope: '/' });
          workbox.addEventListener('waiting', () => setWb(workbox));
          workbox.addEventListener('controlling', (event) => {
            // The first install also fires "controlling" (clientsClaim): only an update reloads.
            // isUpdate is false when this same page saw the first install, so the user's tap counts too.
            if (event.isUpdate || reloadRequested) window.location.reload();
          });
          void workbox.register().catch(() => {});
        }),
    );
    return () => {
      cancelled = true;
      cancelWait();
    };
  }, []);
  if (!wb) return null;
  return (
    <div className="banner update" data-testid="update-banner">
      <span>{t.updateAvailable}</span>
      <button
        type="button"
        className="btn small"
        data-testid="update-reload"
        onClick={() => {
          reloadRequested = true;
          wb.messageSkipWaiting();
        }}
      >
        {t.reload}
      </button>
    </div>
  );
}
