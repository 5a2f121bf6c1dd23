import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth/passwords';
import {
  ACCOUNT_DELAY_CAP_SECONDS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  PAIR_WINDOW_MINUTES,
  accountDelaySeconds,
} from '../../src/server/auth/throttle';
import { testConfig } from '../../src/server/config';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';

/**
 * Issue 11 §6: throttling a stranger cannot turn into a lock-out. The app's clock is injected and
 * moved by hand (no sleeps); addresses are set with inject's remoteAddress.
 */
describeEachTarget('sign-in throttling', (target) => {
  let h: Harness;
  let clock = new Date('2026-03-02T01:00:00Z');
  const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

  beforeAll(async () => {
    h = await createHarness(target, { now: () => clock });
  });
  afterAll(() => h?.close());

  const login = (username: string, password: string, remoteAddress: string) =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  it('failures for super1 from address A (even without end) do not stop the owner signing in from address B', async () => {
    advance(3600);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login('super1', `guess${i}`, '198.51.100.7')).statusCode);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]); // A is slowed down, then stopped
    expect((await login('super1', DEMO_PASSWORD, '198.51.100.7')).statusCode).toBe(429);
    // Same moment, the owner at their own desk.
    expect((await login('super1', DEMO_PASSWORD, '10.20.0.15')).statusCode).toBe(200);
  });

  it('one guess each from 10 addresses slows those addresses, never the owner at a clean one', async () => {
    advance(3600);
    for (let i = 0; i < 10; i++) expect((await login('leader1', 'guess', `203.0.113.${i}`)).statusCode).toBe(401);
    const again = await login('leader1', DEMO_PASSWORD, '203.0.113.0');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBe(ACCOUNT_DELAY_CAP_SECONDS); // the growing delay, capped
    expect((await login('leader1', DEMO_PASSWORD, '10.20.0.16')).statusCode).toBe(200);
  });

  it('49 staff behind one hall address who each mistype once can all sign in', async () => {
    advance(3600);
    const hash = await hashPassword('right-password');
    const names = Array.from({ length: 49 }, (_, i) => `hall${i}`);
    for (const name of names) {
      await h.db.query(
        `insert into users (id, username, password_hash, role, display_name) values ($1, $2, $3, 'supervision', $2)`,
        [randomUUID(), name, hash],
      );
    }
    // All at once, as a hall starting its day (and scrypt runs on several threads).
    const wrong = await Promise.all(names.map((name) => login(name, 'wrong-password', '192.0.2.1')));
    expect(wrong.map((r) => r.statusCode)).toEqual(names.map(() => 401));
    const right = await Promise.all(names.map((name) => login(name, 'right-password', '192.0.2.1')));
    expect(right.map((r) => r.statusCode)).toEqual(names.map(() => 200));
  }, 180_000);

  it('repeated failures for one user at one address: 429 with Retry-After, lifted when the window has passed', async () => {
    advance(3600);
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect((await login('head1', `guess${i}`, '198.51.100.9')).statusCode).toBe(401);
      advance(10); // slower than the growing delay: only the username + address rule applies
    }
    const stopped = await login('head1', DEMO_PASSWORD, '198.51.100.9');
    expect(stopped.statusCode).toBe(429);
    expect(stopped.json()).toMatchObject({ error: 'too_many_attempts', message: expect.stringMatching(/minutes/) });
    const retryAfter = PAIR_WINDOW_MINUTES * 60 - MAX_FAILURES_PER_PAIR * 10;
    expect(Number(stopped.headers['retry-after'])).toBe(retryAfter);
    advance(retryAfter - 1);
    expect((await login('head1', DEMO_PASSWORD, '198.51.100.9')).headers['retry-after']).toBe('1');
    advance(1);
    expect((await login('head1', DEMO_PASSWORD, '198.51.100.9')).statusCode).toBe(200);
  });

  it(`an address with ${MAX_FAILURES_PER_ADDRESS} failures in an hour across usernames is stopped; other addresses are not`, async () => {
    advance(3600);
    await h.db.query(
      `insert into login_attempts (username, ip, ok, at) select 'sprayed' || g, '198.51.100.66', false, $1::timestamptz - make_interval(secs => g) from generate_series(1, $2) g`,
      [clock.toISOString(), MAX_FAILURES_PER_ADDRESS],
    );
    const stopped = await login('duty2', DEMO_PASSWORD, '198.51.100.66');
    expect(stopped.statusCode).toBe(429);
    expect(Number(stopped.headers['retry-after'])).toBe(3600 - MAX_FAILURES_PER_ADDRESS);
    expect((await login('duty2', DEMO_PASSWORD, '198.51.100.67')).statusCode).toBe(200);
  });

  it('with a trusted proxy, the client is the X-Forwarded-For address: failures of one client do not stop another behind the same proxy', async () => {
    advance(3600);
    const proxied = await buildApp({ db: h.db, config: testConfig({ trustProxy: true }), now: () => clock });
    try {
      const via = (ip: string, password: string) =>
        proxied.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'staff1', password },
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': ip },
        });
      for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
        expect((await via('198.51.100.20', 'guess')).statusCode).toBe(401);
        advance(10);
      }
      expect((await via('198.51.100.20', DEMO_PASSWORD)).statusCode).toBe(429);
      expect((await via('198.51.100.21', DEMO_PASSWORD)).statusCode).toBe(200); // same proxy, another client
    } finally {
      await proxied.close();
    }
  });
});

it('the account-wide delay doubles after the free failures and is capped', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 7].map(accountDelaySeconds)).toEqual([0, 0, 0, 0, 1, 2, 4, 8]);
  expect(accountDelaySeconds(1000)).toBe(ACCOUNT_DELAY_CAP_SECONDS);
});
