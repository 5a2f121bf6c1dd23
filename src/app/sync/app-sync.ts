import type { Profile } from '../../domain';
import { DEFAULT_HALL_TIME_ZONE } from '../../domain/hall-time';
import { META, getMeta, setMeta } from '../db/database';
import { db } from '../db/instance';
import { browserFetch, type FetchFn } from '../http/client';
import * as api from './api';
import { phoneClock } from './clock';
import { SyncEngine, prepareForUser, type SyncReason } from './engine';
import { useSession } from '../stores/session';
import { useSyncStatus } from '../stores/syncStatus';
import { useUi } from '../stores/ui';
import { rememberProfileCached } from '../profile-hint';
import { afterFirstScreen } from '../first-screen';

/**
 * The sync side of the app: the engine, signing in and out, the session check. Loaded after the
 * first screen (controller.ts starts it; issue 14): a signed-in phone shows its home from IndexedDB
 * without the engine, the outbox and the server's protocol.
 */
const fetchFn: FetchFn = browserFetch;

export const engine = new SyncEngine({
  db,
  fetch: fetchFn,
  // The one clock user actions are stamped with: the engine keeps its offset from each sync.
  phoneClock,
  getUser: () => {
    const { status, profile } = useSession.getState();
    return status === 'signed_in' && profile ? { id: profile.id } : null;
  },
  onSessionExpired: () => useSession.getState().expire(),
  // Retention (issue 14 §5): a pull writes the open months' records, not a year of them.
  keepOnPull: async () => {
    const { keptOnPull, retentionHorizon } = await import('../features/retention');
    return keptOnPull(retentionHorizon(phoneClock.now(), hallZone()));
  },
  afterStart: (work) => void afterFirstScreen(work),
});

function hallZone(): string {
  return useSession.getState().profile?.hallTimeZone ?? DEFAULT_HALL_TIME_ZONE;
}

let starting: Promise<void> | null = null;

/**
 * Restores the engine's state (last sync, clock offset) and connects it to the status bar; once,
 * when this module first loads (every use of the engine comes after it).
 */
export function startSync(): Promise<void> {
  starting ??= (async () => {
    await engine.restore().catch(() => undefined); // IndexedDB unavailable: the engine starts empty
    connectStatus();
  })();
  return starting;
}

/** A sync for one of the triggers (start, online, a write …), once the engine has started. */
export async function syncFor(reason: SyncReason): Promise<void> {
  await startSync();
  await engine.sync(reason);
}

void startSync();

function connectStatus(): void {
  engine.subscribe((s) => {
    useSyncStatus.getState().patch({
      running: s.running,
      lastSyncAt: s.lastSyncAt,
      lastError: s.lastError,
      clockSkewMs: s.clockSkewMs,
      clockSkewLarge: s.clockSkewLarge,
      transfers: s.transfers,
    });
  });

  // Now and then after a sync, the rows older than the open months go (never one with a change
  // waiting; issue 14 §5). Local work: the engine's transfers do what crosses the network.
  let pruneAfterSync: string | null = null;
  engine.subscribe((s) => {
    if (s.running || !s.lastSyncAt || s.lastSyncAt === pruneAfterSync) return;
    pruneAfterSync = s.lastSyncAt;
    // Not before the first screen: the restored last sync time announces itself at start.
    afterFirstScreen(
      () =>
        void import('../features/retention')
          .then((m) => m.pruneIfDue(db, phoneClock.now(), hallZone()))
          .catch(() => undefined),
    );
  });
}

// `npm run bench` drives the real engine and database in Chromium through /?bench, in a build made
// with --mode bench only: the production build drops this block and the bench-hook chunk.
if (
  import.meta.env.MODE === 'bench' &&
  typeof location !== 'undefined' &&
  new URLSearchParams(location.search).has('bench')
) {
  // `photos` loads the photo module (lazy in the app too) for timing its real scalePhoto;
  // `assessment` the engine as built for the phone (its chunk, as the rankings load it).
  Object.assign(globalThis, {
    __windowDuty: {
      db,
      engine,
      photos: () => import('../features/patrol/photos'),
      assessment: () => import('../features/assessment/bench-hook'),
    },
  });
}

/** Whether the server still knows the cached profile's session (and its profile is current). */
export async function checkSession(cached: Profile): Promise<void> {
  await startSync();
  const me = await api.fetchMe(fetchFn);
  if (me.kind === 'ok') {
    if (me.profile.id !== cached.id) {
      await adoptProfile(me.profile);
    } else {
      await setMeta(db, META.profile, me.profile);
      useSession.getState().signIn(me.profile);
    }
  } else if (me.kind === 'unauthenticated') {
    useSession.getState().expire();
    engine.stop();
  }
}

/** A (possibly different) user is now signed in on this phone. */
async function adoptProfile(profile: Profile): Promise<void> {
  await prepareForUser(db, profile.id);
  await setMeta(db, META.profile, profile);
  rememberProfileCached(profile.role);
  useSession.getState().signIn(profile);
  engine.resume();
  // After the home's first paint (the sync loads zod and writes IndexedDB; the home needs neither).
  afterFirstScreen(() => void engine.sync('login'));
}

export async function signIn(username: string, password: string): Promise<api.LoginResult> {
  await startSync();
  const result = await api.login(fetchFn, username, password);
  if (result.ok) {
    await adoptProfile(result.profile);
    void askPersistence();
  }
  return result;
}

/** Sign out. The user's unsent changes stay on the phone and go after they sign in again. */
export async function signOut(): Promise<void> {
  engine.stop();
  await api.logout(fetchFn);
  await db.meta.delete(META.profile);
  rememberProfileCached(null);
  useSession.getState().signOut();
  useUi.getState().setFlash(null);
}

/** Ask the browser once (after the first login) to keep our data under storage pressure. */
async function askPersistence(): Promise<void> {
  const storage = navigator.storage;
  if (!storage?.persist) {
    useSyncStatus.getState().patch({ storagePersisted: 'unsupported' });
    return;
  }
  if (await storage.persisted().catch(() => false)) {
    useSyncStatus.getState().patch({ storagePersisted: true });
    return;
  }
  const asked = await getMeta<boolean>(db, META.persistAsked);
  if (asked) {
    useSyncStatus.getState().patch({ storagePersisted: false });
    return;
  }
  await setMeta(db, META.persistAsked, true);
  const granted = await storage.persist().catch(() => false);
  useSyncStatus.getState().patch({ storagePersisted: granted });
}
