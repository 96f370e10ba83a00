import {
  applyDecorators,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { APP_CONFIG, createRedis, type AppConfig } from '#platform/index.js';
import type { AuthenticatedRequest } from './access.decorators.js';

/** Counted separately: a user at their report limit can still export, and the reverse. */
export type RateLimitBucket = 'reports' | 'exports';

const RATE_LIMIT_KEY = 'ringfence:rate-limit';

/**
 * Per-user limit on an expensive route (whole-year reports and exports): REPORT_RATE_LIMIT
 * requests per REPORT_RATE_LIMIT_WINDOW, counted in Redis so every API process agrees. Over the
 * limit the answer is 429 with Retry-After. @nestjs/throttler cannot load under our Jest ESM
 * setup (README, Development), hence this small guard.
 */
export const RateLimited = (bucket: RateLimitBucket) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, bucket),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Too many requests of this kind from this user; Retry-After gives the seconds to wait' }),
  );

/**
 * A fixed window per user and bucket: the first request sets the key's expiry, later ones only
 * count. It runs after the global auth guard, so the caller is known: a user by id, and an
 * anonymous caller (a published year, @PublicWhenPublished) by address (req.ip, which believes
 * X-Forwarded-For only from TRUST_PROXY), in the same bucket as everyone else.
 *
 * If Redis cannot be reached the request is let through (and logged): these limits protect the
 * database from report storms, not secrets, and reports staying available during a Redis outage
 * matters more. Login throttling, which protects passwords, fails closed instead.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleDestroy {
  private readonly logger = new Logger(RateLimitGuard.name);
  private readonly redis: Redis;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // One retry, not BullMQ's "forever": a request must not hang while Redis is away.
    this.redis = createRedis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.getAllAndOverride<RateLimitBucket | undefined>(RATE_LIMIT_KEY, [context.getHandler(), context.getClass()]);
    if (!bucket) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = req.actor?.userId ?? `address:${req.ip ?? 'unknown'}`;
    const { limit, windowSeconds } = this.config.reportRateLimit;
    const key = `${this.config.queuePrefix}:rate:${bucket}:${caller}`;

    let count: number;
    let remainingMs: number;
    try {
      const results = await this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').pttl(key).exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the transaction was discarded');
      count = Number(results[0]![1]);
      remainingMs = Number(results[2]![1]);
    } catch (error) {
      this.logger.warn({ err: error, bucket }, 'rate limit not checked: Redis did not answer');
      return true;
    }
    if (count <= limit) return true;
    // Rounded up: a client that waits this long finds the window over.
    const retryAfterSeconds = remainingMs > 0 ? Math.ceil(remainingMs / 1000) : windowSeconds;
    throw new HttpException(
      { message: `too many ${bucket} requests (${limit} per ${windowSeconds} seconds); try again in ${retryAfterSeconds} seconds`, code: 'RATE_LIMITED', retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
