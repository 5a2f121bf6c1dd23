import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config';
import { canonicalJson, mutationBodyHash } from '../../src/server/sync/canonical-json';

describe('server config', () => {
  it('has defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      sessionDays: 14,
      logLevel: 'info',
      seedDemo: true,
      trustProxy: false,
      hallTimeZone: 'Asia/Shanghai',
      headersTimeoutMs: 15_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 5_000,
      connectionTimeoutMs: 60_000,
    });
  });

  it('reads the timeouts against slow clients; headers may not outlast the request', () => {
    expect(
      loadConfig({
        HEADERS_TIMEOUT_MS: '2000',
        REQUEST_TIMEOUT_MS: '3000',
        KEEP_ALIVE_TIMEOUT_MS: '100',
        CONNECTION_TIMEOUT_MS: '4000',
      }),
    ).toMatchObject({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      keepAliveTimeoutMs: 100,
      connectionTimeoutMs: 4000,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '3000' })).toThrow(
      /HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(/REQUEST_TIMEOUT_MS/);
  });

  it('reads the environment; empty means unset', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_DAYS: '7',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      DATA_DIR: '',
    });
    expect(c).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@h/db',
      sessionDays: 7,
      logLevel: 'warn',
      seedDemo: false,
      dataDir: './data',
    });
  });

  it('takes TLS_CERT and TLS_KEY together or not at all, and a METRICS_TOKEN long enough', () => {
    expect(loadConfig({ TLS_CERT: '/c.pem', TLS_KEY: '/k.pem' }).tls).toEqual({
      certFile: '/c.pem',
      keyFile: '/k.pem',
    });
    expect(loadConfig({}).tls).toBeUndefined();
    expect(() => loadConfig({ TLS_CERT: '/c.pem' })).toThrow(/TLS_CERT and TLS_KEY: set both/);
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(16) }).metricsToken).toBe('a'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });

  it('takes the hall time zone, and refuses one the engine does not know', () => {
    expect(loadConfig({ HALL_TIME_ZONE: 'Asia/Urumqi' }).hallTimeZone).toBe('Asia/Urumqi');
    expect(() => loadConfig({ HALL_TIME_ZONE: 'China/Beijing' })).toThrow(/HALL_TIME_ZONE: must be an IANA time zone/);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
      expect((e as Error).message).toMatch(/LOG_LEVEL/);
    }
  });
});

describe('mutation body hash', () => {
  it('ignores key order, not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    const a = mutationBodyHash({ name: 'n', userId: 'u', args: { x: 1, y: 'z' } });
    expect(mutationBodyHash({ userId: 'u', args: { y: 'z', x: 1 }, name: 'n' })).toBe(a);
    expect(mutationBodyHash({ name: 'n', userId: 'u', args: { x: 2, y: 'z' } })).not.toBe(a);
  });
});
