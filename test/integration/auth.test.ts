import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ProfileSchema } from '../../src/domain';
import { buildApp } from '../../src/server/app';
import { createUser } from '../../src/server/auth/users';
import { testConfig } from '../../src/server/config';
import { DEMO_IDS, DEMO_PASSWORD } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie');
  return header.split(';')[0]!;
}

describeEachTarget('auth', (target) => {
  let h: Harness;
  const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  const me = (cookie: string) => h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  beforeAll(async () => {
    h = await createHarness(target);
  });
  afterAll(() => h?.close());
  beforeEach(async () => {
    await h.db.query('delete from login_attempts');
  });

  it('signs in: profile, HttpOnly SameSite=Strict cookie, /me works', async () => {
    const res = await login('staff1', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const profile = ProfileSchema.parse(res.json().profile);
    expect(profile).toMatchObject({
      username: 'staff1',
      role: 'staff',
      staffId: DEMO_IDS.window102StaffA,
      windowId: DEMO_IDS.window102,
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^wd_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=1209600/);
    expect(setCookie).not.toMatch(/Secure/); // plain http
    const who = await me(sessionCookie(res.headers['set-cookie']));
    expect(who.statusCode).toBe(200);
    expect(who.json().profile).toEqual(profile);
  });

  it('sets Secure on the cookie when the request came over https (behind a trusted proxy)', async () => {
    // A second app on the same database (apps hold no state of their own).
    const proxied = await buildApp({ db: h.db, config: testConfig({ trustProxy: true }) });
    try {
      const res = await proxied.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'duty1', password: DEMO_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('usernames are case-insensitive', async () => {
    expect((await login(' Duty1 ', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('a wrong password or unknown user is a 401 invalid_credentials, no cookie', async () => {
    for (const res of [await login('duty1', 'wrong'), await login('nobody', DEMO_PASSWORD)]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'invalid_credentials', message: expect.any(String) });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('stores no plaintext password', async () => {
    const rows = await h.db.query<{ password_hash: string }>('select password_hash from users');
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$/);
      expect(r.password_hash).not.toContain(DEMO_PASSWORD);
    }
  });

  // Throttling: login-throttle.test.ts (with an injected clock).

  it('bad login bodies are a 400', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duty1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', message: expect.stringContaining('password') });
  });

  it('logout deletes the session and clears the cookie', async () => {
    const cookie = sessionCookie((await login('super1', DEMO_PASSWORD)).headers['set-cookie']);
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/wd_session=;.*Max-Age=0/);
    expect((await me(cookie)).json()).toMatchObject({ error: 'unauthenticated' });
    // A logout with an empty JSON body (as fetch may send) is fine too.
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '',
    });
    expect(again.statusCode).toBe(204);
  });

  it('no cookie, an unknown token: 401 unauthenticated', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me' })).json()).toEqual({
      error: 'unauthenticated',
      message: 'Please sign in.',
    });
    expect((await me('wd_session=forged')).statusCode).toBe(401);
  });

  it('an expired session is a 401 session_expired', async () => {
    const cookie = await h.loginAs('dept1');
    await h.db.query(`update sessions set expires_at = now() - interval '1 second'`);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'session_expired' });
  });

  it('disabling a user ends their sessions at once; they cannot sign in (403)', async () => {
    await createUser(h.db, { username: 'temp1', password: 'pw-temp-1', role: 'duty_leader', displayName: '临时' });
    const cookie = sessionCookie((await login('temp1', 'pw-temp-1')).headers['set-cookie']);
    expect((await me(cookie)).statusCode).toBe(200);
    await h.db.query(`update users set disabled = true where username = 'temp1'`);
    const res = await me(cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'account_disabled' });
    const again = await login('temp1', 'pw-temp-1');
    expect(again.statusCode).toBe(403);
    expect(again.json()).toMatchObject({ error: 'account_disabled' });
  });
});
