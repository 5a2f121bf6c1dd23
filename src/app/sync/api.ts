import type { Profile } from '../../domain';

/** The fetch the app uses; tests pass a fake. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** The request never got an HTTP answer (offline, DNS, connection reset). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export interface ApiAnswer {
  status: number;
  ok: boolean;
  /** Parsed JSON body, or null when there was none or it was not JSON. */
  body: unknown;
}

export async function call(fetchFn: FetchFn, path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await fetchFn(path, {
      credentials: 'same-origin',
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) },
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  if (res.status !== 204) {
    const text = await res.text().catch(() => '');
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
  }
  return { status: res.status, ok: res.ok, body };
}

export function errorCode(body: unknown): string | undefined {
  const e = (body as { error?: unknown } | null)?.error;
  return typeof e === 'string' ? e : undefined;
}

export function errorMessage(body: unknown): string | undefined {
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : undefined;
}

export type LoginResult =
  | { ok: true; profile: Profile }
  | { ok: false; reason: 'invalid_credentials' | 'account_disabled' | 'too_many_attempts' | 'offline' | 'server'; message?: string };

export async function login(fetchFn: FetchFn, username: string, password: string): Promise<LoginResult> {
  let answer: ApiAnswer;
  try {
    answer = await call(fetchFn, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) });
  } catch (error) {
    if (error instanceof NetworkError) return { ok: false, reason: 'offline' };
    throw error;
  }
  const profile = (answer.body as { profile?: Profile } | null)?.profile;
  if (answer.ok && profile && typeof profile.id === 'string') return { ok: true, profile };
  const code = errorCode(answer.body);
  const message = errorMessage(answer.body);
  if (answer.status === 401 || code === 'invalid_credentials') return { ok: false, reason: 'invalid_credentials', message };
  if (code === 'account_disabled') return { ok: false, reason: 'account_disabled', message };
  if (answer.status === 429 || code === 'too_many_attempts') return { ok: false, reason: 'too_many_attempts', message };
  return { ok: false, reason: 'server', message: message ?? `HTTP ${answer.status}` };
}

export type MeResult = { kind: 'ok'; profile: Profile } | { kind: 'unauthenticated'; code: string } | { kind: 'offline' };

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
