import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { APP_CONFIG, createRedis, HEARTBEAT_KEY, type AppConfig } from '#platform/index.js';
import { Public } from '../common/access.decorators.js';
import { HealthResponse } from './health.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation, ApiResponse } from '../common/openapi.js';

/** /health (outside /api): database and Redis, for load balancers and `npm start`. */
@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Fail fast rather than queue commands while Redis is away: health must answer promptly.
    this.redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ operationId: 'checkHealth', summary: 'Whether the database and Redis answer; 503 naming the part that is down' })
  @ApiOkResponse({ type: HealthResponse, description: 'both up' })
  @ApiResponse({ status: 503, type: HealthResponse, description: 'a part is down: `error` names it' })
  @ApiErrors({ 415: 'A request body that is not JSON (this route takes none)' })
  check() {
    // /health is public: a failure says which part is down, never the driver's message (hosts,
    // ports, users); the logs have the detail.
    return this.health.check([
      async () => {
        try {
          return await this.db.pingCheck('database', { timeout: 3000 });
        } catch {
          return this.indicator.check('database').down({ message: 'not reachable' });
        }
      },
      async () => {
        const redis = this.indicator.check('redis');
        try {
          if (this.redis.status === 'wait') await this.redis.connect();
          await this.redis.ping();
          const beat = await this.redis.get(`${this.config.queuePrefix}:${HEARTBEAT_KEY}`);
          return redis.up({ workerHeartbeat: beat });
        } catch (error) {
          return redis.down({ message: 'not reachable' });
        }
      },
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
