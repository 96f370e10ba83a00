import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../access/role.js';

/** Why a refresh token stopped working before its expiry. */
export type RefreshTokenRevokedReason = 'logout' | 'reuse' | 'user-changed' | 'user-disabled' | 'credentials-changed';

/**
 * One refresh token of a login (migrations/1764001000000-refresh-tokens.ts). The token itself is
 * never stored, only its SHA-256; a family is everything one login led to.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Hex SHA-256 of the token. */
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid' })
  familyId: string;

  /** The role and organisation the family was issued for; a change since refuses the refresh. */
  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when the token was traded for its successor; presenting it again is reuse. */
  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: RefreshTokenRevokedReason | null;
}
