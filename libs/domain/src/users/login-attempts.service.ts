import { HttpException, HttpStatus, Inject, Injectable, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, createRedis, type AppConfig } from '#platform/index.js';

/** Failed logins allowed per window before 429, counted in Redis so every API process agrees. */
export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** One account from one address: a person mistyping, or a guesser. */
  perAccountAndAddress: 10,
  /** One account from anywhere: a distributed guess at one password. */
  perAccount: 30,
  /** One address against any account: a spray of common passwords. */
  perAddress: 100,
} as const;

/**
 * Login throttling per account and per address (API.md: repeated failures give 429). Only failures
 * count; a success clears that account-and-address counter. Emails are lower-cased so case tricks
 * do not reset the count.
 */
@Injectable()
export class LoginAttemptsService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // One retry, not BullMQ's "forever": during a Redis outage a login must answer, not hang.
    this.redis = createRedis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  private keys(email: string, address: string): [string, number][] {
    const p = `${this.config.queuePrefix}:login-fail`;
    const account = email.trim().toLowerCase();
    return [
      [`${p}:pair:${account}|${address}`, LOGIN_LIMITS.perAccountAndAddress],
      [`${p}:account:${account}`, LOGIN_LIMITS.perAccount],
      [`${p}:address:${address}`, LOGIN_LIMITS.perAddress],
    ];
  }

  /**
   * Throws 429 when any counter for this account or address is used up, and 503 when the
   * counters cannot be read: throttling protects passwords, so it fails closed.
   */
  async assertAllowed(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const counts = await this.redis.mget(...keys.map(([k]) => k)).catch(() => {
      throw new ServiceUnavailableException('logging in is unavailable for a moment; try again shortly');
    });
    const blocked = keys.findIndex(([, limit], i) => Number(counts[i] ?? 0) >= limit);
    if (blocked >= 0) {
      const ttl = await this.redis.ttl(keys[blocked]![0]);
      throw new HttpException(
        // The error filter turns retryAfterSeconds into a Retry-After header.
        { message: `too many failed logins; try again in ${Math.max(ttl, 1)} seconds`, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(ttl, 1) },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const multi = this.redis.multi();
    for (const [key] of this.keys(email, address)) multi.incr(key).expire(key, LOGIN_LIMITS.windowSeconds, 'NX');
    await multi.exec();
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.redis.del(this.keys(email, address)[0]![0]);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
