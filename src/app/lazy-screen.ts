import { lazy, type ComponentType } from 'react';

/**
 * React.lazy for a screen whose chunk may already be loaded (preloaded at start): once it is,
 * rendering it does not suspend. React 19 holds a Suspense boundary's content back for up to
 * 300 ms after its fallback showed, so a suspended first render left the signed-in home ~270 ms
 * late although the HTML had preloaded its chunk. `preload()` starts (or joins) the load.
 */
export function lazyScreen<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: { default: ComponentType<P> } | undefined;
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => (loaded = module),
      (error: unknown) => {
        loading = undefined; // a failed load (offline, a new version) may be tried again
        throw error;
      },
    ));
  // A settled thenable calls back at once: React.lazy then resolves without suspending.
  const Screen = lazy(() =>
    // oxlint-disable-next-line unicorn/no-thenable -- a thenable is what React.lazy is given here
    loaded ? ({ then: (resolve: (m: typeof loaded) => void) => resolve(loaded) } as never) : preload(),
  );
  return Object.assign(Screen, { preload });
}
