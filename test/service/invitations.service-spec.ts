import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemActor } from '../../libs/domain/src/access/actor.js';
import { Role } from '../../libs/domain/src/access/role.js';
import { InvitationsService } from '../../libs/domain/src/users/invitations.service.js';
import { UsersService } from '../../libs/domain/src/users/users.service.js';
import { SmtpSink } from '../../libs/platform/src/mail/smtp-sink.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Invitations on a real database and SMTP (SECURITY.md, "Inviting users"): the e-mailed link is
 * the only way to a first password; only its hash is kept; it works once, until it expires, and
 * not after a newer link replaced it. The browser journey is test/e2e/web-admin-users.e2e-spec.ts.
 */
describe('InvitationsService on a real database', () => {
  let env: ServiceEnv;
  let sink: SmtpSink;
  let invitations: InvitationsService;
  const admin = systemActor('invitations-test');
  const BASE = 'https://ringfence.example/set-password';
  const PASSWORD = 'lantern-orchard-pebble-58';

  beforeAll(async () => {
    sink = new SmtpSink();
    await sink.start();
    env = await createServiceEnv({ SMTP_URL: sink.url }, { demo: false });
    invitations = env.get(InvitationsService);
  });
  afterAll(async () => {
    await env?.close();
    await sink?.stop();
  });

  const tokenSentTo = (email: string): string => {
    const mail = [...sink.messages].reverse().find((m) => m.to.includes(email))!;
    const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    return /set-password\/([A-Za-z0-9_-]+)/.exec(body)![1]!;
  };

  it('e-mails a link whose token is stored only as its hash, and which works once', async () => {
    const user = await invitations.invite(admin, { email: 'Ada@Example.org', name: 'Ada', role: Role.Viewer }, BASE);
    expect(user.email).toBe('ada@example.org');
    const token = tokenSentTo('ada@example.org');
    const rows = (await env.db.query(`SELECT token_hash FROM user_invitation WHERE user_id = $1`, [user.id])) as { token_hash: string }[];
    expect(rows).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    // Nobody can sign in before the link is used.
    expect(await env.get(UsersService).verifyCredentials('ada@example.org', PASSWORD)).toBeNull();

    expect(await invitations.check(token)).toMatchObject({ email: 'ada@example.org', name: 'Ada' });
    await expect(invitations.accept(token, 'password1234')).rejects.toMatchObject({ code: 'VALIDATION' });
    await invitations.accept(token, PASSWORD);
    expect(await env.get(UsersService).verifyCredentials('ada@example.org', PASSWORD)).toMatchObject({ id: user.id });
    expect(await invitations.check(token)).toBeNull();
    await expect(invitations.accept(token, 'another-long-phrase-99')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = (await env.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [user.id])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['user.invite', 'user.set-password']);
  });

  it('refuses an e-mail already registered, on the email field', async () => {
    await expect(invitations.invite(admin, { email: 'ada@example.org', name: 'Ada again', role: Role.Viewer }, BASE)).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'email' } });
  });

  it('stops an earlier link working when a new one is sent, and an expired one', async () => {
    const user = await invitations.invite(admin, { email: 'bo@example.org', name: 'Bo', role: Role.Finance }, BASE);
    const first = tokenSentTo('bo@example.org');
    await invitations.resend(admin, user.id, BASE);
    const second = tokenSentTo('bo@example.org');
    expect(second).not.toBe(first);
    expect(await invitations.check(first)).toBeNull();
    expect(await invitations.check(second)).toMatchObject({ email: 'bo@example.org' });
    expect(await invitations.pendingUserIds([user.id])).toEqual(new Set([user.id]));

    await env.db.query(`UPDATE user_invitation SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(await invitations.check(second)).toBeNull();
    await expect(invitations.accept(second, PASSWORD)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("flags in the admin's list exactly the users whose invitation is still waiting", async () => {
    const waiting = await invitations.invite(admin, { email: 'cy@example.org', name: 'Cy', role: Role.Viewer }, BASE);
    const users = env.get(UsersService);
    const { items, total } = await users.listWithInvitations({ page: 1, pageSize: 100 });
    const listed = await users.list({ page: 1, pageSize: 100 });
    expect(total).toBe(listed.total);
    expect(items.map(({ invited: _, ...view }) => view)).toEqual(listed.items);
    const pending = await invitations.pendingUserIds(items.map((u) => u.id));
    expect(items.map((u) => [u.email, u.invited])).toEqual(items.map((u) => [u.email, pending.has(u.id)]));
    // Cy and Bo (invited, never accepted) wait; Ada set her password; the first admin was never invited.
    expect(items.filter((u) => u.invited).map((u) => u.id).sort()).toEqual([waiting.id, items.find((u) => u.email === 'bo@example.org')!.id].sort());
    expect(items.find((u) => u.email === 'ada@example.org')?.invited).toBe(false);
  });
});
