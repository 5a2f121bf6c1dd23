import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyPluginAsync,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import { IdSchema, describeIssues } from '../../domain';
import { AssessmentMonthSchema } from '../../domain/assessment';
import type { Config } from '../config';
import type { Db } from '../db/types';
import { HttpError } from './errors';

/**
 * Route schemas are the domain's zod schemas (a tiny own type provider rather than
 * fastify-type-provider-zod: every part needs its own refusal — `invalid_request`,
 * `invalid_query`, a 404 for an id that names nothing — in the one `{error, message, details?}`
 * shape, which a per-schema refusal gives without mapping that library's error in the handler).
 * Fastify validates params, then body, then querystring, after the area's hook (session, roles)
 * and before the handler, which gets the parsed, typed value.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** A Fastify instance whose route schemas are zod schemas. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What every area plugin is given (one options object, no positional arguments). */
export interface AreaOptions {
  db: Db;
  config: Config;
  /** The clock of time-based rules (sign-in throttling); tests inject one. */
  now?: () => Date;
}

/** An area of the API: a plugin registered under its prefix, its auth as its hook. */
export type Area = FastifyPluginAsync<AreaOptions, RawServerDefault, ZodTypeProvider>;

type Refusal = (error: z.ZodError, value: unknown) => HttpError;
const refusals = new WeakMap<z.ZodType, Refusal>();

/** The schema, answering its failures with `refusal` instead of the default of its part. */
export function refusing<S extends z.ZodType>(schema: S, refusal: Refusal): S {
  refusals.set(schema, refusal);
  return schema;
}

const DEFAULT_CODE: Record<string, string> = { querystring: 'invalid_query' };

/**
 * Fastify passes a missing part as null; like the hand parsing before, a missing body or query
 * is read as `{}` (a missing field is then named in the message).
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const parsed = schema.safeParse(data ?? {});
    if (parsed.success) return { value: parsed.data };
    const refuse = refusals.get(schema);
    return {
      error: refuse
        ? refuse(parsed.error, data)
        : new HttpError(
            400,
            DEFAULT_CODE[httpPart ?? ''] ?? 'invalid_request',
            describeIssues(parsed.error),
            parsed.error.issues,
          ),
    };
  };

/** For response schemas (none yet: answers are built from typed rows, and pull stays unchecked for speed). */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema }) =>
  (data) =>
    JSON.stringify(schema.parse(data));

/** `/:id` — an id that is no id names nothing: 404 "No <what> <id>." (the id in lower case once parsed). */
export function idParams(what: string) {
  return refusing(z.object({ id: IdSchema }), (_e, value) => {
    const id = (value as { id?: unknown } | null)?.id;
    return new HttpError(404, 'not_found', `No ${what} ${String(id).slice(0, 100)}.`);
  });
}

/** `/:month` — a hall month YYYY-MM, else 400. */
export const monthParams = refusing(z.object({ month: AssessmentMonthSchema }), () => {
  return new HttpError(400, 'invalid_request', 'month must be YYYY-MM');
});
