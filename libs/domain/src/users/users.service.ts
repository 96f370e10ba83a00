import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, translatePgError, ValidationError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { systemActor } from '../access/actor.js';
import { Role } from '../access/role.js';
import { AuditService } from '../audit/audit.service.js';
import { StaleVersionError } from '../common-errors.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { invitationWaitingSql } from './invitation-waiting.sql.js';
import { loginChanged } from './login-changes.js';
import { refreshRevocationReason, revokeRefreshTokens } from './refresh-token.revocation.js';
import { User } from './user.entity.js';
import { checkPassword, checkRoleOrganisation } from './user.rules.js';
import type { CreateUserInput, UpdateUserInput, UserQuery, UserView } from './user.types.js';

const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function toUserView(user: User): UserView {
  const { id, email, name, role, organisationId, disabled, version, lastLoginAt, createdAt } = user;
  return { id, email, name, role, organisationId, disabled, version, lastLoginAt, createdAt };
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  /** Verified against when the email is unknown, so both failures cost the same time. */
  private dummyHash?: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** Admin creates a user. Throws VALIDATION (password, organisationId), CONFLICT (email taken). */
  async create(actor: Actor, input: CreateUserInput): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    checkRoleOrganisation(input.role, input.organisationId);
    checkPassword(input.password, email);
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    return this.dataSource.transaction(async (tx) => {
      if (input.organisationId) await this.organisations.requireExists(tx, input.organisationId);
      await this.assertEmailFree(tx, email);
      const user = tx.create(User, { email, name: input.name, role: input.role, organisationId: input.organisationId ?? null, passwordHash });
      await tx.save(user).catch((e) => Promise.reject(translatePgError(e)));
      const view = toUserView(user);
      await this.audit.record(tx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: view });
      return view;
    });
  }

  async list(query: UserQuery): Promise<{ items: UserView[]; total: number }> {
    const [users, total] = await this.listQuery(query).getManyAndCount();
    return { items: users.map(toUserView), total };
  }

  /**
   * The admin's list of users (the web's): `list`, each user with whether its invitation is still
   * waiting (invited, no password set yet: invitationWaitingSql, the rule a user's page reads too), read in the
   * list's own statement rather than a third one (issue 16), and the count beside it.
   */
  async listWithInvitations(query: UserQuery): Promise<{ items: (UserView & { invited: boolean })[]; total: number }> {
    const qb = this.listQuery(query).addSelect(invitationWaitingSql('u.id'), 'invited');
    const [{ entities, raw }, total] = await Promise.all([qb.getRawAndEntities<{ invited: boolean }>(), qb.getCount()]);
    // No joins: one raw row per user, in the same order.
    return { items: entities.map((user, i) => ({ ...toUserView(user), invited: raw[i]!.invited === true })), total };
  }

  private listQuery(query: UserQuery) {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId) qb.andWhere('u.organisation_id = :org', { org: query.organisationId });
    return qb.orderBy('u.email').skip((query.page - 1) * query.pageSize).take(query.pageSize);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('user', id);
    return toUserView(user);
  }

  /**
   * For an area naming someone to receive escalations (a lead officer), inside its transaction:
   * VALIDATION naming `field` unless the user exists, is a commissioner and is not disabled. The
   * row is share-locked, so disabling the user waits for the caller's commit.
   */
  async requireActiveCommissioner(tx: EntityManager, userId: string, field: string): Promise<void> {
    const user = await tx.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_read' } });
    if (!user || user.role !== Role.Commissioner || user.disabled) throw new ValidationError(field, 'must be the id of an active commissioner');
  }

  /**
   * Admin changes a user. A role change or disabling takes effect on the user's next request; those
   * and a new password also revoke the user's refresh tokens, in this transaction. A stale
   * `version` is 409 STALE_VERSION, never an overwrite.
   */
  async update(actor: Actor, id: string, patch: UpdateUserInput): Promise<UserView> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const user = await tx.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user', id);
      if (patch.version !== undefined && patch.version !== user.version) throw new StaleVersionError('user', id, patch.version, user.version);
      const before = toUserView(user);
      const role = patch.role ?? user.role;
      const organisationId = patch.organisationId !== undefined ? patch.organisationId : role === Role.Partner ? user.organisationId : null;
      checkRoleOrganisation(role, organisationId);
      if (organisationId) await this.organisations.requireExists(tx, organisationId);
      if (actor.userId === id && (patch.disabled || (patch.role && patch.role !== Role.Admin))) {
        throw new DomainError('CONFLICT', 'an admin cannot disable or demote their own account');
      }
      Object.assign(user, { name: patch.name ?? user.name, role, organisationId, disabled: patch.disabled ?? user.disabled });
      if (patch.password !== undefined) {
        checkPassword(patch.password, user.email);
        user.passwordHash = await argon2.hash(patch.password, HASH_OPTIONS);
      }
      await tx.save(user);
      const after = toUserView(user);
      const revocation = refreshRevocationReason(before, after, patch.password !== undefined);
      if (revocation) await revokeRefreshTokens(tx, { userId: id }, revocation);
      await this.audit.record(tx, actor, {
        action: patch.password !== undefined ? 'user.update+password' : 'user.update',
        entityType: 'user',
        entityId: id,
        before,
        after,
      });
      return after;
    });
    // Committed: tokens this process has cached for the user are checked again on next use.
    loginChanged(id);
    return updated;
  }

  /**
   * Checks a login. Returns the user, or null for an unknown email, a wrong password or a
   * disabled account alike; the unknown-email path verifies a dummy hash so timing does not tell.
   */
  async verifyCredentials(email: string, password: string): Promise<UserView | null> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    this.dummyHash ??= argon2.hash('ringfence-timing-equaliser', HASH_OPTIONS);
    const hash = user?.passwordHash ?? (await this.dummyHash);
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!user || !ok || user.disabled) return null;
    await this.dataSource.getRepository(User).update({ id: user.id }, { lastLoginAt: new Date() });
    return toUserView(user);
  }

  /** The user as it is now, or null when disabled (role changes and disabling apply at once). */
  async findActive(id: string): Promise<UserView | null> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    return user && !user.disabled ? toUserView(user) : null;
  }

  /**
   * For the access-token guard: the user as it is now, or null when the user is disabled or the
   * login (`loginId`, the refresh-token family) has ended: logged out, revoked (a reused refresh
   * token, a change to the user) or expired. One statement, because every request runs it.
   */
  async findActiveInLogin(id: string, loginId: string): Promise<UserView | null> {
    return (await this.findLiveLogin(id, loginId))?.user ?? null;
  }

  /**
   * findActiveInLogin, with when the login expires (its live refresh token's expiry), so a
   * cache of authenticated tokens (the API's) can stop honouring it on time by itself.
   */
  async findLiveLogin(id: string, loginId: string): Promise<{ user: UserView; loginExpiresAt: Date } | null> {
    const { entities, raw } = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      // Both match refresh_token_live_family_idx: a live login has exactly one such token.
      .addSelect('(SELECT max(t.expires_at) FROM refresh_token t WHERE t.family_id = :loginId AND t.user_id = u.id AND t.revoked_at IS NULL AND t.rotated_at IS NULL)', 'login_expires_at')
      .where('u.id = :id AND NOT u.disabled', { id })
      .andWhere(
        'EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = :loginId AND t.user_id = u.id AND t.revoked_at IS NULL AND t.rotated_at IS NULL AND t.expires_at > now())',
        { loginId },
      )
      .getRawAndEntities<{ login_expires_at: Date | null }>();
    const user = entities[0];
    const loginExpiresAt = raw[0]?.login_expires_at;
    return user && loginExpiresAt ? { user: toUserView(user), loginExpiresAt: new Date(loginExpiresAt) } : null;
  }

  /**
   * Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when there are no users at all.
   * An advisory lock makes two processes starting together create one admin.
   */
  async ensureFirstAdmin(email: string | undefined, password: string | undefined): Promise<boolean> {
    if (!email || !password) return false;
    checkPassword(password, email);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ringfence:first-admin'))`);
      const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM app_user`)) as [{ count: number }];
      if (count > 0) return false;
      const user = tx.create(User, { email: email.toLowerCase(), name: 'Administrator', role: Role.Admin, organisationId: null, passwordHash: await argon2.hash(password, HASH_OPTIONS) });
      await tx.save(user);
      await this.audit.record(tx, systemActor('first-admin'), { action: 'user.create', entityType: 'user', entityId: user.id, after: toUserView(user) });
      this.logger.log({ email: user.email }, 'created the first admin from ADMIN_EMAIL');
      return true;
    });
  }

  private async assertEmailFree(tx: EntityManager, email: string): Promise<void> {
    if (await tx.existsBy(User, { email })) throw new DomainError('CONFLICT', `email ${email} is already registered`, { field: 'email' });
  }
}
