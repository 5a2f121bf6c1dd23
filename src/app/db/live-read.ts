import { liveQuery } from 'dexie';
import { useLayoutEffect, useState, type DependencyList } from 'react';

/**
 * A live Dexie read for a screen that must show quickly: the query starts in a layout effect,
 * right after the first (loading) commit, and runs once. dexie-react-hooks' useLiveQuery runs a
 * query twice on mount (a synchronous probe during render, discarded, then the real
 * subscription from a passive effect, which may wait for a paint); on a slow phone that is the
 * difference between a round opening in under 100 ms and not. `initial` (e.g. read ahead before
 * navigating) is shown until the first result, else `undefined`; an error is thrown to the nearest
 * error boundary, as useLiveQuery does.
 */
export function useLiveRead<T>(read: () => Promise<T>, deps: DependencyList, initial?: T): T | undefined {
  const [state, setState] = useState<{ deps: DependencyList; value?: T; error?: unknown }>(() => ({
    deps,
    value: initial,
  }));
  useLayoutEffect(() => {
    const subscription = liveQuery(read).subscribe({
      next: (value) => setState({ deps, value }),
      error: (error: unknown) => setState({ deps, error }),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, as with useLiveQuery
  }, deps);
  if (!sameDeps(state.deps, deps)) return undefined; // the deps changed: the new read has not answered yet
  if (state.error !== undefined) throw state.error;
  return state.value;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
