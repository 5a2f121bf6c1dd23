import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './environment';
import { TEST_CLOCK_OFFSET_MS } from './test-clock';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: withoutFaketime(process.env),
  });
}

/**
 * Chromium never runs under libfaketime (scripts/test-on-day.sh moves the tests' clock with it):
 * with it, page loads from the server hang. The browser keeps the real clock; its pages get the
 * test clock measured against its own clock anyway (onTestClock).
 */
function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('FAKETIME')));
  if (clean.LD_PRELOAD)
    clean.LD_PRELOAD =
      clean.LD_PRELOAD.split(/[:\s]+/)
        .filter((lib) => !lib.includes('faketime'))
        .join(':') || undefined;
  if (clean.LD_PRELOAD === undefined) delete clean.LD_PRELOAD;
  return clean;
}

/**
 * A 360×640 phone with touch, as the duty leaders carry. On the test clock (the end-to-end
 * tests, whose server runs on it too); the benchmarks, whose server keeps the real clock, pass
 * testClock: false.
 */
export async function newPhone(
  browser: Browser,
  options: { testClock?: boolean; skewMs?: number; bypassCSP?: boolean } = {},
): Promise<BrowserContext> {
  const phone = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    // Only for a test that injects a script tag (axe-core): the app's CSP allows no inline script.
    bypassCSP: options.bypassCSP ?? false,
  });
  return options.testClock === false ? phone : onTestClock(phone, options.skewMs);
}

/**
 * The context's pages run on the test clock: an init script shifts each page's Date (only
 * `new Date()` and `Date.now()`, as the server's preload does; timers stay real) so that it reads
 * testNow() (test/support/test-clock.ts). The shift is measured against the browser's own clock, which is the machine's even
 * when this process runs under libfaketime (scripts/test-on-day.sh; Chromium escapes it).
 * Not Playwright's clock: it times the page against this process's clock, so under libfaketime
 * a reloaded page restarted at the install time.
 */
export async function onTestClock(context: BrowserContext, skewMs = 0): Promise<BrowserContext> {
  const probe = await context.newPage();
  const before = Date.now();
  const browserNow = await probe.evaluate(() => Date.now());
  const after = Date.now();
  await probe.close();
  // the test clock at the moment the browser read its clock (the middle of the round trip), minus that reading
  // skewMs: a phone whose clock is wrong reads the test clock plus that much (wrong-clock.test.ts)
  const offset = Math.round((before + after) / 2 + TEST_CLOCK_OFFSET_MS + skewMs - browserNow);
  await context.addInitScript({ content: `(${SHIFT_PAGE_DATE})(${offset});` });
  return context;
}

/**
 * Moves an open page's clock by `ms` from now on (time passing for the phone alone: a slot's
 * end without waiting for it). Its timers are untouched: a screen notices on its next tick or
 * when it next renders its time. Holds until the page reloads (the init script's offset again).
 */
export async function movePhoneClock(page: Page, ms: number): Promise<void> {
  await page.evaluate(
    (by) => (globalThis as unknown as { __wdMoveTestClock: (ms: number) => void }).__wdMoveTestClock(by),
    ms,
  );
}

/** Plain JS for the page (no build helpers): Date shifted by `offset` ms, same prototype. */
const SHIFT_PAGE_DATE = `(offset) => {
  const RealDate = globalThis.Date;
  if (RealDate.testClockOffset !== undefined) return;
  const now = () => RealDate.now() + offset;
  globalThis.__wdMoveTestClock = (ms) => { offset += ms; };
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(ShiftedDate, RealDate);
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = now;
  Object.defineProperty(ShiftedDate, 'testClockOffset', { get: () => offset });
  globalThis.Date = ShiftedDate;
}`;

export async function signIn(page: Page, username: string, password = 'demo1234'): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits until the service worker controls the page (the shell can then load offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      );
    }
  });
}
