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
 * Every environment variable of API.md, validated once at start-up.
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
  /** Payments above this many pence need an approver other than their creator (default £10,000). */
  paymentSecondApproverAbovePence: number;
  /** Victim counts below this are shown as `<N` beyond a partner's own view (default 5). */
  smallNumberThreshold: number;
  /** Uploaded documents: the largest file accepted, and where the bytes are kept. */
  files: Readonly<{ maxBytes: number; store: FileStoreConfig }>;
}>;

/** Development-only signing key: refused when NODE_ENV=production (JWT_SECRET is then required). */
const DEV_JWT_SECRET = 'ringfence-development-secret-do-not-use-in-production';

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
  if (vars.NODE_ENV === 'production' && !vars.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
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
    corsOrigins: Object.freeze(parseOrigins(vars.CORS_ORIGINS)),
    trustProxy: ((t) => (Array.isArray(t) ? Object.freeze(t) : t))(parseTrustProxy(vars.TRUST_PROXY)),
    reportRateLimit: Object.freeze({ limit: vars.REPORT_RATE_LIMIT, windowSeconds: durationSeconds(vars.REPORT_RATE_LIMIT_WINDOW) }),
    adminEmail: vars.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: vars.ADMIN_PASSWORD,
    queuePrefix: vars.QUEUE_PREFIX,
    logLevel: vars.LOG_LEVEL,
    grantsPrefix: vars.GRANTS_PREFIX,
    paymentSecondApproverAbovePence: vars.PAYMENT_SECOND_APPROVER_ABOVE_PENCE,
    smallNumberThreshold: vars.SMALL_NUMBER_THRESHOLD,
    files: Object.freeze({ maxBytes: vars.FILES_MAX_BYTES, store: fileStoreConfig(vars) }),
  });
}

/** For process entry points: print the one line and exit 1 instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.databaseUrl) {
    throw new ConfigError('Invalid configuration: DATABASE_URL is required (a postgres:// URL); `npm start` provides an embedded one');
  }
  return config.databaseUrl;
}
