/**
 * Runs fn when the page is idle (after the current screen has painted), at the latest after
 * timeoutMs; returns a cancel. Work the first screen does not need waits here (issue 14).
 */
export function whenIdle(fn: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 50);
  return () => clearTimeout(id);
}
