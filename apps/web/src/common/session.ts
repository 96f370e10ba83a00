import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RedisStore } from 'connect-redis';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { APP_CONFIG, requireSessionSecret, type AppConfig } from '#platform/index.js';

export const SESSION_COOKIE = 'ringfence.sid';

/**
 * How stale the saved time of the last request may be: a tenth of the idle timeout, at most a
 * minute. So a session is ended after between SESSION_IDLE_TIMEOUT less this window and
 * SESSION_IDLE_TIMEOUT without a request (never later), for one session write a window rather
 * than one a page (docs/web-contract.md#security).
 */
export function sessionActivityWindowSeconds(config: Pick<AppConfig, 'sessionIdleTimeoutSeconds'>): number {
  return Math.min(60, config.sessionIdleTimeoutSeconds / 10);
}

/**
 * Server-side sessions in Redis (docs/web-contract.md#security): the cookie holds only a signed random id. It is
 * HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS, directly or through a
 * proxy TRUST_PROXY names (`secure: 'auto'` reads Express's trust-proxy setting), so plain http on
 * localhost works in every mode. No Max-Age: the cookie ends with the browser. Both timeouts are
 * checked on each request (WebSessionService.identify).
 *
 * A page costs one Redis read, not a read and a write (issue 17.6: the write was most of a small
 * page's fixed cost). The time of the last request, which the idle timeout is measured from, is
 * saved only once it is older than the activity window (sessionActivityWindowSeconds), and
 * express-session's per-request touch (an EXPIRE) is off: every save sets the key's TTL to the idle
 * timeout plus that window, so the key outlives the idle rule it serves, and identify, not Redis,
 * is what ends an idle session (and says why).
 *
 * connect-redis 10 speaks the `redis` client's API (not ioredis'), hence its own connection,
 * closed with the app. With the offline queue off, a request during a Redis outage fails at once
 * (the error page) instead of hanging until Redis is back.
 */
@Injectable()
export class WebSessionStore implements OnModuleDestroy {
  readonly middleware: RequestHandler;
  private readonly client;
  private readonly connecting: Promise<void>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const secret = requireSessionSecret(config);
    this.client = createClient({
      url: config.redisUrl,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    });
    // Failures show on the requests that need Redis; reconnecting is the client's job.
    this.client.on('error', () => undefined);
    this.connecting = this.client.connect().then(
      () => undefined,
      () => undefined,
    );
    const store = new RedisStore({
      client: this.client,
      prefix: `${config.queuePrefix}:web-session:`,
      ttl: Math.ceil(config.sessionIdleTimeoutSeconds + sessionActivityWindowSeconds(config)),
      disableTouch: true,
    });
    this.middleware = session({
      name: SESSION_COOKIE,
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
    });
  }

  /** Waits (a short while) for Redis, so the first requests find it connected. */
  ready(): Promise<void> {
    return Promise.race([this.connecting, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client.isOpen) await this.client.close().catch(() => undefined);
    else this.client.destroy();
  }
}
