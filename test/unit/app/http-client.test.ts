import { describe, expect, it } from 'vitest';
import {
  OfflineError,
  RefusedError,
  ServerError,
  UnauthenticatedError,
  call,
  failureOf,
  request,
  upload,
  type FetchFn,
} from '../../../src/app/http/client';

/** The app's one HTTP client: every area sees the same typed failures. */
const answering =
  (status: number, body: unknown): FetchFn =>
  async () =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
const unreachable: FetchFn = async () => {
  throw new TypeError('Failed to fetch');
};

describe('the HTTP client', () => {
  it('no answer is OfflineError, for JSON calls and uploads alike', async () => {
    await expect(call(unreachable, '/api/x')).rejects.toBeInstanceOf(OfflineError);
    await expect(upload(unreachable, '/api/photos/h', new Blob(['x']))).rejects.toBeInstanceOf(OfflineError);
    await expect(request('GET', '/api/x', undefined, {}, unreachable)).rejects.toBeInstanceOf(OfflineError);
  });

  it('types each kind of failure once', async () => {
    expect(failureOf(await call(answering(200, { fine: true }), '/api/x'))).toBeNull();
    const signedOut = failureOf(
      await call(answering(401, { error: 'session_revoked', message: 'signed out' }), '/api/x'),
    );
    expect(signedOut).toBeInstanceOf(UnauthenticatedError);
    expect((signedOut as UnauthenticatedError).code).toBe('session_revoked');
    const refused = failureOf(
      await call(
        answering(409, { error: 'conflict', message: 'taken', details: [{ path: ['a'], message: 'x' }] }),
        '/api/x',
      ),
    );
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'taken',
      details: [{ path: ['a'], message: 'x' }],
    });
    const failed = failureOf(await call(answering(502, null), '/api/x'));
    expect(failed).toBeInstanceOf(ServerError);
    expect(failed!.message).toBe('HTTP 502');
  });

  it('a screen request gives the body and, when refused, the message with its issue paths', async () => {
    const ok = await request<{ n: number }>('POST', '/api/x', { a: 1 }, {}, answering(200, { n: 3 }));
    expect(ok).toEqual({ ok: true, status: 200, body: { n: 3 } });
    const bad = await request(
      'POST',
      '/api/x',
      { a: 1 },
      {},
      answering(400, {
        error: 'invalid_body',
        message: 'bad',
        details: [
          { path: ['a'], message: 'too big' },
          { path: ['b'], message: 'missing' },
        ],
      }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.failure).toBeInstanceOf(RefusedError);
    expect(bad.error).toBe('bad\na: too big\nb: missing');
  });

  it('sends JSON with its content type and the session cookie; an upload its own type', async () => {
    const seen: RequestInit[] = [];
    const spy: FetchFn = async (_path, init) => {
      seen.push(init!);
      return new Response(null, { status: 204 });
    };
    await request('POST', '/api/x', { a: 1 }, {}, spy);
    await upload(spy, '/api/photos/h', new Blob(['x']), { headers: { 'content-type': 'image/jpeg' } });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(seen[1]).toMatchObject({
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'image/jpeg' },
    });
  });
});
