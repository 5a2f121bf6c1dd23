import type { Change, PullResponse } from '../../src/domain';

/** A minimal "phone" over plain fetch: signs in, pushes and pulls with the session cookie. */
export class ApiClient {
  private cookie = '';
  constructor(readonly baseUrl: string) {}

  async signIn(username: string, password = 'demo1234'): Promise<{ id: string; role: string }> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const body = (await response.json()) as { profile: { id: string; role: string } };
    return body.profile;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** A raw body (e.g. a photo as image/jpeg). */
  async upload(
    method: string,
    path: string,
    body: Uint8Array<ArrayBuffer>,
    contentType: string,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, 'content-type': contentType },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** A GET whose body is not JSON (a file): the status and the bytes. */
  async getBytes(path: string): Promise<{ status: number; bytes: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** Every change visible to this user, following the cursor until the server has no more. */
  async pullAll(limit = 1000): Promise<Change[]> {
    const changes: Change[] = [];
    let cursor = 0;
    for (;;) {
      const { status, body } = await this.request('GET', `/api/sync/pull?cursor=${cursor}&limit=${limit}`);
      if (status !== 200) throw new Error(`pull failed: ${status} ${JSON.stringify(body)}`);
      const page = body as PullResponse;
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return changes;
    }
  }
}
