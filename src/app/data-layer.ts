import { cachedRole, profileProbablyCached } from './profile-hint';
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
    prefetchHome(cachedRole());
  } else useSession.getState().setReady();
}

/**
 * Fetches the home screen's chunks beside the data layer instead of after it (the home is two lazy
 * levels deep: Home, then the role's screen). Only a head start: App and Home still decide what
 * shows, so a wrong guess costs bytes, never behaviour. Mirrors Home.tsx without importing
 * domain/roles (zod) into the shell.
 */
function prefetchHome(role: string | null): void {
  const ignore = () => undefined;
  import('./screens/Home').catch(ignore);
  if (role === 'supervision' || role === 'center_leader') import('./screens/SupervisionHome').catch(ignore);
  else if (role === 'duty_leader') import('./screens/DutyHome').catch(ignore);
  else if (role) import('./screens/OtherHome').catch(ignore);
}
