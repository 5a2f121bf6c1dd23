import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/db/query-rows';
import type { Db } from '../../src/server/db/types';
import { HttpError } from '../../src/server/http/errors';
import { idParams, monthParams, validatorCompiler } from '../../src/server/http/zod-provider';

const validate = (schema: z.ZodType, httpPart: string, data: unknown) =>
  validatorCompiler({ schema, httpPart, method: 'GET', url: '/x' })(data) as { value?: unknown; error?: HttpError };

describe('route schemas (http/zod-provider.ts)', () => {
  it('passes the parsed value on (ids in lower case)', () => {
    const id = 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA';
    expect(validate(idParams('floor'), 'params', { id }).value).toEqual({ id: id.toLowerCase() });
  });

  it('refuses a body with 400 invalid_request and a query with 400 invalid_query, zod issues as details', () => {
    const schema = z.object({ n: z.number() });
    const body = validate(schema, 'body', { n: 'x' }).error!;
    expect(body).toBeInstanceOf(HttpError);
    expect([body.statusCode, body.error]).toEqual([400, 'invalid_request']);
    expect(body.message).toMatch(/^n: /);
    expect(Array.isArray(body.details)).toBe(true);
    const query = validate(schema, 'querystring', null).error!;
    expect([query.statusCode, query.error]).toEqual([400, 'invalid_query']);
  });

  it('answers a schema made with refusing() its own way', () => {
    const notFound = validate(idParams('floor'), 'params', { id: 'nope' }).error!;
    expect([notFound.statusCode, notFound.error, notFound.message]).toEqual([404, 'not_found', 'No floor nope.']);
    const month = validate(monthParams, 'params', { month: '2026-13' }).error!;
    expect([month.statusCode, month.message]).toEqual([400, 'month must be YYYY-MM']);
  });
});

describe('queryRows', () => {
  const fake = (rows: unknown[]): Db => ({ query: async () => rows }) as unknown as Db;
  const Row = z.object({ id: z.string(), n: z.coerce.number() });

  it('parses each row with its schema', async () => {
    expect(await queryRows(fake([{ id: 'a', n: '3' }]), 'select', [], Row)).toEqual([{ id: 'a', n: 3 }]);
  });

  it('fails loudly on a row that is not what the schema says', async () => {
    await expect(queryRows(fake([{ id: 1 }]), 'select', [], Row)).rejects.toThrow();
  });
});
