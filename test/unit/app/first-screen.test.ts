import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Issue 14: the first sync and the mutation schemas wait for the home's first paint, SETTLE_MS for
// its reads to render, then idle; or at most maxWaitMs when the phone opened on another screen. Timers are vitest's fake ones;
// node has no requestIdleCallback, so "idle" is whenIdle's 50 ms fallback.
async function fresh() {
  vi.resetModules();
  return import('../../../src/app/first-screen');
}

describe('afterFirstScreen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for the first screen, lets it settle, then runs once idle', async () => {
    const { afterFirstScreen, firstScreenShown, SETTLE_MS } = await fresh();
    const fn = vi.fn();
    afterFirstScreen(fn, 2000);
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    firstScreenShown();
    expect(fn).not.toHaveBeenCalled(); // not in the paint's own task
    vi.advanceTimersByTime(SETTLE_MS);
    expect(fn).not.toHaveBeenCalled(); // nor while the home's reads render (the fallback does not cut it short)
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000); // the fallback does not run it again
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs after maxWaitMs when no home shows', async () => {
    const { afterFirstScreen } = await fresh();
    const fn = vi.fn();
    afterFirstScreen(fn, 2000);
    vi.advanceTimersByTime(1999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(51);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs at the next idle when the screen has shown and settled', async () => {
    const { afterFirstScreen, firstScreenShown, SETTLE_MS } = await fresh();
    firstScreenShown();
    vi.advanceTimersByTime(SETTLE_MS);
    const fn = vi.fn();
    afterFirstScreen(fn, 2000);
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('asked while the screen settles, waits for the rest of the settling', async () => {
    const { afterFirstScreen, firstScreenShown, SETTLE_MS } = await fresh();
    firstScreenShown();
    vi.advanceTimersByTime(300);
    const fn = vi.fn();
    afterFirstScreen(fn, 2000);
    vi.advanceTimersByTime(SETTLE_MS - 300);
    expect(fn).not.toHaveBeenCalled(); // the rest of the settling, then idle
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('a cancel before it ran keeps it from running', async () => {
    const { afterFirstScreen, firstScreenShown } = await fresh();
    const fn = vi.fn();
    const cancel = afterFirstScreen(fn, 2000);
    cancel();
    firstScreenShown();
    vi.advanceTimersByTime(5000);
    expect(fn).not.toHaveBeenCalled();
  });
});
