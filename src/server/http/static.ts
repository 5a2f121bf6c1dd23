import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { apiNotFound } from './errors';

const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The file as the app names it: the precompressed copy (x.js.br, x.js.gz) is served for x.js. */
function servedName(file: string): string {
  return file.replace(/\.(?:br|gz)$/, '');
}

/** Files a browser must revalidate on every load, or an old app shell sticks around. */
function mustRevalidate(file: string): boolean {
  const name = path.basename(servedName(file));
  return name === 'index.html' || name === 'sw.js' || name.startsWith('workbox-') || name.endsWith('.webmanifest');
}

/**
 * Serves the built PWA (dist/) on the API's port. Any GET outside /api without a file gets
 * index.html (the app routes on the client); /api/* never falls back, it gets a JSON 404.
 */
export async function registerStatic(app: FastifyInstance, staticDir: string | undefined): Promise<void> {
  const root = staticDir && existsSync(path.join(staticDir, 'index.html')) ? path.resolve(staticDir) : undefined;
  if (root) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      cacheControl: false, // set below, per file
      // x.br / x.gz made at build time (vite.config.ts) are sent to a browser that accepts them.
      preCompressed: true,
      setHeaders(reply, file) {
        const rel = path.relative(root, servedName(file)).split(path.sep).join('/');
        if (mustRevalidate(file)) reply.header('cache-control', NO_CACHE);
        else if (rel.startsWith('assets/')) reply.header('cache-control', IMMUTABLE);
        else reply.header('cache-control', 'public, max-age=3600');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      return reply.code(404).send(apiNotFound(request.method, request.url));
    }
    const looksLikeFile = /\.[a-z0-9]+$/i.test(pathname);
    if (root && (request.method === 'GET' || request.method === 'HEAD') && !looksLikeFile) {
      return reply.header('cache-control', NO_CACHE).type('text/html; charset=utf-8').sendFile('index.html', root);
    }
    return reply.code(404).send({ error: 'not_found', message: `Not found: ${pathname}` });
  });
}
