import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy the PWA runs under: everything from our own origin, no inline script
 * but the built index.html's own (allowed by hash, registerSecurityHeaders).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'blob:', 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
};

/** scriptHashes: 'sha256-…' sources of the built app's inline scripts (inline-scripts.ts). */
export async function registerSecurityHeaders(app: FastifyInstance, scriptHashes: string[] = []): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP_DIRECTIVES, scriptSrc: [...CSP_DIRECTIVES.scriptSrc, ...scriptHashes] },
    },
    // Plain http on a LAN address must keep working for the demo; HSTS is the proxy's job.
    strictTransportSecurity: false,
  });
  // …but once a request came over https (here, or by a proxy saying X-Forwarded-Proto: https with
  // TRUST_PROXY), the browser is told to keep to https: plain http would leak the session cookie.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

/** 180 days; no includeSubDomains: other machines under the hall's domain are not ours to pin. */
export const HSTS = 'max-age=15552000';
