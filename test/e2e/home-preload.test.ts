import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone, signIn, waitForServiceWorker } from '../support/browser';
import { withServerAndBrowser } from '../support/e2e';
import { chromiumAvailable } from '../support/environment';

const hasChromium = chromiumAvailable();

/** The chunks the page asked for by <link rel=modulepreload> its script added, by name. */
const preloaded = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')]
      .map((link) =>
        ['data-layer', 'homes', 'home-duty', 'home-leave', 'home-supervision'].find((name) =>
          new URL(link.href).pathname.startsWith(`/assets/${name}-`),
        ),
      )
      .filter((name) => name !== undefined)
      .sort(),
  );

/**
 * Issue 14 §3: a signed-in start fetches its home beside the shell. index.html's inline script
 * (allowed by its hash in the CSP) preloads the data layer and the home of the role a phone's
 * profile has, and nothing for a phone nobody is signed in on; the server is asked about the session
 * only after the home has shown, and an ended session is still told.
 */
describe.skipIf(!hasChromium)('a signed-in start preloads its home (built PWA, real Chromium)', () => {
  const ctx = withServerAndBrowser('home-preload');

  it('preloads for a signed-in phone only, under the CSP, from the network and from the service worker', async () => {
    const phone = await newPhone(ctx.browser);
    await phone.addInitScript(() => {
      const violations: string[] = [];
      (globalThis as { __csp?: string[] }).__csp = violations;
      // Only inline scripts: zod probes for eval (new Function) once loaded and is refused, by design.
      document.addEventListener('securitypolicyviolation', (e) => {
        if (e.blockedURI === 'inline') violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const page = await phone.newPage();
    await page.goto(ctx.server.url);
    await page.getByTestId('login-username').waitFor();
    expect(await preloaded(page), 'nobody signed in: the sign-in screen loads nothing more').toEqual([]);

    await signIn(page, 'duty1');
    await page.getByTestId('record-violation').waitFor();
    await waitForServiceWorker(page);

    for (const from of ['network', 'service worker']) {
      const meAsked = page.waitForRequest((r) => r.url().endsWith('/api/auth/me'), { timeout: 15_000 });
      meAsked.catch(() => undefined); // awaited below; never unhandled if an expectation fails first
      await page.reload();
      await page.getByTestId('record-violation').waitFor();
      // The duty leader's own home, not the supervision section's nor the leave home.
      expect(await preloaded(page), from).toEqual(['data-layer', 'home-duty', 'homes']);
      expect(await page.evaluate(() => (globalThis as { __csp?: string[] }).__csp), from).toEqual([]);
      await meAsked; // the session is still checked, after the home has shown
    }

    // The session ended on the server (cookie gone): the home shows, then says to sign in again.
    await phone.clearCookies();
    await page.reload();
    await page.getByTestId('record-violation').waitFor();
    await page.getByTestId('session-expired').waitFor({ timeout: 15_000 });
  });

  it("preloads the role's own home: the leave home for window staff, the supervision home for the section", async () => {
    for (const [user, homes] of [
      ['staff1', ['data-layer', 'home-leave', 'homes']],
      ['super1', ['data-layer', 'home-leave', 'home-supervision', 'homes']],
    ] as const) {
      const phone = await newPhone(ctx.browser);
      const page = await phone.newPage();
      await page.goto(ctx.server.url);
      await signIn(page, user);
      await page.getByTestId('nav-home').waitFor();
      await page.reload();
      await page.getByTestId('nav-home').waitFor();
      expect(await preloaded(page), user).toEqual(homes);
      await phone.close();
    }
  });
});
