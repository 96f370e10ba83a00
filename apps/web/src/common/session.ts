import { RedisStore } from 'connect-redis';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import type { AppConfig } from '#platform/index.js';

export const SESSION_COOKIE = 'ringfence.sid';

export interface SessionMiddleware {
  handler: RequestHandler;
  /** Waits (a short while) for Redis, so the first requests find it connected. */
  ready: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Server-side sessions in Redis (WEB.md): the cookie holds only a signed random id. It is
 * HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS, directly or through a
 * proxy TRUST_PROXY names (`secure: 'auto'` reads Express's trust-proxy setting), so plain http on
 * localhost works in every mode. No Max-Age: the cookie ends with the browser, and the session
 * ends in Redis after SESSION_IDLE_TIMEOUT without a request (each request renews the key's
 * TTL); the absolute timeout is checked on each request (WebSessionService.identify).
 *
 * connect-redis 10 speaks the `redis` client's API (not ioredis'), hence its own connection. With
 * the offline queue off, a request during a Redis outage fails at once (an error page) instead
 * of hanging until Redis is back.
 */
export function createSessionMiddleware(config: AppConfig): SessionMiddleware {
  const client = createClient({
    url: config.redisUrl,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  // Failures show on the requests that need Redis; reconnecting is the client's job.
  client.on('error', () => undefined);
  const connecting = client.connect().then(
    () => undefined,
    () => undefined,
  );
  const store = new RedisStore({ client, prefix: `${config.queuePrefix}:web-session:`, ttl: config.sessionIdleTimeoutSeconds });
  const handler = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
  });
  return {
    handler,
    ready: () => Promise.race([connecting, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]),
    close: async () => {
      if (client.isOpen) await client.close().catch(() => undefined);
      else client.destroy();
    },
  };
}
