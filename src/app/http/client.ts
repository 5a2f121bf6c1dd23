/**
 * The app's one HTTP client: every call to the server (sync, sign-in, console, assessment cycle,
 * uploads) goes through here, so "offline", "signed out", "refused" and "server error" mean the
 * same thing everywhere. The fetch is injected where it matters (the sync engine's tests pass a
 * fake); screens use the browser's.
 */

/** The fetch the app uses; tests pass a fake. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export const browserFetch: FetchFn = (input, init) => fetch(input, init);

/** What went wrong with a call, once for the whole app. */
export abstract class HttpFailure extends Error {}

/** The request never got an HTTP answer (offline, DNS, connection reset). */
export class OfflineError extends HttpFailure {
  override name = 'OfflineError';
}

/** 401: no session, or it ended (`code` says why, e.g. session_revoked). */
export class UnauthenticatedError extends HttpFailure {
  override name = 'UnauthenticatedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One zod issue the server sent back with a refusal. */
export interface IssueDetail {
  path?: (string | number)[];
  message?: string;
}

/** Another 4xx: the server understood and said no (`code`, its message, and the zod issues if any). */
export class RefusedError extends HttpFailure {
  override name = 'RefusedError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details: readonly IssueDetail[] = [],
  ) {
    super(message);
  }

  /** The message with the issue paths when there are several (the console shows them). */
  describe(): string {
    const issues = this.details.filter((d) => d && d.message).map((d) => `${(d.path ?? []).join('.')}: ${d.message}`);
    return issues.length > 1 ? `${this.message}\n${issues.join('\n')}` : this.message;
  }
}

/** 5xx: the server failed (or a proxy in front of it). */
export class ServerError extends HttpFailure {
  override name = 'ServerError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An HTTP answer, its JSON body parsed (null when there was none or it was not JSON). */
export interface ApiAnswer {
  status: number;
  ok: boolean;
  body: unknown;
}

export function errorCode(body: unknown): string | undefined {
  const e = (body as { error?: unknown } | null)?.error;
  return typeof e === 'string' ? e : undefined;
}

export function errorMessage(body: unknown): string | undefined {
  const m = (body as { message?: unknown } | null)?.message;
  return typeof m === 'string' ? m : undefined;
}

/** The typed failure of an answer that is not ok (null when it is). */
export function failureOf(answer: ApiAnswer): HttpFailure | null {
  if (answer.ok) return null;
  const code = errorCode(answer.body);
  const message = errorMessage(answer.body) ?? `HTTP ${answer.status}`;
  if (answer.status === 401) return new UnauthenticatedError(code ?? 'unauthenticated', message);
  if (answer.status >= 500) return new ServerError(answer.status, message);
  const details = (answer.body as { details?: unknown } | null)?.details;
  return new RefusedError(answer.status, code, message, Array.isArray(details) ? (details as IssueDetail[]) : []);
}

async function send(fetchFn: FetchFn, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new OfflineError(error instanceof Error ? error.message : String(error));
  }
}

/** A JSON call; throws OfflineError when there is no answer, returns any HTTP answer. */
export async function call(fetchFn: FetchFn, path: string, init: RequestInit = {}): Promise<ApiAnswer> {
  const res = await send(fetchFn, path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
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

/** A binary upload (a photo, a leave document); throws OfflineError when there is no answer. */
export async function upload(fetchFn: FetchFn, path: string, blob: Blob, init: RequestInit = {}): Promise<ApiAnswer> {
  return call(fetchFn, path, {
    method: 'PUT',
    ...init,
    body: blob,
    headers: {
      'content-type': blob.type || 'application/octet-stream',
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

/** An answer for screens: the body typed, and the failure (with its message) when not ok. */
export interface Answer<T> {
  ok: boolean;
  status: number;
  body: T;
  /** The failure's message (a refusal's issue paths included), for showing. */
  error?: string;
  failure?: HttpFailure;
}

/** A call from a screen (online only): method, path and an optional JSON or binary body. */
export async function request<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  fetchFn: FetchFn = browserFetch,
): Promise<Answer<T>> {
  const raw = body instanceof Blob;
  const answer = await call(fetchFn, path, {
    method,
    headers: {
      ...(body === undefined
        ? {}
        : { 'content-type': raw ? (body as Blob).type || 'application/octet-stream' : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
  });
  if (answer.ok) return { ok: true, status: answer.status, body: answer.body as T };
  const failure = failureOf(answer)!;
  return {
    ok: false,
    status: answer.status,
    body: answer.body as T,
    error: failure instanceof RefusedError ? failure.describe() : failure.message,
    failure,
  };
}
