import { whenIdle } from './idle';

/**
 * "The home has shown": the first sync (zod, parsing, IndexedDB writes) waits for it, so a cold
 * start fetches and runs only what the first screen needs (issue 14). A phone opened on another
 * screen never says so: the work then starts after maxWaitMs anyway.
 */
let shown = false;
const waiting: (() => void)[] = [];

export function firstScreenShown(): void {
  if (shown) return;
  shown = true;
  for (const go of waiting.splice(0)) go();
}

/** Runs fn when the page is idle after the first screen has shown (or maxWaitMs passed); returns a cancel. */
export function afterFirstScreen(fn: () => void, maxWaitMs = 2000): () => void {
  let started = false;
  let cancelIdle = () => {};
  const go = () => {
    if (started) return;
    started = true;
    clearTimeout(timer);
    cancelIdle = whenIdle(fn);
  };
  const timer = setTimeout(go, maxWaitMs);
  if (shown) go();
  else waiting.push(go);
  return () => {
    started = true;
    clearTimeout(timer);
    cancelIdle();
  };
}
