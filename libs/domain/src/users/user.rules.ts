import { ValidationError } from '#platform/index.js';
import { Role } from '../access/role.js';

export const PASSWORD_MIN_LENGTH = 12;

/** Passwords: at least 12 characters, not all one character, not the email. */
export function checkPassword(password: string, email: string): void {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError('password', `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > 200) throw new ValidationError('password', 'must be at most 200 characters');
  if (new Set(password).size < 4) throw new ValidationError('password', 'must use at least 4 different characters');
  if (password.toLowerCase() === email.toLowerCase()) throw new ValidationError('password', 'must not be the email address');
}

/** A partner belongs to exactly one organisation; staff belong to none. */
export function checkRoleOrganisation(role: Role, organisationId: string | null | undefined): void {
  if (role === Role.Partner && !organisationId) throw new ValidationError('organisationId', 'is required for a partner user');
  if (role !== Role.Partner && organisationId) throw new ValidationError('organisationId', 'must be empty for staff roles');
}
