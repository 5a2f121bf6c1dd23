import { timingSafeEqual } from 'node:crypto';
import type { Api } from '../http/zod-provider';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/types';
import type { MutationEnvelope, PushResponse } from '../../domain';

/**
 * Prometheus counters of this process. They are for watching only: nothing the server decides
 * reads them, so several processes (each with its own counters, summed by Prometheus) stay
 * correct. Labels are low-cardinality: route patterns, never URLs or ids.
 */
const LAG_BUCKETS = [1, 10, 60, 300, 3600, 6 * 3600, 86400, 7 * 86400];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, { sum: number; count: number }>();
  private pushBatches = 0;
  private mutations = { applied: 0, rejected: 0 };
  private pullRequests = 0;
  private pullRows = 0;
  private readonly lagBuckets = LAG_BUCKETS.map(() => 0);
  private lagSum = 0;
  private lagCount = 0;

  request(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escapeLabel(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const dKey = `method="${method}",route="${escapeLabel(route)}"`;
    const d = this.durations.get(dKey) ?? { sum: 0, count: 0 };
    d.sum += seconds;
    d.count += 1;
    this.durations.set(dKey, d);
  }

  /** A push batch: outcomes, and how long each mutation waited on the phone (sync lag). */
  push(mutations: MutationEnvelope[], response: PushResponse): void {
    this.pushBatches += 1;
    for (const r of response.results) this.mutations[r.status] += 1;
    const now = Date.parse(response.serverTime) - response.clockSkewMs; // in the device's clock
    for (const m of mutations) {
      const lag = Math.max(0, (now - Date.parse(m.createdAt)) / 1000);
      if (!Number.isFinite(lag)) continue;
      this.lagSum += lag;
      this.lagCount += 1;
      LAG_BUCKETS.forEach((le, i) => {
        if (lag <= le) this.lagBuckets[i]! += 1;
      });
    }
  }

  pull(rows: number): void {
    this.pullRequests += 1;
    this.pullRows += rows;
  }

  render(pool: DbPoolStats | undefined): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, lines: string[]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    metric(
      'window_duty_http_requests_total',
      'counter',
      'HTTP requests by method, route pattern and status.',
      [...this.requests].map(([k, v]) => `window_duty_http_requests_total{${k}} ${v}`),
    );
    metric(
      'window_duty_http_request_duration_seconds',
      'summary',
      'Time to answer, by method and route pattern.',
      [...this.durations].flatMap(([k, d]) => [
        `window_duty_http_request_duration_seconds_sum{${k}} ${d.sum}`,
        `window_duty_http_request_duration_seconds_count{${k}} ${d.count}`,
      ]),
    );
    metric('window_duty_sync_push_batches_total', 'counter', 'Push requests answered.', [
      `window_duty_sync_push_batches_total ${this.pushBatches}`,
    ]);
    metric(
      'window_duty_sync_mutations_total',
      'counter',
      'Mutations in answered pushes, by outcome (replays count again).',
      [
        `window_duty_sync_mutations_total{outcome="applied"} ${this.mutations.applied}`,
        `window_duty_sync_mutations_total{outcome="rejected"} ${this.mutations.rejected}`,
      ],
    );
    metric('window_duty_sync_pull_requests_total', 'counter', 'Pull requests answered.', [
      `window_duty_sync_pull_requests_total ${this.pullRequests}`,
    ]);
    metric('window_duty_sync_pull_rows_total', 'counter', 'Rows handed out by pulls.', [
      `window_duty_sync_pull_rows_total ${this.pullRows}`,
    ]);
    metric(
      'window_duty_sync_lag_seconds',
      'histogram',
      'From a mutation made on a phone to its push reaching the server (device clock).',
      [
        ...LAG_BUCKETS.map((le, i) => `window_duty_sync_lag_seconds_bucket{le="${le}"} ${this.lagBuckets[i]}`),
        `window_duty_sync_lag_seconds_bucket{le="+Inf"} ${this.lagCount}`,
        `window_duty_sync_lag_seconds_sum ${this.lagSum}`,
        `window_duty_sync_lag_seconds_count ${this.lagCount}`,
      ],
    );
    if (pool) {
      metric('window_duty_db_pool_connections', 'gauge', 'PostgreSQL pool clients of this process, by state.', [
        `window_duty_db_pool_connections{state="total"} ${pool.total}`,
        `window_duty_db_pool_connections{state="idle"} ${pool.idle}`,
        `window_duty_db_pool_connections{state="waiting"} ${pool.waiting}`,
      ]);
    }
    metric('window_duty_process_resident_memory_bytes', 'gauge', 'Resident memory of this process.', [
      `window_duty_process_resident_memory_bytes ${process.memoryUsage().rss}`,
    ]);
    metric('window_duty_process_uptime_seconds', 'gauge', 'Seconds since this process started.', [
      `window_duty_process_uptime_seconds ${process.uptime()}`,
    ]);
    return `${out.join('\n')}\n`;
  }
}

export interface DbPoolStats {
  total: number;
  idle: number;
  waiting: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics: a request with `Authorization: Bearer <METRICS_TOKEN>`, or one made on
 * this machine directly. The socket address is used, not request.ip, and a request a proxy
 * forwarded (X-Forwarded-For) is not "local" even when the proxy runs on this machine.
 */
export function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  const auth = request.headers.authorization;
  if (token && auth?.startsWith('Bearer ')) {
    const given = Buffer.from(auth.slice('Bearer '.length));
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.has(request.socket.remoteAddress ?? '');
}

/** Counts every answer (a root hook); `app.metrics` is read by push, pull and GET /metrics. */
export function installMetrics(app: FastifyInstance): void {
  const metrics = new Metrics();
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.request(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}

/** GET /metrics: the counters (text format 0.0.4), for this machine or a bearer of METRICS_TOKEN. */
export function metricsRoute(app: Api, db: Db, config: Pick<Config, 'metricsToken'>): void {
  app.get('/metrics', async (request, reply) => {
    if (!mayReadMetrics(request, config.metricsToken)) {
      return reply
        .code(403)
        .send({ error: 'forbidden', message: 'metrics are for this machine or a bearer of METRICS_TOKEN' });
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(app.metrics.render(db.poolStats?.()));
  });
}
