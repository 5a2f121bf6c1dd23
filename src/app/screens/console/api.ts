/** The console's calls to /api/admin (online only; no outbox, no retries). */
export interface AdminAnswer<T = unknown> {
  ok: boolean;
  status: number;
  body: T;
  /** Human-readable error, with zod issue paths when the server sent them. */
  error?: string;
}

export class OfflineError extends Error {}

export async function admin<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AdminAnswer<T>> {
  let res: Response;
  const raw = body instanceof Blob;
  try {
    res = await fetch(`/api/admin${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': raw ? (body as Blob).type || 'application/octet-stream' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
    });
  } catch (error) {
    throw new OfflineError(error instanceof Error ? error.message : String(error));
  }
  let parsed: unknown = null;
  if (res.status !== 204) parsed = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, body: parsed as T };
  const e = parsed as { message?: string; details?: { path?: (string | number)[]; message?: string }[] } | null;
  const issues = Array.isArray(e?.details) ? e!.details.filter((d) => d && d.message).map((d) => `${(d.path ?? []).join('.')}: ${d.message}`) : [];
  const message = e?.message ?? `HTTP ${res.status}`;
  return { ok: false, status: res.status, body: parsed as T, error: issues.length > 1 ? `${message}\n${issues.join('\n')}` : message };
}
