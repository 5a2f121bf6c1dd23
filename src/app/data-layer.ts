import { profileProbablyCached } from './profile-hint';
import { useSession } from './stores/session';

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
 * App start: with a cached profile the data layer loads at once (the home reads IndexedDB);
 * without one the sign-in screen shows straight away and starts the data layer once it has
 * rendered (Login). If a profile turns out to be cached after all (the hint lost), startApp
 * signs it in as before.
 */
export function startDataLayer(): void {
  if (profileProbablyCached()) void dataLayer();
  else useSession.getState().setReady();
}

/** Runs fn when the page is idle (after the current screen has painted). */
export function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}
