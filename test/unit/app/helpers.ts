import 'fake-indexeddb/auto';
import type { Change } from '../../../src/domain';
import { createDatabase, type WindowDutyDb } from '../../../src/app/db/database';
import type { Clock } from '../../../src/app/sync/engine';

let counter = 0;
export function makeDb(): WindowDutyDb {
  counter += 1;
  return createDatabase(`window-duty-test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
}

export const USER_A = { id: '11111111-1111-4111-8111-111111111111', displayName: '值班长甲' };
export const USER_B = { id: '22222222-2222-4222-8222-222222222222', displayName: '值班长乙' };
export const WINDOW_1 = '33333333-3333-4333-8333-333333333331';
export const WINDOW_2 = '33333333-3333-4333-8333-333333333332';
export const FLOOR_1 = '44444444-4444-4444-8444-444444444441';
export const STAFF_1 = '55555555-5555-4555-8555-555555555551';

export function violationArgs(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    windowId: WINDOW_1,
    staffId: null,
    itemCode: 'OFF_POST',
    count: 1,
    observedAt: '2026-03-02T09:15:00.000Z',
    note: '',
    deviceRecordedAt: '2026-03-02T09:16:00.000Z',
    ...overrides,
  };
}

/** A clock whose time and timers move only when the test says so. */
export class FakeClock implements Clock {
  t = Date.parse('2026-03-02T10:00:00.000Z');
  rnd = 1;
  timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now() {
    return this.t;
  }
  random() {
    return this.rnd;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  /** Move time on, firing due timers. */
  advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((timer) => timer.at <= this.t);
    this.timers = this.timers.filter((timer) => timer.at > this.t);
    for (const timer of due) timer.fn();
  }
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
}

type Handler = (req: Recorded) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A fake fetch: records every request and answers with the handler. */
export function fakeFetch(handler: Handler) {
  const requests: Recorded[] = [];
  const fn = async (input: string, init?: RequestInit) => {
    const req: Recorded = {
      method: init?.method ?? 'GET',
      path: input,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(req);
    return handler(req);
  };
  return { fn, requests };
}

export const SERVER_TIME = '2026-03-02T10:00:00.000Z';

/** A push answer applying every mutation of the request. */
export function applyAll(req: Recorded): Response {
  return json(200, {
    serverTime: SERVER_TIME,
    clockSkewMs: 1200,
    results: req.body.mutations.map((m: { id: string }) => ({ id: m.id, status: 'applied' })),
  });
}

export function emptyPull(req: Recorded): Response {
  const cursor = Number(new URL(req.path, 'http://x').searchParams.get('cursor'));
  return json(200, { serverTime: SERVER_TIME, changes: [], cursor, hasMore: false });
}

/** Serves `changes` page by page (by seq after the cursor). */
export function pullFrom(changes: Change[]) {
  return (req: Recorded): Response => {
    const url = new URL(req.path, 'http://x');
    const cursor = Number(url.searchParams.get('cursor'));
    const limit = Number(url.searchParams.get('limit'));
    const after = changes.filter((c) => c.seq > cursor);
    const page = after.slice(0, limit);
    return json(200, {
      serverTime: SERVER_TIME,
      changes: page,
      cursor: page.length ? page[page.length - 1]!.seq : cursor,
      hasMore: after.length > page.length,
    });
  };
}

export function route(handlers: { push?: Handler; pull?: Handler }): Handler {
  return (req) => {
    if (req.path.startsWith('/api/sync/push')) return (handlers.push ?? applyAll)(req);
    if (req.path.startsWith('/api/sync/pull')) return (handlers.pull ?? emptyPull)(req);
    return json(404, { error: 'not_found', message: req.path });
  };
}
