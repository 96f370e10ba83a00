import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.schema.js';

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
  ])('refuses %j with one line naming the variable', (env, expected) => {
    const message = failure({ ...base, ...env });
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret it refuses', () => {
    expect(failure({ ...base, ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'hunter2' })).not.toContain('hunter2');
  });
});
