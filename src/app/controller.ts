import type { Profile } from '../domain';
import { META, getMeta, getSyncMeta } from './db/database';
import { db } from './db/instance';
import type * as api from './sync/api';
import { clockSkewWarns, phoneClock } from './sync/clock';
import { startSyncTriggers } from './sync/triggers';
import { useSession } from './stores/session';
import { useSyncStatus } from './stores/syncStatus';
import { rememberProfileCached } from './profile-hint';
import { afterFirstScreen } from './first-screen';

/**
 * The data layer's start: what the first screen needs (the cached profile, the last sync time, the
 * clock offset, the outbox counts). The sync engine, the outbox and the server's protocol load
 * after the first screen (sync/app-sync.ts), or at once when someone signs in.
 */
const appSync = () => import('./sync/app-sync');

function isProfile(value: unknown): value is Profile {
  const p = value as Partial<Profile> | null;
  return !!p && typeof p.id === 'string' && typeof p.role === 'string' && typeof p.username === 'string';
}

/** Open the app: the cached profile lets it start offline; the server is asked in the background. */
export async function startApp(): Promise<void> {
  const session = useSession.getState();
  let cached: unknown = null;
  try {
    const [profile, last] = await Promise.all([getMeta<Profile>(db, META.profile), getSyncMeta(db)]);
    cached = profile;
    // What the engine restores, for the first screen: actions stamped right, the last sync shown.
    phoneClock.setSkew(last.clockSkewMs);
    useSyncStatus.getState().patch({ ...last, clockSkewLarge: clockSkewWarns(last.clockSkewMs) });
  } catch {
    /* IndexedDB unavailable: behave as signed out */
  }
  rememberProfileCached(isProfile(cached) ? cached.role : null);
  if (isProfile(cached)) session.signIn(cached);
  else session.setReady();
  void refreshStoragePersisted();

  startSyncTriggers({
    // Nobody signed in: nothing to sync, and the engine need not load for the sign-in screen.
    sync: (reason) => {
      if (useSession.getState().status !== 'signed_in') return;
      void appSync()
        .then((s) => s.syncFor(reason))
        .catch(() => undefined);
    },
    db,
    onCounts: (counts) => useSyncStatus.getState().patch(counts),
    onOnline: (online) => useSyncStatus.getState().patch({ online }),
  });

  // The server is asked once the home has shown: its answer (and the re-render it brings) would
  // otherwise hold back the home's first paint on a slow network.
  if (isProfile(cached))
    afterFirstScreen(
      () =>
        void appSync()
          .then((s) => s.checkSession(cached))
          .catch(() => undefined),
    );
}

export async function signIn(username: string, password: string): Promise<api.LoginResult> {
  return (await appSync()).signIn(username, password);
}

/** Unsent outbox entries of this user, waiting or stuck (logout warns when > 0). */
export async function pendingFor(userId: string): Promise<number> {
  const [pending, stuck] = await Promise.all(
    ['pending', 'stuck'].map((state) => db.outbox.where('[userId+state]').equals([userId, state]).count()),
  );
  return pending! + stuck!;
}

async function refreshStoragePersisted(): Promise<void> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persisted) {
    useSyncStatus.getState().patch({ storagePersisted: 'unsupported' });
    return;
  }
  const persisted = await storage.persisted().catch(() => false);
  const asked = await getMeta<boolean>(db, META.persistAsked).catch(() => false);
  // Before the first ask the answer is unknown, not "refused".
  useSyncStatus.getState().patch({ storagePersisted: persisted ? true : asked ? false : null });
}
