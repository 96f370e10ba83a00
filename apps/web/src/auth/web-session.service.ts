import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { AccessTokenCache, LoginAttemptsService, OrganisationsService, UsersService, type UserView } from '#domain/index.js';
import { APP_CONFIG, runWithDatabaseScope, type AppConfig } from '#platform/index.js';
import { isQueueDashboardPoll } from '../admin/queue-dashboard.js';
import { sessionActivityWindowSeconds } from '../common/session.js';
import { FormInvalid } from '../common/web-errors.js';
import type { SessionEndReason, SignedInUser, WebRequest } from '../common/web-request.js';

/**
 * Web sign-in and the signed-in session: the same users, argon2 check, throttling counters and
 * "one message for a wrong email or a wrong password" as the API's login (AuthService), with a
 * server-side session in Redis instead of tokens.
 */
@Injectable()
export class WebSessionService {
  private readonly logger = new Logger('WebSession');
  private readonly activityWindowMs: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly attempts: LoginAttemptsService,
    private readonly known: AccessTokenCache,
  ) {
    this.activityWindowMs = sessionActivityWindowSeconds(config) * 1000;
  }

  /**
   * Signs in and starts a new session: the old session id is thrown away (regenerated) so an id
   * planted before sign-in is worth nothing after it. Refusals are form problems on the email
   * field: the same for an unknown email, a wrong password and a disabled account (400); too many
   * failures (429); throttling unavailable (503: it protects passwords, so it fails closed).
   */
  async signIn(req: WebRequest, email: string, password: string): Promise<void> {
    // Whoever was signed in before (a partner signing in again runs under its row-level-security
    // scope), the credentials are checked as the API's login checks them: with no actor.
    return runWithDatabaseScope(() => this.startSession(req, email, password));
  }

  private async startSession(req: WebRequest, email: string, password: string): Promise<void> {
    const address = req.ip ?? 'unknown';
    try {
      await this.attempts.assertAllowed(email, address);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      if (error.getStatus() !== HttpStatus.TOO_MANY_REQUESTS) throw new FormInvalid([{ field: 'email', key: 'signIn.errors.unavailable' }], 503);
      const seconds = Number((error.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60);
      throw new FormInvalid([{ field: 'email', key: 'signIn.errors.tooMany', params: { count: Math.max(1, Math.ceil(seconds / 60)) } }], 429);
    }
    const user = await this.users.verifyCredentials(email, password);
    if (!user) {
      await this.attempts.recordFailure(email, address);
      throw new FormInvalid([{ field: 'email', key: 'signIn.errors.incorrect' }]);
    }
    await this.attempts.recordSuccess(email, address);
    const signedIn = await this.describe(user);
    await req.session.regenerate();
    const now = Date.now();
    Object.assign(req.session, { user: signedIn, signedInAt: now, lastSeenAt: now });
    await req.session.save();
    this.logger.log({ userId: user.id, role: user.role }, 'signed in on the web');
  }

  /** Ends the session in Redis; the session middleware clears the cookie. */
  async signOut(req: WebRequest): Promise<void> {
    const userId = req.session.user?.id;
    await req.session.destroy();
    if (userId) this.logger.log({ userId }, 'signed out on the web');
  }

  /**
   * Who this request's session belongs to, as they are now (the user as the database last said,
   * kept current as the API's tokens are: see currentUser): a session past its idle or absolute timeout, or whose user was
   * disabled or changed role or organisation since sign-in, is ended here and the request goes
   * on signed out, with `req.sessionEnded` saying why.
   */
  async identify(req: WebRequest): Promise<void> {
    const session = req.session;
    const stored = session?.user;
    if (!stored) return;
    const now = Date.now();
    let ended: SessionEndReason | undefined;
    if (now - (session.signedInAt ?? 0) > this.config.sessionAbsoluteTimeoutSeconds * 1000) ended = 'timeout';
    else if (now - (session.lastSeenAt ?? 0) > this.config.sessionIdleTimeoutSeconds * 1000) ended = 'timeout';
    const current = ended ? null : await this.currentUser(stored.id);
    if (!ended && (!current || current.role !== stored.role || current.organisationId !== stored.organisationId)) ended = 'account-changed';
    if (ended) {
      // A fresh, empty session: the old id is gone from Redis, and nothing is saved unless used.
      await session.regenerate();
      req.sessionEnded = ended;
      this.logger.log({ userId: stored.id, reason: ended }, 'web session ended');
      return;
    }
    // Saved only when older than the activity window (common/session.ts): an unchanged session is
    // not written back, so most pages cost Redis no command (read once, then kept while Redis
    // tracks it: common/session.ts). The idle rule above may then end a
    // session up to that window early, never late.
    if (now - (session.lastSeenAt ?? 0) >= this.activityWindowMs && !isQueueDashboardPoll(req)) session.lastSeenAt = now;
    req.user = { ...stored, name: current!.name, email: current!.email };
    req.actor = { userId: stored.id, role: stored.role, organisationId: stored.organisationId, requestId: req.id };
  }

  /**
   * The user as it is now, from memory while the database has said nothing about it since it was
   * read (AccessTokenCache, the API's: any change to the user drops it, through this process at
   * once, from elsewhere by NOTIFY), else one statement. Issue 17.6: every page paid a statement
   * for it, and a partner's two more (switching its pooled connection out of and back into the
   * partner's role around the reload).
   */
  private async currentUser(id: string): Promise<UserView | null> {
    const key = `web-session-user:${id}`;
    const known = this.known.lookup(key);
    if (known) return known;
    const stamp = this.known.stamp(id);
    const user = await this.users.findActive(id);
    if (user) this.known.remember(key, user, Number.POSITIVE_INFINITY, stamp);
    return user;
  }

  private async describe(user: UserView): Promise<SignedInUser> {
    const organisationName = user.organisationId
      ? (await this.organisations.get({ userId: user.id, role: user.role, organisationId: user.organisationId }, user.organisationId)).name
      : null;
    return { id: user.id, name: user.name, email: user.email, role: user.role, organisationId: user.organisationId, organisationName };
  }
}
