import type { Config } from '../config';

/**
 * Fastify/Node options that cut slow and stalled clients (issue 11 §5: 200 connections stalled
 * mid-headers or mid-body were still open after 130 s). Node checks the header and request
 * deadlines only every connectionsCheckingInterval (30 s by default), so the interval follows the
 * shortest deadline: a stalled connection is closed (408) at most a quarter of it, ≤ 1 s, late.
 */
export function serverTimeouts(
  config: Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'connectionTimeoutMs'>,
) {
  const checkEvery = Math.max(
    10,
    Math.min(1000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)),
  );
  return {
    /** The whole request, headers and body; Fastify sets server.requestTimeout from it. */
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    /** Socket inactivity (server.setTimeout). */
    connectionTimeout: config.connectionTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs, // Node checks headersTimeout ≤ requestTimeout at creation
      connectionsCheckingInterval: checkEvery,
    },
  };
}
