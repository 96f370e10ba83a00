import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

const FILES_MAX_BYTES_RANGE = 'must be a whole number of bytes from 1 to 104857600 (100 MB)';

/**
 * Every environment variable (docs/operations.md; the README's Configuration table), validated once at start-up.
 * A wrong value stops the process with one line naming the variable (see loadConfig).
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional() @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional() @IsString() @MinLength(3)
  MAIL_FROM = 'Ringfence <ringfence@localhost>';

  @IsOptional() @IsInt({ message: 'must be an integer port between 0 and 65535' }) @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @Matches(/^\d+[smhd]$/, { message: 'must be a duration like 15m, 1h or 8h' })
  JWT_TTL = '15m';

  @IsOptional() @Matches(/^[1-9]\d*[smhd]$/, { message: 'must be a duration like 12h, 14d or 30d' })
  REFRESH_TOKEN_TTL = '14d';

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string;

  @IsOptional() @Matches(/^[1-9]\d*[smhd]$/, { message: 'must be a duration like 30m, 1h or 8h' })
  SESSION_IDLE_TIMEOUT = '30m';

  @IsOptional() @Matches(/^[1-9]\d*[smhd]$/, { message: 'must be a duration like 8h, 12h or 1d' })
  SESSION_ABSOLUTE_TIMEOUT = '12h';

  /** Comma-separated exact origins; checked one by one in loadConfig (see parseOrigins). */
  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  /** Which proxies' X-Forwarded-For to believe; checked in loadConfig (see parseTrustProxy). */
  @IsOptional() @IsString()
  TRUST_PROXY?: string;

  @IsOptional() @IsInt({ message: 'must be a whole number of requests from 1 to 100000' }) @Min(1) @Max(100_000)
  REPORT_RATE_LIMIT = 30;

  @IsOptional() @Matches(/^[1-9]\d*[smhd]$/, { message: 'must be a duration like 30s, 1m or 1h' })
  REPORT_RATE_LIMIT_WINDOW = '1m';

  @IsOptional() @IsEmail({}, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString() @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1-40 letters, digits, _ or -' })
  QUEUE_PREFIX = 'ringfence';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional() @IsInt({ message: 'must be a whole number of pence' }) @Min(0)
  PAYMENT_SECOND_APPROVER_ABOVE_PENCE = 1_000_000;

  @IsOptional() @IsInt({ message: 'must be a whole number from 1 to 100' }) @Min(1) @Max(100)
  SMALL_NUMBER_THRESHOLD = 5;

  @IsOptional() @Matches(/^[A-Za-z0-9-]{2,40}$/, { message: 'must be a 360Giving publisher prefix like 360G-cheshirepcc' })
  GRANTS_PREFIX = '360G-ringfence';

  /** Where the published 360Giving file lives; checked in loadConfig (see parseDataSource). */
  @IsOptional() @IsString()
  GRANTS_DATA_SOURCE_URL?: string;
  @IsOptional() @IsString() @MinLength(1)
  FILES_DIR = './.data/files';

  @IsOptional()
  @IsInt({ message: FILES_MAX_BYTES_RANGE }) @Min(1, { message: FILES_MAX_BYTES_RANGE }) @Max(100 * 1024 * 1024, { message: FILES_MAX_BYTES_RANGE })
  FILES_MAX_BYTES = 10 * 1024 * 1024;

  @IsOptional() @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)' })
  FILES_S3_BUCKET?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(?:\/\S*)?$/, { message: 'must be an http:// or https:// URL of an S3-compatible server' })
  FILES_S3_ENDPOINT?: string;

  @IsOptional() @Matches(/^[a-z0-9-]{2,32}$/, { message: 'must be a region name like eu-west-2' })
  FILES_S3_REGION = 'us-east-1';

  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' })
  FILES_S3_FORCE_PATH_STYLE?: 'true' | 'false';

  @IsOptional() @Matches(/^(?:[A-Za-z0-9._-]+\/)+$/, { message: 'must be a key prefix ending in a slash, like ringfence/documents/' })
  FILES_S3_PREFIX?: string;

  @IsOptional() @IsString() @MinLength(1)
  FILES_S3_ACCESS_KEY_ID?: string;

  @IsOptional() @IsString() @MinLength(1)
  FILES_S3_SECRET_ACCESS_KEY?: string;
}

/** Where uploaded files' bytes are kept (libs/platform/src/files). */
export type FileStoreConfig =
  | Readonly<{ kind: 'local'; directory: string }>
  | Readonly<{
      kind: 's3';
      bucket: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      prefix: string;
      credentials?: Readonly<{ accessKeyId: string; secretAccessKey: string }>;
    }>;

export type AppConfig = Readonly<{
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl?: string;
  redisUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  port: number;
  jwtSecret: string;
  jwtTtl: string;
  /** Lifetime of each refresh token; every refresh issues a new one (default 14 days). */
  refreshTokenTtlSeconds: number;
  /** Signs the web's session cookie (the session itself lives in Redis); read it with requireSessionSecret. */
  sessionSecret?: string;
  /** A web session unused this long ends (default 30 minutes). */
  sessionIdleTimeoutSeconds: number;
  /** A web session ends this long after sign-in, however busy (default 12 hours). */
  sessionAbsoluteTimeoutSeconds: number;
  /** Origins allowed to call the API from a browser; empty = no CORS headers at all. */
  corsOrigins: readonly string[];
  /**
   * Express's `trust proxy`: false (the socket's address is the client's), a number of proxy hops,
   * or the proxies' addresses/subnets. Login throttling per address depends on it.
   */
  trustProxy: false | number | readonly string[];
  /** Report and export requests each user may make per window, counted in Redis. */
  reportRateLimit: Readonly<{ limit: number; windowSeconds: number }>;
  adminEmail?: string;
  adminPassword?: string;
  queuePrefix: string;
  logLevel: string;
  grantsPrefix: string;
  /**
   * The public URL of the published 360Giving file (each grant's dataSource), `{financialYear}`
   * standing for the year (URL-encoded, 2014%2F15); null when there is none to give.
   */
  grantsDataSourceUrl: string | null;
  /** Payments above this many pence need an approver other than their creator (default £10,000). */
  paymentSecondApproverAbovePence: number;
  /** Victim counts below this are shown as `<N` beyond a partner's own view (default 5). */
  smallNumberThreshold: number;
  /** Uploaded documents: the largest file accepted, and where the bytes are kept. */
  files: Readonly<{ maxBytes: number; store: FileStoreConfig }>;
}>;

/** Development-only signing key: refused when NODE_ENV=production (JWT_SECRET is then required). */
const DEV_JWT_SECRET = 'ringfence-development-secret-do-not-use-in-production';
/** Development-only cookie signing key: refused when NODE_ENV=production (SESSION_SECRET is then required). */
const DEV_SESSION_SECRET = 'ringfence-development-session-key-do-not-use-in-production';

/**
 * Every signing key ever written in this repository (the development defaults, the old
 * docker-compose placeholders, the test and bench keys): anyone who can read the repository can
 * sign tokens or session cookies with them, so production refuses each one, for JWT_SECRET and
 * SESSION_SECRET alike. config.schema.spec.ts greps the repository for JWT_SECRET values and
 * fails when one is missing here.
 */
export const PUBLISHED_JWT_SECRETS: readonly string[] = Object.freeze([
  DEV_JWT_SECRET,
  DEV_SESSION_SECRET,
  'change-me-this-placeholder-is-not-a-secret-0000',
  'change-me-this-session-placeholder-is-not-a-secret',
  'test-secret-that-is-at-least-32-characters-long',
  'bench-only-jwt-secret-never-used-for-tokens-0123',
]);

/** Below this many LZ76 phrases a key is a pattern, not a random value (see secretVariety). */
export const MIN_SECRET_VARIETY = 12;

/** LZ76 phrase count: each phrase is the shortest piece of `s` that does not occur earlier. */
function lz76Phrases(s: string): number {
  let phrases = 0;
  for (let pos = 0; pos < s.length; phrases++) {
    let len = 1;
    while (pos + len <= s.length && s.slice(0, pos + len - 1).includes(s.slice(pos, pos + len))) len++;
    pos += len;
  }
  return phrases;
}

/**
 * How much variety a key has: the LZ76 phrase count of the key and of the steps between its
 * characters, whichever is lower, over its first 256 characters. A repeated piece ('aaaa...',
 * 'passwordpassword...') has few phrases; a run ('abcdef...', '0123456789abcdef' repeated)
 * has few in its steps. Random keys of 32 hex characters measured 15 or more in 100,000 tries
 * (`openssl rand -base64 48`: 40 or more); the patterns above measure 2 to 8.
 */
export function secretVariety(secret: string): number {
  const head = secret.slice(0, 256);
  let steps = '';
  for (let i = 1; i < head.length; i++) steps += String.fromCharCode(0x8000 + head.charCodeAt(i) - head.charCodeAt(i - 1));
  return Math.min(lz76Phrases(head), lz76Phrases(steps));
}

/** Why a production signing key (`name`: JWT_SECRET or SESSION_SECRET) cannot be used, or null when it can. */
function productionSecretProblem(name: string, secret: string): string | null {
  if (PUBLISHED_JWT_SECRETS.includes(secret.trim())) {
    return `${name} is a value published in the Ringfence repository (a default or placeholder); anyone could sign logins with it. Set a random one, e.g. \`openssl rand -base64 48\``;
  }
  if (secretVariety(secret) < MIN_SECRET_VARIETY) {
    return `${name} is a repeated or sequential pattern, not a random value. Set a random one, e.g. \`openssl rand -base64 48\``;
  }
  return null;
}

export class ConfigError extends Error {}

const NUMERIC = new Set(['PORT', 'PAYMENT_SECOND_APPROVER_ABOVE_PENCE', 'SMALL_NUMBER_THRESHOLD', 'REPORT_RATE_LIMIT', 'FILES_MAX_BYTES']);

const DURATION_UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `15m` -> 900. Only for values the schema has already checked (a number, then s, m, h or d). */
export function durationSeconds(duration: string): number {
  const unit = duration.slice(-1) as keyof typeof DURATION_UNIT_SECONDS;
  return Number(duration.slice(0, -1)) * DURATION_UNIT_SECONDS[unit];
}

/**
 * CORS_ORIGINS: exact origins only (scheme, host and port, nothing else), because the browser
 * compares the Origin header byte for byte; a path, a trailing slash or a wildcard would either
 * never match or match far more than intended.
 */
function parseOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = undefined;
    }
    if (origin !== entry) {
      throw new ConfigError(`Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins like https://grants.example.org, without paths or trailing slashes (got "${entry}")`);
    }
    return origin;
  });
}

/**
 * TRUST_PROXY: unset or 0 = trust no proxy; a hop count (1-10); or a comma list of proxy
 * addresses, subnets (CIDR) or Express's names (loopback, linklocal, uniquelocal). Never "true":
 * believing every X-Forwarded-For would let anyone pick the address their login failures count
 * against.
 */
function parseTrustProxy(value: string | undefined): false | number | string[] {
  if (!value || value === '0' || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
  } else {
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
    const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)(?:\/\d{1,3})?$/;
    if (entries.length > 0 && entries.every((e) => named.has(e) || address.test(e))) return entries;
  }
  throw new ConfigError(`Invalid configuration: TRUST_PROXY must be a number of proxy hops (1-10) or a comma-separated list of proxy addresses, subnets or loopback/linklocal/uniquelocal (got "${value}")`);
}

const DATA_SOURCE_EXAMPLE = 'https://grants.example.org/api/exports/360giving?financialYear={financialYear}';

/**
 * GRANTS_DATA_SOURCE_URL: an absolute http(s) URL, `{financialYear}` allowed for the year. Unset:
 * in development and tests the file's address on this server (http://localhost:PORT/api/...),
 * which is where it really lives; in production none (the quality check then says NoDataSource),
 * since only the operator knows the public address.
 */
function parseDataSource(value: string | undefined, nodeEnv: string, port: number): string | null {
  if (!value) return nodeEnv === 'production' ? null : `http://localhost:${port}/api/exports/360giving?financialYear={financialYear}`;
  let ok = false;
  try {
    const url = new URL(value.replaceAll('{financialYear}', '2014%2F15'));
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(value);
  } catch {
    ok = false;
  }
  if (!ok) throw new ConfigError(`Invalid configuration: GRANTS_DATA_SOURCE_URL must be an http(s) URL such as ${DATA_SOURCE_EXAMPLE} (got "${value}")`);
  return value;
}

/**
 * The local directory unless FILES_S3_BUCKET names a bucket. The other FILES_S3_* variables
 * without a bucket are refused rather than ignored: a deployment that meant S3 must not quietly
 * keep documents on one server's disk.
 */
function fileStoreConfig(vars: EnvironmentVariables): FileStoreConfig {
  if (!vars.FILES_S3_BUCKET) {
    const stray = (['FILES_S3_ENDPOINT', 'FILES_S3_FORCE_PATH_STYLE', 'FILES_S3_PREFIX', 'FILES_S3_ACCESS_KEY_ID', 'FILES_S3_SECRET_ACCESS_KEY'] as const).find((k) => vars[k] !== undefined);
    if (stray) throw new ConfigError(`Invalid configuration: ${stray} is set but FILES_S3_BUCKET is not (set the bucket to keep documents in S3, or remove ${stray})`);
    return Object.freeze({ kind: 'local', directory: vars.FILES_DIR });
  }
  if (Boolean(vars.FILES_S3_ACCESS_KEY_ID) !== Boolean(vars.FILES_S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid configuration: FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY must be set together (or neither, to use the standard AWS credentials)');
  }
  return Object.freeze({
    kind: 's3',
    bucket: vars.FILES_S3_BUCKET,
    ...(vars.FILES_S3_ENDPOINT ? { endpoint: vars.FILES_S3_ENDPOINT } : {}),
    region: vars.FILES_S3_REGION,
    // S3-compatible servers mostly want the bucket in the path; AWS itself prefers the host.
    forcePathStyle: vars.FILES_S3_FORCE_PATH_STYLE ? vars.FILES_S3_FORCE_PATH_STYLE === 'true' : Boolean(vars.FILES_S3_ENDPOINT),
    prefix: vars.FILES_S3_PREFIX ?? '',
    ...(vars.FILES_S3_ACCESS_KEY_ID ? { credentials: Object.freeze({ accessKeyId: vars.FILES_S3_ACCESS_KEY_ID, secretAccessKey: vars.FILES_S3_SECRET_ACCESS_KEY! }) } : {}),
  });
}

function firstMessage(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {});
  return messages[messages.length - 1] ?? 'is invalid';
}

/**
 * Validates the environment. Throws ConfigError whose message is one line naming the variable,
 * e.g. `PORT must be an integer port between 0 and 65535 (got "abc")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const got = env[e.property];
    const shown = /SECRET|PASSWORD/.test(e.property) ? '' : got === undefined ? '' : ` (got "${got}")`;
    throw new ConfigError(`Invalid configuration: ${e.property} ${firstMessage(e).replace(/^\S+ /, (w) => (w === `${e.property} ` ? '' : w))}${shown}`);
  }
  if (vars.NODE_ENV === 'production') {
    if (!vars.JWT_SECRET) throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
    const problem = productionSecretProblem('JWT_SECRET', vars.JWT_SECRET);
    if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  }
  // One leaked key must not give both a forged token and a forged session cookie.
  if (vars.SESSION_SECRET && vars.SESSION_SECRET === vars.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET must differ from JWT_SECRET');
  }
  if (durationSeconds(vars.SESSION_IDLE_TIMEOUT) > durationSeconds(vars.SESSION_ABSOLUTE_TIMEOUT)) {
    throw new ConfigError(`Invalid configuration: SESSION_IDLE_TIMEOUT must not be longer than SESSION_ABSOLUTE_TIMEOUT (got "${vars.SESSION_IDLE_TIMEOUT}" and "${vars.SESSION_ABSOLUTE_TIMEOUT}")`);
  }
  if (Boolean(vars.ADMIN_EMAIL) !== Boolean(vars.ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return Object.freeze({
    nodeEnv: vars.NODE_ENV,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM,
    port: vars.PORT,
    jwtSecret: vars.JWT_SECRET ?? DEV_JWT_SECRET,
    jwtTtl: vars.JWT_TTL,
    refreshTokenTtlSeconds: durationSeconds(vars.REFRESH_TOKEN_TTL),
    sessionSecret: vars.SESSION_SECRET,
    sessionIdleTimeoutSeconds: durationSeconds(vars.SESSION_IDLE_TIMEOUT),
    sessionAbsoluteTimeoutSeconds: durationSeconds(vars.SESSION_ABSOLUTE_TIMEOUT),
    corsOrigins: Object.freeze(parseOrigins(vars.CORS_ORIGINS)),
    trustProxy: ((t) => (Array.isArray(t) ? Object.freeze(t) : t))(parseTrustProxy(vars.TRUST_PROXY)),
    reportRateLimit: Object.freeze({ limit: vars.REPORT_RATE_LIMIT, windowSeconds: durationSeconds(vars.REPORT_RATE_LIMIT_WINDOW) }),
    adminEmail: vars.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: vars.ADMIN_PASSWORD,
    queuePrefix: vars.QUEUE_PREFIX,
    logLevel: vars.LOG_LEVEL,
    grantsPrefix: vars.GRANTS_PREFIX,
    grantsDataSourceUrl: parseDataSource(vars.GRANTS_DATA_SOURCE_URL, vars.NODE_ENV, vars.PORT),
    paymentSecondApproverAbovePence: vars.PAYMENT_SECOND_APPROVER_ABOVE_PENCE,
    smallNumberThreshold: vars.SMALL_NUMBER_THRESHOLD,
    files: Object.freeze({ maxBytes: vars.FILES_MAX_BYTES, store: fileStoreConfig(vars) }),
  });
}

/**
 * For process entry points: print the one line and exit 1 instead of a stack trace.
 * `requireDatabase`: every entry point but `npm start` (which brings its own) needs DATABASE_URL.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, { requireDatabase = false } = {}): AppConfig {
  try {
    const config = loadConfig(env);
    if (requireDatabase) requireDatabaseUrl(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The web's cookie-signing key. Only the web needs one, so only the web asks: required when
 * NODE_ENV=production (a fixed development key otherwise), like JWT_SECRET for tokens.
 */
export function requireSessionSecret(config: AppConfig): string {
  if (config.nodeEnv !== 'production') return config.sessionSecret ?? DEV_SESSION_SECRET;
  if (!config.sessionSecret) throw new ConfigError('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production (at least 32 characters)');
  const problem = productionSecretProblem('SESSION_SECRET', config.sessionSecret);
  if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  return config.sessionSecret;
}

export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.databaseUrl) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required (a postgres:// URL); `npm start` provides an embedded one');
  }
  return config.databaseUrl;
}
