import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#platform/index.js';
import { onLoginChanged } from './login-changes.js';
import type { UserView } from './user.types.js';

/** The channel migrations/1764004500100-login-change-notify.ts notifies, with a user id. */
export const LOGIN_CHANGED_CHANNEL = 'ringfence_login_changed';
/** Entries kept at most; past it the cache starts again empty (a burst of logins, an attack). */
const MAX_ENTRIES = 20_000;
/** Longest an entry is trusted without asking the database, even with no notification (a safety net). */
const MAX_AGE_MS = 5 * 60_000;
const RECONNECT_MS = 1_000;

interface Entry {
  user: UserView;
  /** Date.now() past which the entry is not used: token exp, login expiry, MAX_AGE_MS. */
  validUntil: number;
}

/** What a caller reads before loading a user, and hands back with the result (see `remember`). */
export interface CacheStamp {
  epoch: number;
  generation: number;
}

/**
 * Issue 17.2: authenticated access tokens, in memory, so a request whose token was checked before
 * costs a map lookup instead of a JWT verify and a user reload. The guarantee stays "a disabled
 * user, an ended login or a changed role is refused on the very next request": a change made
 * through this process invalidates here after its commit (loginChanged), and the database
 * notifies every change to a user or its refresh tokens (LISTEN/NOTIFY, sent at commit, by trigger,
 * whatever wrote it: another API process, a console session) and each process drops that user's
 * entries on receipt. Such a change from elsewhere is seen as soon as its notification arrives
 * (typically well under a millisecond after the commit; longer on an overloaded machine).
 *
 * Fails safe: while the listening connection is down (not yet connected, lost, reconnecting) the
 * cache holds nothing and answers nothing, so every request asks the database as before. A
 * load that raced a notification is not kept: each user has a generation, bumped by every
 * notification, and an entry is stored only if the generation is the one read before the load.
 *
 * The web's session check keeps its signed-in users here too (keys `web-session-user:<id>`,
 * WebSessionService.currentUser; issue 17.6), with the same guarantee.
 */
@Injectable()
export class AccessTokenCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessTokenCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly tokensOfUser = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  private client: pg.Client | null = null;
  private listening = false;
  private closing = false;
  /** Bumped whenever the connection is lost: loads begun before cannot be trusted. */
  private epoch = 0;
  private reconnect: NodeJS.Timeout | null = null;
  /** Changes this process commits itself are known at once, before the notification comes back. */
  private readonly stopListeningHere = onLoginChanged((userId) => this.invalidate(userId));

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.databaseUrl) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.stopListeningHere();
    if (this.reconnect) clearTimeout(this.reconnect);
    this.lost();
    await this.client?.end().catch(() => undefined);
  }

  /** The user a token was last authenticated as, or null (not cached, expired, or not listening). */
  lookup(token: string): UserView | null {
    if (!this.listening) return null;
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (Date.now() >= entry.validUntil) {
      this.forget(token, entry.user.id);
      return null;
    }
    return entry.user;
  }

  stamp(userId: string): CacheStamp {
    return { epoch: this.epoch, generation: this.generations.get(userId) ?? 0 };
  }

  /** Keeps a token the database has just confirmed, unless anything about its user changed meanwhile. */
  remember(token: string, user: UserView, validUntil: number, stamp: CacheStamp): void {
    if (!this.listening || stamp.epoch !== this.epoch || stamp.generation !== (this.generations.get(user.id) ?? 0)) return;
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.entries.set(token, { user, validUntil: Math.min(validUntil, Date.now() + MAX_AGE_MS) });
    let tokens = this.tokensOfUser.get(user.id);
    if (!tokens) this.tokensOfUser.set(user.id, (tokens = new Set()));
    tokens.add(token);
  }

  /** Drops every token of a user: the database says the user or one of its logins changed. */
  invalidate(userId: string): void {
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    for (const token of this.tokensOfUser.get(userId) ?? []) this.entries.delete(token);
    this.tokensOfUser.delete(userId);
  }

  private forget(token: string, userId: string): void {
    this.entries.delete(token);
    this.tokensOfUser.get(userId)?.delete(token);
  }

  private clear(): void {
    this.entries.clear();
    this.tokensOfUser.clear();
  }

  private lost(): void {
    this.listening = false;
    this.epoch++;
    this.clear();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'ringfence-login-listener' });
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel === LOGIN_CHANGED_CHANNEL && n.payload) this.invalidate(n.payload);
    });
    const retry = () => {
      if (this.client !== client) return;
      this.lost();
      this.client = null;
      client.end().catch(() => undefined);
      if (!this.closing) this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('error', (error) => {
      this.logger.warn({ error: error.message }, 'login listener lost its connection: authenticating every request against the database until it is back');
      retry();
    });
    client.on('end', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${LOGIN_CHANGED_CHANNEL}`);
      if (this.client === client && !this.closing) {
        // Loads begun before now may have missed a notification: not kept.
        this.epoch++;
        this.listening = true;
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'login listener could not connect: authenticating every request against the database');
      retry();
    }
  }
}
