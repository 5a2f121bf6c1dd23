import { cachedRole, profileProbablyCached } from './profile-hint';
import { preloadHome } from './screens/home-screen';
import { useSession } from './stores/session';
import { afterFirstScreen } from './first-screen';
import { whenIdle } from './idle';

export { whenIdle };

/**
 * The data layer (Dexie, the sync engine; zod later, on the first sync or write) as one lazily
 * loaded module, started once. A phone with nobody signed in gets the sign-in screen without
 * waiting for it: whether a profile is cached is known from a localStorage hint, kept in step by
 * the controller; the data layer then loads after the sign-in screen has rendered.
 */
let loading: Promise<typeof import('./controller')> | null = null;

export function dataLayer(): Promise<typeof import('./controller')> {
  loading ??= import('./controller').then(async (controller) => {
    await controller.startApp();
    return controller;
  });
  return loading;
}

/**
 * The mutations' zod schemas, before a write needs them: asked for when a screen other than the
 * home opens (the record sheet, a round, a leave form …), once the page is idle. Not at start: zod
 * builds every schema with its methods bound to it, a long task (~100 ms unthrottled here) in the
 * seconds after the home has shown; the home's own writes (start a round) load them when tapped.
 */
export function preloadMutationSchemas(): void {
  if (useSession.getState().status !== 'signed_in') return;
  afterFirstScreen(
    () => void import('./db/outbox').then((outbox) => outbox.loadMutationSchemas()).catch(() => undefined),
  );
}

/**
 * App start: with a cached profile the data layer loads at once (the home reads IndexedDB);
 * without one the sign-in screen shows straight away and starts the data layer once it has
 * rendered (Login). If a profile turns out to be cached after all (the hint lost), startApp
 * signs it in as before.
 */
export function startDataLayer(): void {
  if (profileProbablyCached()) {
    void dataLayer();
    prefetchHome();
  } else useSession.getState().setReady();
}

/**
 * Loads the role's home beside the data layer instead of after it (the HTML has usually preloaded
 * its chunks already: vite.config.ts homePreload); once loaded, the home renders without suspending.
 * The role is the hint's; should the profile say otherwise, the home it names loads when shown.
 */
function prefetchHome(): void {
  const role = cachedRole();
  if (role) preloadHome(role).catch(() => undefined);
}
