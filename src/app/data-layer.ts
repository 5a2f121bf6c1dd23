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
    // The mutations' zod schemas, before the first tap needs them (once the first screen has shown).
    // Not on the sign-in screen: nothing is written before signing in, and the first sync or write
    // loads them anyway (a write awaits them).
    afterFirstScreen(() => {
      if (useSession.getState().status !== 'signed_in') return;
      void import('./db/outbox').then((outbox) => outbox.loadMutationSchemas()).catch(() => undefined);
    });
    return controller;
  });
  return loading;
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
