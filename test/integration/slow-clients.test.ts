import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness';

/**
 * Issue 11 §5: connections stalled mid-headers or mid-body are cut within the configured time,
 * while normal requests are served. Short timeouts for the test; real sockets (node:net).
 */
const HEADERS_MS = 400;
const REQUEST_MS = 800;
const KEEP_ALIVE_MS = 300;
const SLACK_MS = 1500; // the checking interval (≤ ¼ of the shortest deadline) plus a loaded machine
const GIVE_UP_MS = 10_000;

interface Stalled {
  closedAfterMs: number;
  received: string;
}

describe('slow and stalled clients', () => {
  let h: Harness;
  let port = 0;

  beforeAll(async () => {
    h = await createHarness(undefined, {
      seed: false,
      config: {
        headersTimeoutMs: HEADERS_MS,
        requestTimeoutMs: REQUEST_MS,
        keepAliveTimeoutMs: KEEP_ALIVE_MS,
        connectionTimeoutMs: 5_000,
      },
    });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as { port: number }).port;
  });
  afterAll(() => h?.close());

  /** Opens a raw connection, sends `data` (then `trickle` one byte per 100 ms, if given) and waits for the server to close it. */
  const stall = (data: string, trickle = ''): Promise<Stalled> =>
    new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let received = '';
      let timer: NodeJS.Timeout | undefined;
      const giveUp = setTimeout(() => socket.destroy(), GIVE_UP_MS);
      socket.on('connect', () => {
        socket.write(data);
        let i = 0;
        if (trickle) timer = setInterval(() => socket.writable && socket.write(trickle[i++ % trickle.length]!), 100);
      });
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(giveUp);
        clearInterval(timer);
        resolve({ closedAfterMs: Date.now() - started, received });
      });
    });

  it('cuts connections stalled mid-headers, trickling headers, mid-body and idle after a response, while serving others', async () => {
    const midHeaders = Array.from({ length: 20 }, () => stall('GET /api/health HTTP/1.1\r\nHost: hall\r\nX-Slow: '));
    const trickling = Array.from({ length: 5 }, () =>
      stall('GET /api/health HTTP/1.1\r\nHost: hall\r\n', 'X-Drip: aaaaaaaaaaaaaaaaaaaaaaaa'),
    );
    const midBody = Array.from({ length: 20 }, () =>
      stall(
        'POST /api/auth/login HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"username":"du',
      ),
    );
    const idle = stall('GET /api/health HTTP/1.1\r\nHost: hall\r\nConnection: keep-alive\r\n\r\n');

    // Meanwhile the hall goes on: ordinary requests are answered.
    const served: number[] = [];
    for (let i = 0; i < 5; i++) {
      served.push((await fetch(`http://127.0.0.1:${port}/api/health`)).status);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(served).toEqual([200, 200, 200, 200, 200]);

    for (const s of await Promise.all(midHeaders)) {
      expect(s.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_MS - 50);
      expect(s.closedAfterMs).toBeLessThan(HEADERS_MS + SLACK_MS);
      expect(s.received).toMatch(/^HTTP\/1\.1 408/);
    }
    for (const s of await Promise.all(trickling)) {
      // Never idle, so only the header deadline can end it.
      expect(s.closedAfterMs).toBeLessThan(HEADERS_MS + SLACK_MS);
    }
    for (const s of await Promise.all(midBody)) {
      expect(s.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_MS - 50);
      expect(s.closedAfterMs).toBeLessThan(REQUEST_MS + SLACK_MS);
    }
    const after = await idle;
    expect(after.received).toMatch(/^HTTP\/1\.1 200/);
    // Node keeps an idle keep-alive socket 1 s beyond keepAliveTimeout (its race buffer for clients).
    expect(after.closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_MS);
    expect(after.closedAfterMs).toBeLessThan(KEEP_ALIVE_MS + 1000 + SLACK_MS);
    expect(h.app.server.listening).toBe(true);
  }, 30_000);
});
