import type { Db } from '../db/types';

/** DB-backed sign-in throttling: counted in the database so every server process agrees. */
export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Failures in the last 15 minutes, for the username counted since its last successful sign-in
 * (a user who finally typed the right password starts afresh).
 */
export async function checkLoginThrottle(db: Db, username: string, ip: string): Promise<ThrottleVerdict> {
  const rows = await db.query<{ by_user: number; by_ip: number; user_retry: number | null; ip_retry: number | null }>(
    `with recent as (
       select username, ip, at, ok from login_attempts
        where (username = $1 or ip = $2) and at > now() - make_interval(mins => $3)
     ), last_ok as (
       select max(at) as at from recent where username = $1 and ok
     ), user_failures as (
       select recent.at from recent, last_ok
        where recent.username = $1 and not recent.ok and (last_ok.at is null or recent.at > last_ok.at)
        order by recent.at desc limit $4
     ), ip_failures as (
       select at from recent where recent.ip = $2 and not ok order by at desc limit $5
     )
     select (select count(*) from user_failures) as by_user,
            (select count(*) from ip_failures) as by_ip,
            (select ceil(extract(epoch from min(at) + make_interval(mins => $3) - now())) from user_failures)::int as user_retry,
            (select ceil(extract(epoch from min(at) + make_interval(mins => $3) - now())) from ip_failures)::int as ip_retry`,
    [username, ip, THROTTLE_WINDOW_MINUTES, MAX_FAILURES_PER_USERNAME, MAX_FAILURES_PER_IP],
  );
  const r = rows[0]!;
  const waits: number[] = [];
  if (r.by_user >= MAX_FAILURES_PER_USERNAME) waits.push(r.user_retry ?? 60);
  if (r.by_ip >= MAX_FAILURES_PER_IP) waits.push(r.ip_retry ?? 60);
  if (waits.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, ...waits) };
}

export async function recordLoginAttempt(db: Db, username: string, ip: string, ok: boolean): Promise<void> {
  await db.query('insert into login_attempts (username, ip, ok) values ($1, $2, $3)', [username, ip, ok]);
  // Keep the table small; a day of history is plenty for a 15-minute window.
  if (Math.random() < 0.05) await db.query(`delete from login_attempts where at < now() - interval '1 day'`);
}
