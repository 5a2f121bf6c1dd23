import type { Db } from '../db/types';

/**
 * Sign-in throttling that a stranger cannot turn into a lock-out (issue 11 §6, after OWASP's
 * authentication cheat sheet). Counted in the database (login_attempts), so every server process
 * agrees. Three rules, each answered with 429 and Retry-After:
 *
 * 1. Username + address: 5 failures in 15 minutes (since that pair's last success) stop that
 *    pair until the oldest of them is 15 minutes old. Guessing from one place is slow; the owner
 *    elsewhere is untouched.
 * 2. Username across addresses: a delay that doubles with the account's failures (since its last
 *    success, within 15 minutes) beyond the first 3, capped at 60 s — and only for an address that
 *    itself failed for this account. An address without failures for the account (the owner at
 *    their own desk) is never held back by what others typed.
 * 3. Address: 300 failures in an hour, across usernames. A whole hall sits behind one NAT
 *    address, so this is only a ceiling for spraying many accounts from one place.
 */
export const PAIR_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_PAIR = 5;
export const ACCOUNT_WINDOW_MINUTES = 15;
export const ACCOUNT_FREE_FAILURES = 3;
export const ACCOUNT_DELAY_BASE_SECONDS = 1;
export const ACCOUNT_DELAY_CAP_SECONDS = 60;
export const ADDRESS_WINDOW_MINUTES = 60;
export const MAX_FAILURES_PER_ADDRESS = 300;

/**
 * Rows read per rule are bounded (each look-up stays cheap while an account is under attack):
 * the account's failures are counted up to where the delay has reached its cap.
 */
const ACCOUNT_COUNT_LIMIT =
  ACCOUNT_FREE_FAILURES + 1 + Math.ceil(Math.log2(ACCOUNT_DELAY_CAP_SECONDS / ACCOUNT_DELAY_BASE_SECONDS));

export type ThrottleRule = 'pair' | 'account' | 'address';
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; rule: ThrottleRule };

const MINUTE = 60_000;

/** The delay rule 2 asks for after `failures` failures of an account (0 up to the free ones). */
export function accountDelaySeconds(failures: number): number {
  if (failures <= ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(ACCOUNT_DELAY_CAP_SECONDS, ACCOUNT_DELAY_BASE_SECONDS * 2 ** (failures - ACCOUNT_FREE_FAILURES - 1));
}

interface Counts {
  pair_failures: number;
  pair_oldest: Date | null;
  account_failures: number;
  account_latest: Date | null;
  address_failures: number;
  address_oldest: Date | null;
}

/** May this sign-in go on to the password check at `now`? One statement. */
export async function checkLoginThrottle(db: Db, username: string, ip: string, now: Date): Promise<ThrottleVerdict> {
  const [c] = await db.query<Counts>(
    `with pair as (
       select at from login_attempts
        where username = $1 and ip = $2 and not ok and at > $3::timestamptz - make_interval(mins => $4)
          and at > coalesce((select max(at) from login_attempts where username = $1 and ip = $2 and ok and at > $3::timestamptz - make_interval(mins => $4)), '-infinity')
        order by at desc limit $5
     ), account as (
       select at from login_attempts
        where username = $1 and not ok and at > $3::timestamptz - make_interval(mins => $6)
          and at > coalesce((select max(at) from login_attempts where username = $1 and ok and at > $3::timestamptz - make_interval(mins => $6)), '-infinity')
        order by at desc limit $9
     ), address as (
       select at from login_attempts
        where ip = $2 and not ok and at > $3::timestamptz - make_interval(mins => $7)
        order by at desc limit $8
     )
     select (select count(*) from pair)::int as pair_failures, (select min(at) from pair) as pair_oldest,
            (select count(*) from account)::int as account_failures, (select max(at) from account) as account_latest,
            (select count(*) from address)::int as address_failures, (select min(at) from address) as address_oldest`,
    [
      username,
      ip,
      now.toISOString(),
      PAIR_WINDOW_MINUTES,
      MAX_FAILURES_PER_PAIR,
      ACCOUNT_WINDOW_MINUTES,
      ADDRESS_WINDOW_MINUTES,
      MAX_FAILURES_PER_ADDRESS,
      ACCOUNT_COUNT_LIMIT,
    ],
  );
  const t = now.getTime();
  const waits: { ms: number; rule: ThrottleRule }[] = [];
  if (c!.pair_failures >= MAX_FAILURES_PER_PAIR && c!.pair_oldest) {
    waits.push({ ms: new Date(c!.pair_oldest).getTime() + PAIR_WINDOW_MINUTES * MINUTE - t, rule: 'pair' });
  }
  if (c!.pair_failures > 0 && c!.account_latest) {
    waits.push({
      ms: new Date(c!.account_latest).getTime() + accountDelaySeconds(c!.account_failures) * 1000 - t,
      rule: 'account',
    });
  }
  if (c!.address_failures >= MAX_FAILURES_PER_ADDRESS && c!.address_oldest) {
    waits.push({ ms: new Date(c!.address_oldest).getTime() + ADDRESS_WINDOW_MINUTES * MINUTE - t, rule: 'address' });
  }
  const longest = waits.filter((w) => w.ms > 0).sort((a, b) => b.ms - a.ms)[0];
  if (!longest) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(longest.ms / 1000)), rule: longest.rule };
}

export async function recordLoginAttempt(db: Db, username: string, ip: string, ok: boolean, now: Date): Promise<void> {
  await db.query('insert into login_attempts (username, ip, ok, at) values ($1, $2, $3, $4)', [
    username,
    ip,
    ok,
    now.toISOString(),
  ]);
  // Keep the table small; a day of history is plenty for windows of an hour at most.
  if (Math.random() < 0.05)
    await db.query(`delete from login_attempts where at < $1::timestamptz - interval '1 day'`, [now.toISOString()]);
}
