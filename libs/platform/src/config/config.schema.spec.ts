import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, MIN_SECRET_VARIETY, PUBLISHED_JWT_SECRETS, requireSessionSecret, secretVariety } from './config.schema.js';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' };

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to refuse the environment');
}

/** A fresh random key: a literal here would itself be a key written in the repository, which production must refuse. */
const strongKey = () => randomBytes(32).toString('base64url');

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ port: 3000, redisUrl: 'redis://127.0.0.1:6379', queuePrefix: 'ringfence', logLevel: 'info' });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer port between 0 and 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT .*\(got "70000"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid configuration: REDIS_URL must be a redis:\/\/ URL/],
    [{ SMTP_URL: 'mail' }, /^Invalid configuration: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of/],
    [{ QUEUE_PREFIX: 'a b' }, /^Invalid configuration: QUEUE_PREFIX must be 1-40 letters/],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long-enough-password' }, /^Invalid configuration: ADMIN_EMAIL must be an email address/],
    [{ ADMIN_EMAIL: 'a@b.org' }, /^Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together$/],
    [{ NODE_ENV: 'production' }, /^Invalid configuration: JWT_SECRET is required when NODE_ENV=production/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters$/],
    [{ CORS_ORIGINS: 'https://ok.example.org,not a url' }, /^Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins .*\(got "not a url"\)$/],
    [{ CORS_ORIGINS: 'https://grants.example.org/' }, /^Invalid configuration: CORS_ORIGINS .*\(got "https:\/\/grants.example.org\/"\)$/],
    [{ CORS_ORIGINS: 'https://grants.example.org/app' }, /^Invalid configuration: CORS_ORIGINS /],
    [{ CORS_ORIGINS: '*' }, /^Invalid configuration: CORS_ORIGINS /],
    [{ CORS_ORIGINS: 'ftp://files.example.org' }, /^Invalid configuration: CORS_ORIGINS /],
    [{ REPORT_RATE_LIMIT: '0' }, /^Invalid configuration: REPORT_RATE_LIMIT /],
    [{ REPORT_RATE_LIMIT: 'lots' }, /^Invalid configuration: REPORT_RATE_LIMIT must be a whole number of requests/],
    [{ REPORT_RATE_LIMIT_WINDOW: '0s' }, /^Invalid configuration: REPORT_RATE_LIMIT_WINDOW must be a duration/],
    [{ REFRESH_TOKEN_TTL: '2 weeks' }, /^Invalid configuration: REFRESH_TOKEN_TTL must be a duration/],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET must be at least 32 characters$/],
    [{ SESSION_SECRET: 's'.repeat(40), JWT_SECRET: 's'.repeat(40) }, /^Invalid configuration: SESSION_SECRET must differ from JWT_SECRET$/],
    [{ SESSION_IDLE_TIMEOUT: '30' }, /^Invalid configuration: SESSION_IDLE_TIMEOUT must be a duration/],
    [{ SESSION_ABSOLUTE_TIMEOUT: '0h' }, /^Invalid configuration: SESSION_ABSOLUTE_TIMEOUT must be a duration/],
    [{ SESSION_IDLE_TIMEOUT: '2h', SESSION_ABSOLUTE_TIMEOUT: '1h' }, /^Invalid configuration: SESSION_IDLE_TIMEOUT must not be longer than SESSION_ABSOLUTE_TIMEOUT/],
    [{ TRUST_PROXY: 'true' }, /^Invalid configuration: TRUST_PROXY must be a number of proxy hops/],
    [{ TRUST_PROXY: '11' }, /^Invalid configuration: TRUST_PROXY /],
    [{ TRUST_PROXY: '10.0.0.0/8,everyone' }, /^Invalid configuration: TRUST_PROXY .*\(got "10.0.0.0\/8,everyone"\)$/],
    [{ GRANTS_DATA_SOURCE_URL: 'grants.example.org/360giving.json' }, /^Invalid configuration: GRANTS_DATA_SOURCE_URL must be an http\(s\) URL .*\(got "grants.example.org\/360giving.json"\)$/],
    [{ GRANTS_DATA_SOURCE_URL: 'ftp://grants.example.org/360giving.json' }, /^Invalid configuration: GRANTS_DATA_SOURCE_URL /],
    [{ GRANTS_DATA_SOURCE_URL: 'https://grants.example.org/a file.json' }, /^Invalid configuration: GRANTS_DATA_SOURCE_URL /],
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = failure({ ...base, ...env });
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('reads the token lifetimes, CORS origins and report limit, with short defaults', () => {
    expect(loadConfig(base)).toMatchObject({ jwtTtl: '15m', refreshTokenTtlSeconds: 14 * 86_400, corsOrigins: [], reportRateLimit: { limit: 30, windowSeconds: 60 } });
    const config = loadConfig({ ...base, CORS_ORIGINS: ' https://grants.example.org , http://localhost:5173', REPORT_RATE_LIMIT: '500', REPORT_RATE_LIMIT_WINDOW: '2s', REFRESH_TOKEN_TTL: '12h' });
    expect(config).toMatchObject({ corsOrigins: ['https://grants.example.org', 'http://localhost:5173'], reportRateLimit: { limit: 500, windowSeconds: 2 }, refreshTokenTtlSeconds: 43_200 });
  });

  it('gives the 360Giving file a data source: the one configured, else this server in development, none in production', () => {
    const url = 'https://grants.example.org/360giving-{financialYear}.json';
    expect(loadConfig({ ...base, GRANTS_DATA_SOURCE_URL: url }).grantsDataSourceUrl).toBe(url);
    expect(loadConfig({ ...base, PORT: '8080' }).grantsDataSourceUrl).toBe('http://localhost:8080/api/exports/360giving?financialYear={financialYear}');
    expect(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: strongKey() }).grantsDataSourceUrl).toBeNull();
  });

  it('trusts no proxy by default, or the hops or proxies TRUST_PROXY names', () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('keeps documents under ./.data/files up to 10 MB by default, or in the S3 bucket FILES_S3_BUCKET names', () => {
    expect(loadConfig(base).files).toEqual({ maxBytes: 10 * 1024 * 1024, store: { kind: 'local', directory: './.data/files' } });
    expect(loadConfig({ ...base, FILES_DIR: '/var/lib/ringfence', FILES_MAX_BYTES: '2048' }).files).toEqual({ maxBytes: 2048, store: { kind: 'local', directory: '/var/lib/ringfence' } });
    expect(loadConfig({ ...base, FILES_S3_BUCKET: 'pcc-documents' }).files.store).toEqual({ kind: 's3', bucket: 'pcc-documents', region: 'us-east-1', forcePathStyle: false, prefix: '' });
    const compatible = loadConfig({ ...base, FILES_S3_BUCKET: 'docs', FILES_S3_ENDPOINT: 'http://127.0.0.1:9000', FILES_S3_REGION: 'eu-west-2', FILES_S3_PREFIX: 'ringfence/', FILES_S3_ACCESS_KEY_ID: 'key', FILES_S3_SECRET_ACCESS_KEY: 'secret' });
    expect(compatible.files.store).toEqual({ kind: 's3', bucket: 'docs', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-2', forcePathStyle: true, prefix: 'ringfence/', credentials: { accessKeyId: 'key', secretAccessKey: 'secret' } });
    expect(loadConfig({ ...base, FILES_S3_BUCKET: 'docs', FILES_S3_ENDPOINT: 'http://minio:9000', FILES_S3_FORCE_PATH_STYLE: 'false' }).files.store).toMatchObject({ forcePathStyle: false });
  });

  it.each([
    [{ FILES_MAX_BYTES: '0' }, /^Invalid configuration: FILES_MAX_BYTES must be a whole number of bytes from 1 to 104857600/],
    [{ FILES_MAX_BYTES: '10MB' }, /^Invalid configuration: FILES_MAX_BYTES /],
    [{ FILES_S3_BUCKET: 'Not_A_Bucket' }, /^Invalid configuration: FILES_S3_BUCKET must be an S3 bucket name/],
    [{ FILES_S3_BUCKET: 'docs', FILES_S3_ENDPOINT: 'minio:9000' }, /^Invalid configuration: FILES_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/],
    [{ FILES_S3_ENDPOINT: 'http://minio:9000' }, /^Invalid configuration: FILES_S3_ENDPOINT is set but FILES_S3_BUCKET is not/],
    [{ FILES_S3_BUCKET: 'docs', FILES_S3_ACCESS_KEY_ID: 'key' }, /^Invalid configuration: FILES_S3_ACCESS_KEY_ID and FILES_S3_SECRET_ACCESS_KEY must be set together/],
    [{ FILES_S3_BUCKET: 'docs', FILES_S3_PREFIX: 'no-slash' }, /^Invalid configuration: FILES_S3_PREFIX must be a key prefix ending in a slash/],
    [{ FILES_S3_BUCKET: 'docs', FILES_S3_FORCE_PATH_STYLE: 'yes' }, /^Invalid configuration: FILES_S3_FORCE_PATH_STYLE must be true or false/],
  ])('refuses document storage settings %j', (env, expected) => {
    expect(failure({ ...base, ...env })).toMatch(expected);
  });

  it('reads the web session timeouts, 30 minutes idle and 12 hours in all by default', () => {
    expect(loadConfig(base)).toMatchObject({ sessionIdleTimeoutSeconds: 1800, sessionAbsoluteTimeoutSeconds: 43_200 });
    expect(loadConfig({ ...base, SESSION_IDLE_TIMEOUT: '2s', SESSION_ABSOLUTE_TIMEOUT: '5s' })).toMatchObject({ sessionIdleTimeoutSeconds: 2, sessionAbsoluteTimeoutSeconds: 5 });
  });

  it('asks for SESSION_SECRET in production only where the web needs it, with a development key otherwise', () => {
    const production = loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: strongKey() });
    expect(() => requireSessionSecret(production)).toThrow(/^Invalid configuration: SESSION_SECRET is required when NODE_ENV=production/);
    const random = strongKey();
    expect(requireSessionSecret(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: strongKey(), SESSION_SECRET: random }))).toBe(random);
    // The same published-value and pattern checks as JWT_SECRET: a session cookie signed with a known key is a forged login too.
    for (const weak of ['s'.repeat(40), 'ringfence-development-session-key-do-not-use-in-production', 'change-me-this-session-placeholder-is-not-a-secret']) {
      expect(() => requireSessionSecret(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: strongKey(), SESSION_SECRET: weak }))).toThrow(/^Invalid configuration: SESSION_SECRET is /);
    }
    expect(requireSessionSecret(loadConfig(base))).toMatch(/development/);
  });

  it('never echoes a secret it refuses', () => {
    expect(failure({ ...base, SESSION_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(failure({ ...base, ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'hunter2' })).not.toContain('hunter2');
  });
});

/** Every JWT_SECRET value written in a file of the repository (defaults, placeholders, test keys). */
function jwtSecretsWrittenInRepository(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\$\{JWT_SECRET:?[-=]([^}]*)\}/g, // a shell or compose default: ${JWT_SECRET:-value}
    /JWT_SECRET['"]?\s*[:=]\s*(['"`])([^'"`\n]*)\1/g, // a quoted literal in code or YAML
    /^[\s#]*JWT_SECRET=([^\s'"$]+)/gm, // an env file line, commented out or not
  ];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (['node_modules', 'dist', '.git', '.data', 'coverage'].includes(name)) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.size < 1_000_000) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes('JWT_SECRET')) continue;
        for (const pattern of patterns) {
          for (const m of text.matchAll(pattern)) {
            const value = m[m.length - 1]!;
            if (value) found.set(value, path.slice(root.length + 1));
          }
        }
      }
    }
  };
  walk(root);
  return found;
}

describe('JWT_SECRET in production', () => {
  const production = { ...base, NODE_ENV: 'production' };
  // Made here, not written down: a key written in the repository is exactly what production refuses.
  const random = randomBytes(24).toString('base64');

  it('accepts a random key of 32+ characters', () => {
    expect(loadConfig({ ...production, JWT_SECRET: random }).jwtSecret).toBe(random);
  });

  /**
   * Greps the repository, so a placeholder added later (a new compose default, an env example,
   * a test key) fails here until PUBLISHED_JWT_SECRETS names it or it is refused anyway.
   */
  it('refuses every value written in the repository: development default, compose placeholder, env example, test keys', () => {
    const written = jwtSecretsWrittenInRepository(process.cwd());
    expect([...written.keys()]).toContain('ringfence-development-secret-do-not-use-in-production');
    for (const [value, file] of written) {
      expect([file, value, failure({ ...production, JWT_SECRET: value })]).toEqual([file, value, expect.stringMatching(/^Invalid configuration: JWT_SECRET /)]);
    }
    for (const value of PUBLISHED_JWT_SECRETS) expect(failure({ ...production, JWT_SECRET: value })).toMatch(/published in the Ringfence repository/);
    // The development default is what loadConfig uses when nothing is set outside production.
    expect(PUBLISHED_JWT_SECRETS).toContain(loadConfig(base).jwtSecret);
  });

  it.each([
    ['one character repeated', 'a'.repeat(48)],
    ['a hex run repeated', '0123456789abcdef'.repeat(3)],
    ['an alphabet run', 'abcdefghijklmnopqrstuvwxyz012345'],
    ['a word repeated', 'password'.repeat(4)],
    ['two halves', 'a'.repeat(16) + 'b'.repeat(16)],
  ])('refuses a key of low variety (%s) without echoing it', (_why, secret) => {
    expect(secretVariety(secret)).toBeLessThan(MIN_SECRET_VARIETY);
    const message = failure({ ...production, JWT_SECRET: secret });
    expect(message).toMatch(/^Invalid configuration: JWT_SECRET is a repeated or sequential pattern/);
    expect(message).not.toContain(secret);
  });

  it('still refuses a key shorter than 32 characters, and outside production lets the known keys be', () => {
    expect(failure({ ...production, JWT_SECRET: 'Zx8'.repeat(10) })).toMatch(/^Invalid configuration: JWT_SECRET must be at least 32 characters$/);
    expect(loadConfig({ ...base, NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long' }).nodeEnv).toBe('test');
  });
});
