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

export const ConfigSchema = z.object({
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
  /** HTTPS directly (PEM file paths, both or neither): HTTP/2 with HTTP/1.1 fallback. */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** /metrics from anywhere but this machine needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
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
    ...overrides,
  };
}
