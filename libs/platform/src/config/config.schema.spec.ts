import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, requireSessionSecret } from './config.schema.js';

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

  it('trusts no proxy by default, or the hops or proxies TRUST_PROXY names', () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('reads the web session timeouts, 30 minutes idle and 12 hours in all by default', () => {
    expect(loadConfig(base)).toMatchObject({ sessionIdleTimeoutSeconds: 1800, sessionAbsoluteTimeoutSeconds: 43_200 });
    expect(loadConfig({ ...base, SESSION_IDLE_TIMEOUT: '2s', SESSION_ABSOLUTE_TIMEOUT: '5s' })).toMatchObject({ sessionIdleTimeoutSeconds: 2, sessionAbsoluteTimeoutSeconds: 5 });
  });

  it('asks for SESSION_SECRET in production only where the web needs it, with a development key otherwise', () => {
    const production = loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40) });
    expect(() => requireSessionSecret(production)).toThrow(/^Invalid configuration: SESSION_SECRET is required when NODE_ENV=production/);
    expect(requireSessionSecret(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), SESSION_SECRET: 's'.repeat(40) }))).toBe('s'.repeat(40));
    expect(requireSessionSecret(loadConfig(base))).toMatch(/development/);
  });

  it('never echoes a secret it refuses', () => {
    expect(failure({ ...base, SESSION_SECRET: 'tiny-secret' })).not.toContain('tiny-secret');
    expect(failure({ ...base, ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'hunter2' })).not.toContain('hunter2');
  });
});
