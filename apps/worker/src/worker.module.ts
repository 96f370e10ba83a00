import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { DomainModule, PanelPackService, RemindersService, ReconciliationService } from '#domain/index.js';
import { APP_CONFIG, createRedis, loggerParams, type AppConfig } from '#platform/index.js';
import { bindJobHandlers, JOB_HANDLERS } from './job-handlers.js';
import { WorkerHeartbeat } from './system/worker-heartbeat.js';
import { WorkerRunner } from './worker-runner.service.js';
import { WORKER_REDIS } from './worker.tokens.js';

/** The worker process: the job catalogue bound to the domain methods, and the job schedulers; no HTTP. */
@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(WORKER_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  static forRoot(overrides: NodeJS.ProcessEnv = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        DomainModule.forRoot(overrides),
        LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
      ],
      providers: [
        { provide: WORKER_REDIS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createRedis(config.redisUrl) },
        WorkerHeartbeat,
        { provide: JOB_HANDLERS, inject: [RemindersService, ReconciliationService, WorkerHeartbeat, PanelPackService], useFactory: bindJobHandlers },
        WorkerRunner,
      ],
    };
  }
}
