import type { Profile } from '../../domain';
import { call, errorCode, errorMessage, OfflineError, type ApiAnswer, type FetchFn } from '../http/client';

/** Sign-in, the session's profile and sign-out, through the app's HTTP client. */

export type LoginResult =
  | { ok: true; profile: Profile }
  | {
      ok: false;
      reason: 'invalid_credentials' | 'account_disabled' | 'too_many_attempts' | 'offline' | 'server';
      message?: string;
    };

export async function login(fetchFn: FetchFn, username: string, password: string): Promise<LoginResult> {
  let answer: ApiAnswer;
  try {
    answer = await call(fetchFn, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  } catch (error) {
    if (error instanceof OfflineError) return { ok: false, reason: 'offline' };
    throw error;
  }
  const profile = (answer.body as { profile?: Profile } | null)?.profile;
  if (answer.ok && profile && typeof profile.id === 'string') return { ok: true, profile };
  const code = errorCode(answer.body);
  const message = errorMessage(answer.body);
  if (answer.status === 401 || code === 'invalid_credentials')
    return { ok: false, reason: 'invalid_credentials', message };
  if (code === 'account_disabled') return { ok: false, reason: 'account_disabled', message };
  if (answer.status === 429 || code === 'too_many_attempts') return { ok: false, reason: 'too_many_attempts', message };
  return { ok: false, reason: 'server', message: message ?? `HTTP ${answer.status}` };
}

export type MeResult =
  { kind: 'ok'; profile: Profile } | { kind: 'unauthenticated'; code: string } | { kind: 'offline' };

export async function fetchMe(fetchFn: FetchFn): Promise<MeResult> {
  try {
    const answer = await call(fetchFn, '/api/auth/me');
    const profile = (answer.body as { profile?: Profile } | null)?.profile;
    if (answer.ok && profile) return { kind: 'ok', profile };
    if (answer.status === 401) return { kind: 'unauthenticated', code: errorCode(answer.body) ?? 'unauthenticated' };
    return { kind: 'offline' };
  } catch {
    return { kind: 'offline' };
  }
}

export async function logout(fetchFn: FetchFn): Promise<void> {
  try {
    await call(fetchFn, '/api/auth/logout', { method: 'POST' });
  } catch {
    /* offline logout: the local session ends anyway */
  }
}
