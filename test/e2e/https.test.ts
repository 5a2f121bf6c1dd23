import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, waitForServiceWorker } from '../support/browser';
import { selfSignedCertificate } from '../support/certificate';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../support/environment';
import { freePort } from '../support/server-process';

const hasChromium = chromiumAvailable();
const root = join(import.meta.dirname, '..', '..');

/** GET over https trusting only our certificate; null while the server is not up. */
function get(url: string, ca: Buffer): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

describe.skipIf(!hasChromium)('the built PWA over HTTPS (TLS_CERT/TLS_KEY, self-signed, real Chromium)', () => {
  let tls: ReturnType<typeof selfSignedCertificate>;
  let dataDir: string;
  let url: string;
  let browser: Browser;
  let stop: () => Promise<number | null>;

  beforeAll(async () => {
    tls = selfSignedCertificate();
    dataDir = mkdtempSync(join(tmpdir(), 'wd-e2e-https-'));
    const port = await freePort();
    url = `https://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'serve'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        TLS_CERT: tls.certFile,
        TLS_KEY: tls.keyFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (c) => (log += c));
    child.stderr!.on('data', (c) => (log += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stop = async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    };
    const deadline = Date.now() + 90_000;
    while ((await get(`${url}/api/health/ready`, tls.cert))?.status !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start over https:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // As a phone that trusts the hall's certificate (the SPKI pin stands in for installing its CA).
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${tls.spki}`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stop?.();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('is installable (manifest + service worker), signs in with a Secure cookie under HSTS, and reloads offline', async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      serviceWorkers: 'allow',
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    const first = await page.goto(url);
    expect(first?.status()).toBe(200);
    expect(await first?.headerValue('strict-transport-security')).toBe('max-age=15552000');

    // Installable: a manifest with a name, a start URL, standalone display and icons, served here.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBeTruthy();
    const manifest = JSON.parse((await get(new URL(manifestHref!, url).toString(), tls.cert))!.body);
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512']),
    );

    await signIn(page, 'duty1');
    await waitForServiceWorker(page);
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(worker).toBe(`${url}/sw.js`);
    const session = (await context.cookies()).find((c) => c.name === 'wd_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    await expect.poll(() => page.getByTestId('record-violation').count(), { timeout: 30_000 }).toBe(1);

    // Offline, and the server gone: the reload is served by the service worker.
    await context.setOffline(true);
    expect(await stop()).not.toBeNull();
    await page.reload();
    await expect.poll(() => page.getByTestId('record-violation').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('online-state').getAttribute('data-online')).toBe('false');
    await context.close();
  });
});
