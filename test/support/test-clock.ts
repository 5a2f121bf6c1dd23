/**
 * The tests' clock. Tests must not depend on the real day or hour (a weekend, the hall's
 * 23:30 which is 15:30 UTC, a month's last day). The end-to-end suites, where the phones, the
 * server process and the test must agree on "today", run on a clock that starts at a fixed
 * working-day morning in the hall and then runs at real speed (timeouts, polls and durations
 * behave as usual; only the date is fixed):
 * - the test reads it with testNow() (never new Date() for a date that matters);
 * - a server process gets it from startServerProcess (a node --import preload,
 *   test/support/fixed-clock-preload.ts, shifts that process's Date by the same offset);
 * - Chromium's pages get it from newPhone / onTestClock (an init script shifts each page's Date);
 *   a phone whose own clock is off it takes newPhone's skewMs, and movePhoneClock moves an
 *   open page's clock (never Playwright's page.clock: it times pages against the real clock, months
 *   off this one, and replaces the shifted Date).
 * The test process's own Date stays real (Playwright's driver and vitest run in it). Production
 * code is untouched: it reads the ordinary Date.
 */

/** Wednesday 4 March 2026, 10:00 in the hall (Asia/Shanghai): a working day, mid-month, mid-morning. */
export const HALL_NOW = '2026-03-04T10:00:00+08:00';

/** The test clock's distance from the real one, fixed when this module loads (ms). */
export const TEST_CLOCK_OFFSET_MS = Date.parse(HALL_NOW) - Date.now();

/** Now on the test clock. */
export function testNow(): Date {
  return new Date(Date.now() + TEST_CLOCK_OFFSET_MS);
}

/** testNow() as an ISO string (deviceNow, createdAt, … of mutations a test sends). */
export function testNowIso(): string {
  return testNow().toISOString();
}

/** The environment variable that hands the offset to a server process. */
export const CLOCK_OFFSET_ENV = 'WD_TEST_CLOCK_OFFSET_MS';

const SHIFTED = Symbol.for('window-duty.test-clock');

/**
 * Replaces this process's global Date with one shifted by offsetMs and running at real speed
 * (for a server process, by the preload). Only `new Date()` and `Date.now()` change; dates
 * built from a value, Date.parse, Date.UTC and `instanceof Date` behave as before (same
 * prototype), so libraries see an ordinary Date.
 */
export function installShiftedClock(offsetMs: number): void {
  if (SHIFTED in globalThis.Date) return;
  const RealDate = globalThis.Date;
  const now = () => RealDate.now() + offsetMs;
  function ShiftedDate(this: unknown, ...args: unknown[]): Date | string {
    if (!new.target) return new RealDate(now()).toString(); // Date() called as a function
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target) as Date;
  }
  Object.setPrototypeOf(ShiftedDate, RealDate); // statics: parse, UTC, …
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = now;
  Object.defineProperty(ShiftedDate, SHIFTED, { value: offsetMs });
  globalThis.Date = ShiftedDate as unknown as DateConstructor;
}
