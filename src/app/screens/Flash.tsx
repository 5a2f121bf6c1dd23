import { useT } from '../i18n';
import { useSyncStatus } from '../stores/syncStatus';
import { useUi } from '../stores/ui';

/**
 * A one-off message (e.g. "saved") that the ui store clears after a few seconds. For a change kept
 * on the phone it adds "syncs when online" only while the phone is offline or still holds unsent
 * changes (a save that has already synced does not claim otherwise).
 */
export function Flash() {
  const t = useT();
  const flash = useUi((s) => s.flash);
  const aboutSync = useUi((s) => s.flashAboutSync);
  const waiting = useSyncStatus((s) => !s.online || s.pendingCount > 0);
  if (!flash) return null;
  return (
    <p className="banner ok" role="status" data-testid="flash">
      {flash}
      {aboutSync && waiting && <span data-testid="flash-sync-note">{t.syncsLater}</span>}
    </p>
  );
}
