import { describe, expect, it } from '@jest/globals';
import { Role } from '../access/role.js';
import { checkPassword, checkRoleOrganisation } from './user.rules.js';

describe('user rules', () => {
  it('accepts a long varied password', () => expect(() => checkPassword('correct horse battery', 'a@b.org')).not.toThrow());
  it.each(['short', 'aaaaaaaaaaaaaaaa', 'a@b.org.uk.example'])('refuses the password %p', (p) =>
    expect(() => checkPassword(p, 'a@b.org.uk.example')).toThrow(/^password /),
  );
  it('requires an organisation for partners only', () => {
    expect(() => checkRoleOrganisation(Role.Partner, null)).toThrow(/organisationId is required/);
    expect(() => checkRoleOrganisation(Role.Finance, 'x')).toThrow(/organisationId must be empty/);
    expect(() => checkRoleOrganisation(Role.Partner, 'x')).not.toThrow();
  });
});
