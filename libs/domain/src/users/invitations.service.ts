import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { DomainError, MailService, NotFoundError, runWithDatabaseScope, translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { User } from './user.entity.js';
import { invitationWaitingSql } from './invitation-waiting.sql.js';
import { checkPassword, checkRoleOrganisation } from './user.rules.js';
import type { UserView } from './user.types.js';
import { toUserView } from './users.service.js';
import type { Role } from '../access/role.js';

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** How long a set-password link works. */
export const INVITATION_TTL_HOURS = 72;

export interface InviteUserInput {
  email: string;
  name: string;
  role: Role;
  organisationId?: string | null;
}

/** Who a working link is for (the set-password page greets them). */
export interface InvitationView {
  email: string;
  name: string;
  expiresAt: string;
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Invitations instead of passwords chosen by an admin (issue 16 item 8, SECURITY.md): the admin
 * names the person and their role; the person gets a single-use, expiring link by e-mail and
 * chooses their own password. Only the token's SHA-256 is stored. Until the link is used the
 * account's password hash is of random bytes nobody knows, so nobody can sign in as it.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly mail: MailService,
  ) {}

  /**
   * Admin invites a person: creates the user and an invitation, then e-mails the link
   * (`<setPasswordUrl>/<token>`) after the commit. CONFLICT (field email) when the e-mail is taken.
   */
  async invite(actor: Actor, input: InviteUserInput, setPasswordUrl: string): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    checkRoleOrganisation(input.role, input.organisationId);
    const unusable = await argon2.hash(randomBytes(32).toString('base64url'), HASH_OPTIONS);
    const token = randomBytes(32).toString('base64url');
    const { view, expiresAt } = await this.dataSource.transaction(async (tx) => {
      if (input.organisationId) await this.organisations.requireExists(tx, input.organisationId);
      if (await tx.existsBy(User, { email })) throw new DomainError('CONFLICT', `email ${email} is already registered`, { field: 'email' });
      const user = tx.create(User, { email, name: input.name.trim(), role: input.role, organisationId: input.organisationId ?? null, passwordHash: unusable });
      await tx.save(user).catch((e) => Promise.reject(translatePgError(e)));
      const expires = await this.issue(tx, actor, user.id, token);
      const created = toUserView(user);
      await this.audit.record(tx, actor, { action: 'user.invite', entityType: 'user', entityId: user.id, after: { ...created, invitationExpiresAt: expires } });
      return { view: created, expiresAt: expires };
    });
    await this.send(view, `${setPasswordUrl}/${token}`, expiresAt);
    return view;
  }

  /** Admin sends a fresh link (the earlier ones stop working), e.g. when the first expired. */
  async resend(actor: Actor, userId: string, setPasswordUrl: string): Promise<UserView> {
    const token = randomBytes(32).toString('base64url');
    const { view, expiresAt } = await this.dataSource.transaction(async (tx) => {
      const user = await tx.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user', userId);
      const expires = await this.issue(tx, actor, user.id, token);
      await this.audit.record(tx, actor, { action: 'user.invite.resend', entityType: 'user', entityId: user.id, after: { invitationExpiresAt: expires } });
      return { view: toUserView(user), expiresAt: expires };
    });
    await this.send(view, `${setPasswordUrl}/${token}`, expiresAt);
    return view;
  }

  /** The person a link is for, or null when it is unknown, used, replaced or expired (one answer for all). */
  async check(token: string): Promise<InvitationView | null> {
    // The link is the credential, not whoever may be signed in on this browser: a partner's
    // session must not put these reads under the partner's database role (no grants here).
    return runWithDatabaseScope(() => this.checkUnscoped(token));
  }

  private async checkUnscoped(token: string): Promise<InvitationView | null> {
    const [row] = (await this.dataSource.query(
      `SELECT u.email, u.name, i.expires_at FROM user_invitation i JOIN app_user u ON u.id = i.user_id
        WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() AND NOT u.disabled`,
      [hashOf(token)],
    )) as { email: string; name: string; expires_at: Date }[];
    return row ? { email: row.email, name: row.name, expiresAt: new Date(row.expires_at).toISOString() } : null;
  }

  /**
   * The invited person sets their password: checks it as every password is checked (VALIDATION
   * on `password`), stores its hash and marks the link used, in one transaction; a link that
   * does not work (any reason) is NOT_FOUND. Audited as the user themself.
   */
  async accept(token: string, password: string): Promise<UserView> {
    // As in check(): the token, not a signed-in session, says whose password this is.
    return runWithDatabaseScope(() => this.acceptUnscoped(token, password));
  }

  private async acceptUnscoped(token: string, password: string): Promise<UserView> {
    return this.dataSource.transaction(async (tx) => {
      const [invitation] = (await tx.query(
        `SELECT id, user_id FROM user_invitation WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() FOR UPDATE`,
        [hashOf(token)],
      )) as { id: string; user_id: string }[];
      if (!invitation) throw new NotFoundError('invitation', 'link');
      const user = await tx.findOne(User, { where: { id: invitation.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.disabled) throw new NotFoundError('invitation', 'link');
      checkPassword(password, user.email);
      user.passwordHash = await argon2.hash(password, HASH_OPTIONS);
      await tx.save(user);
      await tx.query(`UPDATE user_invitation SET used_at = now() WHERE id = $1`, [invitation.id]);
      const view = toUserView(user);
      await this.audit.record(tx, { userId: user.id, role: user.role, organisationId: user.organisationId }, { action: 'user.set-password', entityType: 'user', entityId: user.id });
      return view;
    });
  }

  /** Of these users, those whose invitation is still waiting (invitationWaitingSql: no password set yet), for a user's page. */
  async pendingUserIds(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(`SELECT DISTINCT u.id AS user_id FROM unnest($1::uuid[]) AS u(id) WHERE ${invitationWaitingSql('u.id')}`, [userIds])) as {
      user_id: string;
    }[];
    return new Set(rows.map((r) => r.user_id));
  }

  private async issue(tx: import('typeorm').EntityManager, actor: Actor, userId: string, token: string): Promise<string> {
    await tx.query(`UPDATE user_invitation SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [userId]);
    const [row] = (await tx.query(
      `INSERT INTO user_invitation (user_id, token_hash, invited_by_user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
      [userId, hashOf(token), actor.userId, INVITATION_TTL_HOURS],
    )) as { expires_at: Date }[];
    return new Date(row!.expires_at).toISOString();
  }

  /** After the commit: a failed send leaves the user invited, and the admin can send again. */
  private async send(user: UserView, link: string, expiresAt: string): Promise<void> {
    const until = new Date(expiresAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });
    try {
      await this.mail.send({
        to: [user.email],
        subject: 'Set your Ringfence password',
        text: [
          `Dear ${user.name},`,
          '',
          'You have been given an account on Ringfence. Choose your password here:',
          '',
          link,
          '',
          `The link works once, until ${until}. If you were not expecting this e-mail, you can ignore it.`,
        ].join('\n'),
      });
    } catch (error) {
      this.logger.warn({ userId: user.id, err: (error as Error).message }, 'invitation e-mail not sent');
      throw new DomainError('CONFLICT', 'the invitation was saved but its e-mail could not be sent; send it again');
    }
  }
}
