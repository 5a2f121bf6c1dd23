import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Smaller JSON answers are sent as they are: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Compresses the API's JSON answers (pull pages, published versions) on the fly. Only JSON: the
 * built app's files are compressed at build time and served by @fastify/static (static.ts), photos
 * and exports are binary. Request bodies are never decompressed (a phone sends plain JSON; a
 * compressed body would slip past the body limit). Must be registered before the routes.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // The plugin would also compress the static files it deems compressible (its mime-db fallback
  // ignores customTypes), on the fly, over the precompressed copies: only /api routes take part.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.compress === undefined) route.compress = false;
  });
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    customTypes: /^application\/json(?:;|$)/,
  });
}
