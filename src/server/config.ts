import { z } from 'zod';
import { TimeZoneSchema } from '../domain/entities';
import { DEFAULT_HALL_TIME_ZONE } from '../domain/hall-time';

/**
 * Server settings, read once from the environment. Parsed with zod so a typo in a deployment
 * fails at start with a message naming the variable, instead of misbehaving later.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const milliseconds = z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1).max(3_600_000);

/** Timeouts against slow and stalled clients (Node's own allow a stalled body for minutes, or for ever). */
export const DEFAULT_TIMEOUTS = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  connectionTimeoutMs: 60_000,
} as const;

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number({ error: 'must be a number' }).int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Embedded database under DATA_DIR/pglite (unless DATABASE_URL); photos later under DATA_DIR/photos. */
    DATA_DIR: z.string().min(1).default('./data'),
    /** A real PostgreSQL (15+); when set, DATA_DIR/pglite is not used. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
      .optional(),
    SESSION_DAYS: z.coerce.number({ error: 'must be a number' }).positive().max(365).default(14),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Fill an empty database with the demo center (floors, windows, staff, demo sign-ins). */
    SEED_DEMO: booleanFromEnv.default(true),
    /** Behind a reverse proxy: trust X-Forwarded-For / -Proto (client IP for throttling, https cookies). */
    TRUST_PROXY: booleanFromEnv.default(false),
    /** The hall's IANA time zone: a record's month, a round's day and "today" are its calendar. */
    HALL_TIME_ZONE: TimeZoneSchema.default(DEFAULT_HALL_TIME_ZONE),
    /** Slow or stalled clients (issue 11 §5): how long a connection may take to send its headers… */
    HEADERS_TIMEOUT_MS: milliseconds.default(DEFAULT_TIMEOUTS.headersTimeoutMs),
    /** …and its whole request, body included (a 5 MiB photo on poor Wi-Fi, with room to spare). */
    REQUEST_TIMEOUT_MS: milliseconds.default(DEFAULT_TIMEOUTS.requestTimeoutMs),
    /** How long an idle keep-alive connection is kept between requests. */
    KEEP_ALIVE_TIMEOUT_MS: milliseconds.default(DEFAULT_TIMEOUTS.keepAliveTimeoutMs),
    /** A socket with no traffic either way for this long is closed (e.g. a client that stops reading). */
    CONNECTION_TIMEOUT_MS: milliseconds.default(DEFAULT_TIMEOUTS.connectionTimeoutMs),
    /** HTTPS directly (PEM file paths, both or neither): HTTP/2 with HTTP/1.1 fallback. */
    TLS_CERT: z.string().min(1).optional(),
    TLS_KEY: z.string().min(1).optional(),
    /** /metrics from anywhere but this machine needs `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  })
  .refine((c) => c.HEADERS_TIMEOUT_MS <= c.REQUEST_TIMEOUT_MS, {
    error: 'must not be longer than REQUEST_TIMEOUT_MS',
    path: ['HEADERS_TIMEOUT_MS'],
  });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionDays: number;
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  seedDemo: boolean;
  trustProxy: boolean;
  hallTimeZone: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connectionTimeoutMs: number;
  /** Both set → the server speaks https itself. */
  tls?: { certFile: string; keyFile: string };
  metricsToken?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings (e.g. `PORT=` in a unit file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid server configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (Boolean(c.TLS_CERT) !== Boolean(c.TLS_KEY)) {
    throw new ConfigError('Invalid server configuration:\n  TLS_CERT and TLS_KEY: set both (PEM files) or neither');
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    sessionDays: c.SESSION_DAYS,
    logLevel: c.LOG_LEVEL,
    seedDemo: c.SEED_DEMO,
    trustProxy: c.TRUST_PROXY,
    hallTimeZone: c.HALL_TIME_ZONE,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeoutMs: c.CONNECTION_TIMEOUT_MS,
    ...(c.TLS_CERT && c.TLS_KEY ? { tls: { certFile: c.TLS_CERT, keyFile: c.TLS_KEY } } : {}),
    ...(c.METRICS_TOKEN ? { metricsToken: c.METRICS_TOKEN } : {}),
  };
}

/** Settings for tests and tools: in-memory database, silent logs, no demo seed unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    databaseUrl: undefined,
    sessionDays: 14,
    logLevel: 'silent',
    seedDemo: false,
    trustProxy: false,
    hallTimeZone: DEFAULT_HALL_TIME_ZONE,
    ...DEFAULT_TIMEOUTS,
    ...overrides,
  };
}
