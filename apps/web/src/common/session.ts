import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createClient } from 'redis';
import { APP_CONFIG, requireSessionSecret, type AppConfig } from '#platform/index.js';
import { SessionStore } from './session-store.js';
import type { SessionData, WebSession } from './web-request.js';

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
 * The cookie's value for a session id: `s:<id>.<HMAC-SHA256 of the id, base64 without padding>`,
 * the format express-session wrote before (issue 16), so browsers signed in before an upgrade stay
 * signed in.
 */
function signedSessionId(id: string, secret: string): string {
  return `s:${id}.${createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, '')}`;
}

/** The session id a cookie's value carries, when its signature is ours; else undefined. */
function verifiedSessionId(value: string, secret: string): string | undefined {
  if (!value.startsWith('s:')) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 2) return undefined;
  const id = value.slice(2, dot);
  const given = Buffer.from(value);
  const expected = Buffer.from(signedSessionId(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

/** One cookie of a Cookie header, URI-decoded (as Express's res.cookie encodes it); the first if repeated. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** 192 random bits, URL-safe: an id nobody can guess; a new one for every new or regenerated session. */
function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * One request's session: what it was read as, and the id it is saved under. Saving is decided at
 * the end: a session whose JSON differs from what was read (or last saved) is written before the
 * response is sent, so a browser following a redirect never reads the session as it was before
 * (express-session, used before, sent a redirect while its write was still on its way).
 */
class RequestSession {
  /** The id the session is saved under; undefined for a session not saved yet (new or regenerated). */
  id: string | undefined;
  /** The JSON last read or written under `id`. */
  private savedJson: string | undefined;
  private destroyed = false;
  /** A write failed: the response is an error page, not the page as if the session were saved. */
  private failed = false;
  /** The response is ending: its headers go out after the write, not before it. */
  ending = false;

  constructor(
    private readonly req: Request,
    private readonly store: SessionStore,
    private readonly secret: string,
    /** The id the browser's cookie carries (valid signature), whether or not such a session exists. */
    private readonly cookieId: string | undefined,
  ) {}

  start(id: string | undefined, json: string | null): void {
    let data: SessionData = {};
    if (id !== undefined && json !== null) {
      try {
        data = JSON.parse(json) as SessionData;
        this.id = id;
        this.savedJson = json;
      } catch {
        // Not ours to read: started afresh, under a new id once something is put in it.
      }
    }
    this.req.session = new Session(this, data) as unknown as WebSession;
  }

  async regenerate(): Promise<void> {
    if (this.id !== undefined) await this.store.remove(this.id);
    this.id = undefined;
    this.savedJson = undefined;
    this.start(undefined, null);
  }

  async save(): Promise<void> {
    const json = JSON.stringify(this.req.session);
    const id = this.id ?? newSessionId();
    try {
      await this.store.write(id, json);
    } catch (error) {
      // Nothing more is saved for this request, and no cookie names an id that was never stored.
      this.failed = true;
      throw error;
    }
    this.id = id;
    this.savedJson = json;
  }

  async destroy(): Promise<void> {
    if (this.id !== undefined) await this.store.remove(this.id);
    this.id = undefined;
    this.savedJson = undefined;
    this.destroyed = true;
    (this.req as { session?: WebSession }).session = undefined;
  }

  /** The write the response must wait for, if the session changed; null if nothing is to be written. */
  saveIfChanged(): Promise<void> | null {
    if (this.destroyed || this.failed || !this.req.session) return null;
    const json = JSON.stringify(this.req.session);
    if (json === this.savedJson || (this.id === undefined && json === '{}')) return null;
    return this.save();
  }

  /** Just before the headers go: the cookie for a session saved under an id the browser does not have yet, or its removal. */
  setCookie(res: Response): void {
    if (this.failed) return;
    if (!this.ending && this.id === undefined && !this.destroyed && this.req.session && JSON.stringify(this.req.session) !== '{}') {
      // Headers sent before the end (a streamed download): the id is chosen now, the write comes at the end.
      this.id = newSessionId();
    }
    if (this.id !== undefined && this.id !== this.cookieId) {
      res.cookie(SESSION_COOKIE, signedSessionId(this.id, this.secret), { httpOnly: true, sameSite: 'lax', secure: this.req.secure, path: '/' });
    } else if (this.destroyed && this.cookieId !== undefined) {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.req.secure, path: '/' });
    }
  }
}

/** `req.session`: the session's data as own properties (what is saved), and these methods. */
class Session {
  readonly #request: RequestSession;

  constructor(request: RequestSession, data: SessionData) {
    this.#request = request;
    Object.assign(this, data);
  }

  regenerate(): Promise<void> {
    return this.#request.regenerate();
  }

  save(): Promise<void> {
    return this.#request.save();
  }

  destroy(): Promise<void> {
    return this.#request.destroy();
  }
}

/**
 * The session middleware: reads the session the signed cookie names (one Redis read, or none
 * while the connection keeps it: WebSessionStore), and at the end of the response writes it if it
 * changed and sets the cookie if the browser lacks its id. Per request it costs a JSON.parse and
 * a JSON.stringify of a few hundred bytes, and an HMAC for a cookie it has not seen before
 * (issue 16: express-session's two SHA-1 hashes of the session, and the cookie check's HMAC and
 * two more hashes on every request, were a quarter of a small page's cost over the API's).
 */
export function sessionMiddleware(store: SessionStore, secret: string): RequestHandler {
  // Cookie values whose signature was checked, and their ids: a browser's next pages cost no
  // HMAC. Only what passed is kept (a forged value is checked every time), at most 10,000.
  const verified = new Map<string, string>();
  const sessionIdOf = (req: Request): string | undefined => {
    const value = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (value === undefined) return undefined;
    let id = verified.get(value);
    if (id === undefined && (id = verifiedSessionId(value, secret)) !== undefined) {
      if (verified.size >= 10_000) verified.clear();
      verified.set(value, id);
    }
    return id;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const cookieId = sessionIdOf(req);
    const session = new RequestSession(req, store, secret, cookieId);
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      res.writeHead = writeHead;
      if (!res.headersSent) session.setCookie(res);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    const end = res.end as (...args: unknown[]) => Response;
    res.end = function (this: Response, ...args: unknown[]) {
      res.end = end as typeof res.end;
      session.ending = true;
      const saving = session.saveIfChanged();
      if (!saving) return end.apply(this, args);
      saving.then(
        () => end.apply(this, args),
        // Not saved: the page must not be sent as if it had been (a sign-in that did not stick).
        (error: unknown) => (res.headersSent ? end.apply(this, args) : next(error)),
      );
      return this;
    } as typeof res.end;
    if (cookieId === undefined) {
      session.start(undefined, null);
      return next();
    }
    store.read(cookieId).then(
      (json) => {
        session.start(cookieId, json);
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/**
 * Server-side sessions in Redis (docs/web-contract.md#security): the cookie holds only a signed
 * random id. It is HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS,
 * directly or through a proxy TRUST_PROXY names (Express's `req.secure` reads the trust-proxy
 * setting), so plain http on localhost works in every mode. No Max-Age: the cookie ends with the
 * browser. Both timeouts are checked on each request (WebSessionService.identify).
 *
 * A page costs at most one Redis read, not a read and a write (issue 17.6). The time of the last
 * request, which the idle timeout is measured from, is saved only once it is older than the
 * activity window (sessionActivityWindowSeconds); every save sets the key's TTL to the idle
 * timeout plus that window, so the key outlives the idle rule it serves, and identify, not Redis,
 * is what ends an idle session (and says why).
 *
 * Unchanged sessions are read from memory (issue 17.6). The connection asks Redis to track the
 * keys it reads (RESP3 client-side caching) and Redis tells it the moment another connection
 * changes or deletes one (queued while the write runs, before the writer's reply, so it is here
 * before the writer's page can have answered the browser and the browser asked again); this
 * process's own writes drop its copy (SessionStore). Without the connection nothing is cached: the
 * client clears its copies when it closes or fails. Window: a session changed or ended by another
 * process is seen when Redis's message arrives (docs/web-contract.md#security; the API's token
 * cache has the same rule).
 *
 * With the offline queue off, a request during a Redis outage fails at once (the error page)
 * instead of hanging until Redis is back.
 */
@Injectable()
export class WebSessionStore implements OnModuleDestroy {
  readonly middleware: RequestHandler;
  /** The store behind the middleware (tests: what a write in flight does to a kept copy). */
  readonly store: SessionStore;
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
    const ttl = Math.ceil(config.sessionIdleTimeoutSeconds + sessionActivityWindowSeconds(config));
    this.store = new SessionStore(this.client as never, `${config.queuePrefix}:web-session:`, ttl);
    this.middleware = sessionMiddleware(this.store, secret);
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
