import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ workers need maxRetriesPerRequest: null (BullMQ 6 refuses otherwise); the same options
 * suit queues. Reconnects forever with a capped backoff, so a Redis restart loses no work.
 */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(times * 200, 5000),
  };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis({ ...redisOptions(url), ...extra });
}

/** The same options in BullMQ's own connection type (BullMQ 6 declares its own RedisOptions). */
export function bullConnection(url: string): import('bullmq').ConnectionOptions {
  return redisOptions(url) as unknown as import('bullmq').ConnectionOptions;
}
