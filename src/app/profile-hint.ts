/**
 * A localStorage hint that a signed-in profile is cached in IndexedDB, so the shell knows without
 * loading Dexie whether to show the sign-in screen at once. The controller keeps it in step; the
 * build's inline script in index.html reads it too (vite.config.ts homePreload).
 */
export const SIGNED_IN_HINT = 'wd:profile-cached';

/** Whether this phone (probably) has a signed-in profile cached: then the home waits for the data layer. */
export function profileProbablyCached(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) !== null;
  } catch {
    return true; // no localStorage: wait for IndexedDB, as before
  }
}

/** The role of the cached profile as the hint has it (null: none cached, or unknown). */
export function cachedRole(): string | null {
  try {
    return localStorage.getItem(SIGNED_IN_HINT);
  } catch {
    return null;
  }
}

/** role: the cached profile's role; null: no profile cached. */
export function rememberProfileCached(role: string | null): void {
  try {
    if (role) localStorage.setItem(SIGNED_IN_HINT, role);
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    /* the hint is an optimisation only */
  }
}
