import { describe, expect, it } from '@jest/globals';
import { Role } from '../access/role.js';
import { checkPassword, checkRoleOrganisation } from './user.rules.js';

describe('user rules', () => {
  it('accepts a long varied password', () => expect(() => checkPassword('correct horse battery', 'a@b.org')).not.toThrow());
  it.each(['short', 'aaaaaaaaaaaaaaaa', 'a@b.org.uk.example'])('refuses the password %p', (p) =>
    expect(() => checkPassword(p, 'a@b.org.uk.example')).toThrow(/^password /),
  );
  it.each(['Password1234!', 'P@ssw0rd2026!!', 'qwertyuiop12', '123456789012', 'Liverpool1892', 'welcome2ringfence'.slice(0, 7) + '12345', 'ringfence2026'])(
    'refuses the commonly guessed %p',
    (p) => expect(() => checkPassword(p, 'someone@example.org')).toThrow(/password is too commonly used/),
  );
  it('refuses a password built on the email name, and accepts phrases that merely contain a common word', () => {
    expect(() => checkPassword('jane.smith-2026', 'jane.smith@example.org')).toThrow(/name part of the email/);
    expect(() => checkPassword('my password is long enough', 'jane.smith@example.org')).not.toThrow();
    expect(() => checkPassword('ringfence-demo-2014', 'commissioner@demo.ringfence.local')).not.toThrow();
  });
  it('requires an organisation for partners only', () => {
    expect(() => checkRoleOrganisation(Role.Partner, null)).toThrow(/organisationId is required/);
    expect(() => checkRoleOrganisation(Role.Finance, 'x')).toThrow(/organisationId must be empty/);
    expect(() => checkRoleOrganisation(Role.Partner, 'x')).not.toThrow();
  });
});
