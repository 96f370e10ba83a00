import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { DomainModule } from '#domain/index.js';
import { APP_CONFIG, createRedis, JobName, loggerParams, type AppConfig } from '#platform/index.js';
import { JOB_HANDLERS, type JobHandlers } from './job-handlers.js';
import { HeartbeatProcessor } from './system/heartbeat.processor.js';
import { RemindersProcessor } from './notifications/reminders.processor.js';
import { ReconciliationProcessor } from './reconciliation/reconciliation.processor.js';
import { WorkerRunner } from './worker-runner.service.js';
import { WORKER_REDIS } from './worker.tokens.js';

/** The worker process: BullMQ processors and job schedulers, no HTTP. */
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
        HeartbeatProcessor,
        RemindersProcessor,
        ReconciliationProcessor,
        {
          provide: JOB_HANDLERS,
          inject: [HeartbeatProcessor, RemindersProcessor, ReconciliationProcessor],
          useFactory: (heartbeat: HeartbeatProcessor, reminders: RemindersProcessor, reconciliation: ReconciliationProcessor): JobHandlers => ({
            [JobName.SystemHeartbeat]: () => heartbeat.beat(),
            [JobName.ReminderScan]: (data) => reminders.scan(data),
            [JobName.ReminderSend]: (data) => reminders.send(data),
            [JobName.ReminderSendPending]: () => reminders.sendPending(),
            [JobName.ReconciliationRun]: (data) => reconciliation.run(data),
            [JobName.ReconciliationNightly]: () => reconciliation.nightly(),
            [JobName.ReconciliationRecover]: () => reconciliation.recover(),
          }),
        },
        WorkerRunner,
      ],
    };
  }
}
