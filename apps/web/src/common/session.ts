import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RedisStore } from 'connect-redis';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { APP_CONFIG, requireSessionSecret, type AppConfig } from '#platform/index.js';

export const SESSION_COOKIE = 'ringfence.sid';

/**
 * Server-side sessions in Redis (docs/web-contract.md#security): the cookie holds only a signed random id. It is
 * HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS, directly or through a
 * proxy TRUST_PROXY names (`secure: 'auto'` reads Express's trust-proxy setting), so plain http on
 * localhost works in every mode. No Max-Age: the cookie ends with the browser, and the session
 * ends in Redis after SESSION_IDLE_TIMEOUT without a request (each request renews the key's
 * TTL); the absolute timeout is checked on each request (WebSessionService.identify).
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
    const store = new RedisStore({ client: this.client, prefix: `${config.queuePrefix}:web-session:`, ttl: config.sessionIdleTimeoutSeconds });
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
