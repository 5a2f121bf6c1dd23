import { whenIdle } from './idle';

/**
 * "The home has shown": the first sync (zod, parsing, IndexedDB writes) waits for it, so a cold
 * start fetches and runs only what the first screen needs (issue 14). A phone opened on another
 * screen never says so: the work then starts after maxWaitMs anyway.
 */
let shownAt: number | null = null;
const waiting: (() => void)[] = [];

/**
 * How long after the home's frame has committed the deferred work still waits: the frame commits
 * before its reads of IndexedDB have answered, and those answers (rounds, records, who is away)
 * render in the next second. Started at the first idle moment, the sync's zod and parsing ran
 * in between and held those renders back (Lighthouse: the home's largest paint ~1 s later).
 */
export const SETTLE_MS = 1000;

export function firstScreenShown(): void {
  if (shownAt !== null) return;
  shownAt = Date.now();
  for (const go of waiting.splice(0)) go();
}

/**
 * Runs fn when the page is idle after the first screen has shown and settled (or maxWaitMs
 * passed); returns a cancel.
 */
export function afterFirstScreen(fn: () => void, maxWaitMs = 2000): () => void {
  let started = false;
  let cancelIdle = () => {};
  let settle: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(timer);
    clearTimeout(settle);
    cancelIdle = whenIdle(fn);
  };
  const go = (settleMs: number) => {
    if (started) return;
    started = true;
    if (settleMs > 0) settle = setTimeout(run, settleMs);
    else run();
  };
  const timer = setTimeout(() => go(0), maxWaitMs);
  // Asked while the home is still settling (the data layer's start usually ends just after the
  // home's first frame): the rest of SETTLE_MS. Running at once put the mutations' zod schemas
  // (~26 KiB) in front of the home's largest paint on a cold start.
  if (shownAt !== null) go(Math.max(0, SETTLE_MS - (Date.now() - shownAt)));
  else waiting.push(() => go(SETTLE_MS));
  return () => {
    started = true;
    clearTimeout(timer);
    clearTimeout(settle);
    cancelIdle();
  };
}
