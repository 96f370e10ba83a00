import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, HEARTBEAT_KEY, type AppConfig } from '#platform/index.js';
import { WORKER_REDIS } from '../worker.tokens.js';

/** Records that the worker is alive and processing; /health shows the last beat. */
@Injectable()
export class WorkerHeartbeat {
  constructor(
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async beat(): Promise<void> {
    await this.redis.set(`${this.config.queuePrefix}:${HEARTBEAT_KEY}`, new Date().toISOString(), 'EX', 180);
  }
}
