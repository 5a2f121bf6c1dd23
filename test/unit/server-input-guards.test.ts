import { describe, expect, it } from 'vitest';
import { sniffContentType } from '../../src/server/http/content-signature';
import { databaseRefusal } from '../../src/server/http/database-errors';
import { MAX_JSON_DEPTH, exceedsJsonDepth } from '../../src/server/http/json-depth';

describe('JSON nesting, measured before parsing', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth('{"a":'.repeat(65) + '1' + '}'.repeat(65))).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ note: '['.repeat(1000) + '"\\' + '{'.repeat(1000) }))).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify(['"', nest(10)]) + nest(3), 3)).toBe(false);
    expect(exceedsJsonDepth(nest(4), 3)).toBe(true);
    expect(exceedsJsonDepth(nest(100_000))).toBe(true); // no recursion here, so no stack to overflow
  });
});

describe('content signatures', () => {
  it('knows JPEG, PNG, WebP and PDF by their first bytes, nothing else', () => {
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffContentType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffContentType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    for (const other of ['<!doctype html>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '\xff\xd8', '', 'GIF89a']) {
      expect(sniffContentType(Buffer.from(other, 'latin1')), other).toBeNull();
    }
  });
});

describe('database refusals', () => {
  const dbError = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error('x'), { code, severity: 'ERROR', ...extra });
  it('maps the request-caused SQLSTATEs to stable 4xx codes, and nothing else', () => {
    expect(databaseRefusal(dbError('22P05'))).toMatchObject({
      statusCode: 400,
      error: 'unsupported_text',
      sqlState: '22P05',
    });
    expect(databaseRefusal(dbError('22003'))).toMatchObject({ statusCode: 400, error: 'number_out_of_range' });
    expect(databaseRefusal(dbError('22008'))).toMatchObject({ statusCode: 400, error: 'date_out_of_range' });
    expect(databaseRefusal(dbError('22007'))).toMatchObject({ statusCode: 400, error: 'invalid_date' });
    expect(databaseRefusal(dbError('22P02'))).toMatchObject({ statusCode: 400, error: 'invalid_value' });
    expect(databaseRefusal(dbError('23514', { constraint: 'violations_count_check' }))).toMatchObject({
      statusCode: 400,
      error: 'value_not_allowed',
      message: expect.stringContaining('violations_count_check'),
    });
    expect(databaseRefusal(dbError('23505'))).toMatchObject({ statusCode: 409, error: 'already_exists' });
    expect(databaseRefusal(dbError('54001'))).toMatchObject({ statusCode: 400, error: 'too_complex' });
    expect(databaseRefusal(dbError('22012'))).toMatchObject({ statusCode: 400, error: 'invalid_value' }); // by class
    for (const serverFault of ['40P01', '57P01', '08006', '42P01'])
      expect(databaseRefusal(dbError(serverFault))).toBeNull();
    expect(databaseRefusal(Object.assign(new Error('pipe'), { code: 'EPIPE' }))).toBeNull();
    expect(databaseRefusal('22P05')).toBeNull();
  });
});
