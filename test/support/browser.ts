import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './environment';
import { testNow } from './test-clock';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, env: withoutFaketime(process.env) });
}

/**
 * Chromium never runs under libfaketime (scripts/test-on-day.sh moves the tests' clock with it):
 * with it, page loads from the server hang. The browser keeps the real clock; its pages get the
 * test clock from Playwright anyway (onTestClock).
 */
function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('FAKETIME')));
  if (clean.LD_PRELOAD) clean.LD_PRELOAD = clean.LD_PRELOAD.split(/[:\s]+/).filter((lib) => !lib.includes('faketime')).join(':') || undefined;
  if (clean.LD_PRELOAD === undefined) delete clean.LD_PRELOAD;
  return clean;
}

/**
 * A 360×640 phone with touch, as the duty leaders carry. On the test clock (the end-to-end
 * tests, whose server runs on it too); the benchmarks, whose server keeps the real clock, pass
 * testClock: false.
 */
export async function newPhone(browser: Browser, options: { testClock?: boolean } = {}): Promise<BrowserContext> {
  const phone = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  });
  return options.testClock === false ? phone : onTestClock(phone);
}

/**
 * The context's pages run on the test clock (Playwright's clock, at real speed from testNow()),
 * so the browser, the server and the test agree on today; see test/support/test-clock.ts.
 */
export async function onTestClock(context: BrowserContext): Promise<BrowserContext> {
  await context.clock.install({ time: testNow() });
  return context;
}

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
