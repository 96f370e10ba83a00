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
 * connect-redis's store, dropping this process's kept copy of a session when it writes it: before
 * sending the write, because express-session sends a redirect's headers while the write is still
 * on its way and the browser follows them at once (the next page must not be answered from the
 * old copy: it asks Redis, on the same connection, after the write); and again once it completes,
 * because Redis's own message to the writer comes only after the reply.
 */
class CachingRedisStore extends RedisStore {
  override async set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): Promise<void> {
    this.forget(sid);
    return this.thenForget(sid, super.set(sid, sess), cb);
  }

  override async destroy(sid: string, cb?: (err?: unknown) => void): Promise<void> {
    this.forget(sid);
    return this.thenForget(sid, super.destroy(sid), cb);
  }

  private forget(sid: string): void {
    (this.client as { clientSideCache?: { invalidate(key: string): void } }).clientSideCache?.invalidate(this.prefix + sid);
  }

  private async thenForget(sid: string, write: Promise<unknown>, cb?: (err?: unknown) => void): Promise<void> {
    let error: unknown;
    await write.catch((e: unknown) => (error = e ?? new Error('session write failed')));
    this.forget(sid);
    if (cb) return cb(error);
    if (error) throw error;
  }
}

/**
 * Server-side sessions in Redis (docs/web-contract.md#security): the cookie holds only a signed random id. It is
 * HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS, directly or through a
 * proxy TRUST_PROXY names (`secure: 'auto'` reads Express's trust-proxy setting), so plain http on
 * localhost works in every mode. No Max-Age: the cookie ends with the browser. Both timeouts are
 * checked on each request (WebSessionService.identify).
 *
 * A page costs at most one Redis read, not a read and a write (issue 17.6: the write was most of a small
 * page's fixed cost). The time of the last request, which the idle timeout is measured from, is
 * saved only once it is older than the activity window (sessionActivityWindowSeconds), and
 * express-session's per-request touch (an EXPIRE) is off: every save sets the key's TTL to the idle
 * timeout plus that window, so the key outlives the idle rule it serves, and identify, not Redis,
 * is what ends an idle session (and says why).
 *
 * Unchanged sessions are read from memory (issue 17.6: the read was the largest part of a small
 * page's remaining fixed cost). The connection asks Redis to track the keys it reads (RESP3
 * client-side caching) and Redis tells it the moment another connection changes or deletes one
 * (queued while the write runs, before the writer's reply, so it is here before the writer's page
 * can have answered the browser and the browser asked again);
 * this process's own writes drop its copy before they are sent and as they complete
 * (CachingRedisStore). Without the
 * connection nothing is cached: the client clears its copies when it closes or fails. Window: a
 * session changed or ended by another process is seen when Redis's message arrives
 * (docs/web-contract.md#security; the API's token cache has the same rule). A browser sent by a
 * redirect to another process before the writer's write has reached Redis reads the old session
 * with or without this cache (express-session sends a redirect's headers before its write ends).
 *
 * connect-redis 10 speaks the `redis` client's API (not ioredis'), hence its own connection,
 * closed with the app. With the offline queue off, a request during a Redis outage fails at once
 * (the error page) instead of hanging until Redis is back.
 */
@Injectable()
export class WebSessionStore implements OnModuleDestroy {
  readonly middleware: RequestHandler;
  /** The store behind the middleware (tests: what a write in flight does to a kept copy). */
  readonly store: RedisStore;
  private readonly client;
  private readonly connecting: Promise<void>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const secret = requireSessionSecret(config);
    this.client = createClient({
      url: config.redisUrl,
      disableOfflineQueue: true,
      RESP: 3,
      // A session is a few hundred bytes; past this many the least recently used are dropped.
      clientSideCache: { maxEntries: 10_000 },
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    });
    // Failures show on the requests that need Redis; reconnecting is the client's job.
    this.client.on('error', () => undefined);
    this.connecting = this.client.connect().then(
      () => undefined,
      () => undefined,
    );
    const store = (this.store = new CachingRedisStore({
      client: this.client,
      prefix: `${config.queuePrefix}:web-session:`,
      ttl: Math.ceil(config.sessionIdleTimeoutSeconds + sessionActivityWindowSeconds(config)),
      disableTouch: true,
    }));
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
