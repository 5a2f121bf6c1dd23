import { request, type Answer } from '../../http/client';

/** The console's calls to /api/admin (online only; no outbox, no retries), through the app's HTTP client. */
export type AdminAnswer<T = unknown> = Answer<T>;

/** Throws OfflineError (src/app/http/client.ts) when there is no answer; a refusal's error lists its zod issue paths. */
export function admin<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<AdminAnswer<T>> {
  return request<T>(method, `/api/admin${path}`, body, headers);
}
