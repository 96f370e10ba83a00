import { HttpException, HttpStatus, Inject, Injectable, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, createRedis, type AppConfig } from '#platform/index.js';

/** The login throttling policy (SECURITY.md, "Login throttling"), counted in Redis so every API process agrees. */
export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  /** One account from one address, per window, then 429: a person mistyping, or a guesser. */
  perAccountAndAddress: 10,
  /** One address against any accounts, per window, then 429: a spray of common passwords. */
  perAddress: 100,
  /**
   * One account from anywhere: after this many failures, addresses the account has not logged in
   * from are slowed (below) rather than blocked, so a stranger cannot lock the owner out.
   */
  perAccountBeforeSlowing: 10,
  /** The account-wide count lasts this long after its latest failure, so a steady attack never resets it. */
  accountWindowSeconds: 60 * 60,
  /** Slowed: one attempt at a time from unfamiliar addresses, 1 s after the first, doubling per failure up to this. */
  maxSlowDownSeconds: 5 * 60,
  /** An address stays known for an account this long after a successful login from it. */
  knownAddressSeconds: 30 * 86_400,
} as const;

const UNAVAILABLE = 'logging in is unavailable for a moment; try again shortly';

/**
 * Login throttling (docs/api.md#authentication: repeated failures give 429). Callers run `assertAllowed` before
 * checking the password, then `recordFailure` or `recordSuccess`; the API's login and the web
 * sign-in share these counters. Emails are lower-cased so case tricks do not reset a count.
 *
 * Hard limits per account-and-address and per address. Per account across addresses the limit
 * slows instead of blocking: once an account has failed `perAccountBeforeSlowing` times, addresses
 * it has never logged in from share a single turn (one attempt per delay, the delay doubling with
 * each further failure up to `maxSlowDownSeconds`), however many of them there are; addresses it
 * logged in from in the last `knownAddressSeconds` are not slowed at all. So guessing one password
 * from many addresses runs at about 12 tries an hour, while the owner at their usual address gets
 * in at once.
 */
@Injectable()
export class LoginAttemptsService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // One retry, not BullMQ's "forever": during a Redis outage a login must answer, not hang.
    this.redis = createRedis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  private keys(email: string, address: string) {
    const p = this.config.queuePrefix;
    const account = email.trim().toLowerCase();
    return {
      pair: `${p}:login-fail:pair:${account}|${address}`,
      address: `${p}:login-fail:address:${address}`,
      account: `${p}:login-fail:account:${account}`,
      /** Held while unfamiliar addresses must wait their turn at this account. */
      turn: `${p}:login-fail:turn:${account}`,
      known: `${p}:login-known:${account}|${address}`,
    };
  }

  /**
   * Throws 429 (with the seconds to wait) when this account-and-address or this address is over
   * its limit, or when the account is being slowed and this address is unfamiliar and not first in
   * line; and 503 when the counters cannot be read: throttling protects passwords, so it fails closed.
   */
  async assertAllowed(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const [pair, perAddress, account, known] = await this.redis.mget(keys.pair, keys.address, keys.account, keys.known).catch(() => {
      throw new ServiceUnavailableException(UNAVAILABLE);
    });
    if (Number(pair ?? 0) >= LOGIN_LIMITS.perAccountAndAddress) throw await this.tooMany(keys.pair);
    if (Number(perAddress ?? 0) >= LOGIN_LIMITS.perAddress) throw await this.tooMany(keys.address);
    const failures = Number(account ?? 0);
    if (known || failures < LOGIN_LIMITS.perAccountBeforeSlowing) return;
    const delay = Math.min(LOGIN_LIMITS.maxSlowDownSeconds, 2 ** (failures - LOGIN_LIMITS.perAccountBeforeSlowing));
    // One attempt per turn across every unfamiliar address: NX lets exactly one through.
    const turn = await this.redis.set(keys.turn, '1', 'EX', delay, 'NX').catch(() => {
      throw new ServiceUnavailableException(UNAVAILABLE);
    });
    if (turn !== 'OK') throw await this.tooMany(keys.turn);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    await this.redis
      .multi()
      .incr(keys.pair)
      .expire(keys.pair, LOGIN_LIMITS.windowSeconds, 'NX')
      .incr(keys.address)
      .expire(keys.address, LOGIN_LIMITS.windowSeconds, 'NX')
      .incr(keys.account)
      .expire(keys.account, LOGIN_LIMITS.accountWindowSeconds)
      .exec();
  }

  /** Clears this account-and-address count and remembers the address as the account's own. */
  async recordSuccess(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    await this.redis.multi().del(keys.pair).set(keys.known, '1', 'EX', LOGIN_LIMITS.knownAddressSeconds).exec();
  }

  private async tooMany(key: string): Promise<HttpException> {
    const seconds = Math.max(await this.redis.ttl(key).catch(() => 1), 1);
    // The error filter turns retryAfterSeconds into a Retry-After header.
    return new HttpException(
      { message: `too many failed logins; try again in ${seconds} seconds`, code: 'RATE_LIMITED', retryAfterSeconds: seconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
