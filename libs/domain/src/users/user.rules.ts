import { ValidationError } from '#platform/index.js';
import { Role } from '../access/role.js';

export const PASSWORD_MIN_LENGTH = 12;

/**
 * The words at the root of the passwords guessers try first (breach lists, NCSC's "most hacked"
 * list); a length rule alone lets `Password1234!` through. Compared after lower-casing, undoing
 * common letter swaps and dropping the digits and symbols people add at the end.
 */
const COMMON_PASSWORD_ROOTS = new Set([
  'password', 'passwort', 'qwerty', 'qwertyuiop', 'qwertyuiopasdfghjkl', 'asdfghjkl', 'zxcvbnm', 'azerty', 'abc', 'abcdef',
  'abcdefghijkl', 'letmein', 'welcome', 'welcometo', 'iloveyou', 'admin', 'administrator', 'changeme', 'default', 'secret',
  'football', 'liverpool', 'arsenal', 'chelsea', 'manchester', 'monkey', 'dragon', 'sunshine', 'princess', 'shadow', 'master',
  'superman', 'batman', 'trustno', 'whatever', 'starwars', 'computer', 'baseball', 'letmeinplease', 'opensesame', 'login',
  'user', 'test', 'testing', 'summer', 'winter', 'spring', 'autumn', 'january', 'december', 'england', 'london', 'police',
  'ringfence', 'commissioner', 'council', 'charity',
]);
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't' };

function passwordRoot(password: string): string {
  const lower = password.toLowerCase().replace(/[^a-z0-9@$!]+$/g, '').replace(/[0-9!@#$%^&*()_+\-=.,?]+$/g, '');
  return [...lower].map((c) => LEET[c] ?? c).join('').replace(/[^a-z]/g, '');
}

/**
 * Passwords: 12 to 200 characters, at least 4 different characters, not the email or its name
 * part, and not one of the commonly guessed passwords dressed up with digits and symbols.
 */
export function checkPassword(password: string, email: string): void {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError('password', `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > 200) throw new ValidationError('password', 'must be at most 200 characters');
  if (new Set(password).size < 4) throw new ValidationError('password', 'must use at least 4 different characters');
  const lower = password.toLowerCase();
  const address = email.toLowerCase();
  if (lower === address) throw new ValidationError('password', 'must not be the email address');
  const localPart = address.split('@')[0] ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) throw new ValidationError('password', 'must not contain the name part of the email address');
  const root = passwordRoot(password);
  if (root === '' || COMMON_PASSWORD_ROOTS.has(root)) throw new ValidationError('password', 'is too commonly used; choose a longer phrase of unrelated words');
}

/** A partner belongs to exactly one organisation; staff belong to none. */
export function checkRoleOrganisation(role: Role, organisationId: string | null | undefined): void {
  if (role === Role.Partner && !organisationId) throw new ValidationError('organisationId', 'is required for a partner user');
  if (role !== Role.Partner && organisationId) throw new ValidationError('organisationId', 'must be empty for staff roles');
}
