// The domain services as the worker builds them (DomainModule on the platform module), without
// the worker's BullMQ processors and schedulers: a bench must not have a nightly job start a
// reconciliation or a reminder scan in the middle of a measurement. Jobs the services enqueue go
// to Redis under a bench-only queue prefix, removed by clearBenchQueues().
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DomainModule } from '#domain/index.js';

export const BENCH_QUEUE_PREFIX = 'ringfence-bench';

export async function createBenchContext({ databaseUrl, redisUrl, logLevel = 'warn' }) {
  class BenchModule {}
  const overrides = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: BENCH_QUEUE_PREFIX, LOG_LEVEL: logLevel, NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') };
  const app = await NestFactory.createApplicationContext(
    // DomainModule.forRoot brings the config, platform and database modules in the order the
    // worker's does (a bare PlatformModule import no longer finds the DataSource its calendar needs).
    { module: BenchModule, imports: [DomainModule.forRoot(overrides)] },
    { logger: ['error', 'warn'], abortOnError: false },
  );
  await app.init();
  return app;
}

/** Deletes every key under the bench queue prefix (jobs the measured services enqueued). */
export async function clearBenchQueues(redisUrl) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH_QUEUE_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
