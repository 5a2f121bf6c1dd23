import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '../../domain';
import { databaseRefusal } from './database-errors';

/** Thrown by handlers; the one error handler turns it into a JSON {error, message, details?}. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Fastify's own errors, mapped to stable codes the phone can switch on. */
function fromFastifyError(err: FastifyError): ApiError & { statusCode: number } {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, error: 'body_too_large', message: 'The request body is larger than 1 MiB.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { statusCode: 415, error: 'unsupported_media_type', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { statusCode: 400, error: 'malformed_json', message: 'The request body is not valid JSON.' };
  }
  if (err instanceof SyntaxError && err.statusCode === 400) {
    return { statusCode: 400, error: 'malformed_json', message: `The request body is not valid JSON: ${err.message}` };
  }
  const statusCode = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  if (statusCode >= 500) return { statusCode, error: 'internal_error', message: 'Something went wrong on the server.' };
  return { statusCode, error: 'bad_request', message: err.message };
}

/**
 * What of an error goes to the log: message, code, stack. Not the whole object: PGlite errors
 * carry the query's parameters, which may hold password hashes or personal data.
 */
function loggable(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  return { type: err.name, message: err.message, code, statusCode, stack: err.stack };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    if (err instanceof HttpError) {
      const body: ApiError = { error: err.error, message: err.message };
      if (err.details !== undefined) body.details = err.details;
      return reply.code(err.statusCode).headers(err.headers).send(body);
    }
    // A value the database refused: the request's fault. The handler's transaction has rolled back.
    const refusal = databaseRefusal(err);
    if (refusal) {
      request.log.warn({ err: loggable(err), sqlState: refusal.sqlState }, 'database refused a value');
      return reply.code(refusal.statusCode).send({ error: refusal.error, message: refusal.message } satisfies ApiError);
    }
    const mapped = fromFastifyError(err as FastifyError);
    if (mapped.statusCode >= 500) request.log.error({ err: loggable(err) }, 'request failed');
    const { statusCode, ...body } = mapped;
    return reply.code(statusCode).send(body);
  });
}

export function apiNotFound(method: string, url: string): ApiError {
  return { error: 'not_found', message: `No such API route: ${method} ${url.split('?')[0]}` };
}
