import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checked, expectAccessible, expectAccessibleHtml, screenshot, signIn, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Admins in a real browser (issue 16 item 8): invite a user, who sets a password from the link in
 * the e-mail (read from the SMTP sink) and signs in; the link works once; organisations, bank
 * holidays and publishing a year with its 360Giving checks shown first. axe on every page and state.
 */

const NEW_PASSWORD = 'harbour-quilt-saffron-71';

describe('administration in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
  }, 180_000);

  afterAll(async () => {
    console.log(`admin: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);


  const signedInAsAdmin = () => site.signedIn('admin');

  /** The set-password link of the latest e-mail to an address (quoted-printable undone). */
  function linkSentTo(email: string): string {
    const mail = [...env.sink.messages].reverse().find((m) => m.to.includes(email));
    if (!mail) throw new Error(`no e-mail to ${email}`);
    const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const match = /https?:\/\/[^\s]+\/set-password\/[A-Za-z0-9_-]+/.exec(body);
    if (!match) throw new Error(`no set-password link in the e-mail to ${email}`);
    return match[0];
  }

  it('invites a partner user, who sets a password from the e-mail and signs in; the link then no longer works', async () => {
    const { context, page, problems } = await signedInAsAdmin();
    await expectAccessible(page, 'admin home');
    await screenshot(page, 'admin-01-home');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await expectAccessible(page, 'users');
    await page.getByRole('button', { name: 'Invite a user' }).click();
    await expectAccessible(page, 'invite form');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Enter their full name');
    await expectAccessible(page, 'invite form with errors');

    const email = 'new.partner@test.ringfence.local';
    await page.getByLabel('Full name').fill('Nia Partner');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Funded partner').check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain("Choose the partner's organisation");
    await expectAccessible(page, 'invite form: partner without organisation');
    await page.getByLabel('Organisation').selectOption({ label: 'Warrington Borough Council' });
    await screenshot(page, 'admin-02-invite');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(`${env.baseUrl}/admin/users`);
    await expect(page.getByText(`Invitation sent to ${email}`).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'users with invitation banner');

    // The same e-mail twice is refused on the field.
    await page.goto('/admin/users/invite');
    await page.getByLabel('Full name').fill('Nia Again');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Viewer').check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.locator('#email-error').innerText()).resolves.toContain('already in use');
    await expectAccessible(page, 'invite form: e-mail taken');

    // Only the hash of the token is stored.
    const link = linkSentTo(email);
    const token = link.split('/').pop()!;
    const [stored] = (await env.db.query(`SELECT token_hash FROM user_invitation i JOIN app_user u ON u.id = i.user_id WHERE u.email = $1`, [email])) as { token_hash: string }[];
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(token);
    await context.close();

    // The invited person, in a browser of their own.
    const invited = await site.newPage();
    await invited.page.goto(link);
    await expect(invited.page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Choose your password');
    await expectAccessible(invited.page, 'set password');
    await invited.page.getByLabel('New password').fill('password1234');
    await invited.page.getByLabel('Type the password again').fill('password1234');
    await invited.page.getByRole('button', { name: 'Save password' }).click();
    await expect(invited.page.getByRole('alert').innerText()).resolves.toContain('at least 12 characters');
    await expectAccessible(invited.page, 'set password: weak password');
    await invited.page.getByLabel('New password').fill(NEW_PASSWORD);
    await invited.page.getByLabel('Type the password again').fill(`${NEW_PASSWORD}x`);
    await invited.page.getByRole('button', { name: 'Save password' }).click();
    await expect(invited.page.getByRole('alert').innerText()).resolves.toContain('do not match');
    await invited.page.getByLabel('New password').fill(NEW_PASSWORD);
    await invited.page.getByLabel('Type the password again').fill(NEW_PASSWORD);
    await screenshot(invited.page, 'admin-03-set-password');
    await invited.page.getByRole('button', { name: 'Save password' }).click();
    await invited.page.waitForURL(/\/sign-in/);
    await expect(invited.page.getByText(`Your password is saved. Sign in with ${email}`).isVisible()).resolves.toBe(true);
    await expectAccessible(invited.page, 'sign in after setting a password');
    await signIn(invited.page, email, NEW_PASSWORD);
    await invited.page.waitForURL(`${env.baseUrl}/`);
    await expect(invited.page.getByText('Nia Partner').first().isVisible()).resolves.toBe(true);

    // Single use: the link now shows the same page as an unknown one.
    const again = await invited.page.goto(link);
    expect(again?.status()).toBe(404);
    await expect(invited.page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('This link does not work');
    await expectAccessible(invited.page, 'set password: used link');
    expect([...problems, ...invited.problems]).toEqual([]);
    await invited.context.close();
  }, 180_000);

  it('changes a role and stops a user signing in', async () => {
    const { context, page, problems } = await signedInAsAdmin();
    await page.goto('/admin/users');
    await page.getByRole('link', { name: 'Demo Panel Member' }).click();
    await expectAccessible(page, 'user');
    await page.getByLabel('No, stop them signing in').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`${env.baseUrl}/admin/users`);
    await expect(page.getByText('Changes saved for viewer@demo.ringfence.local').isVisible()).resolves.toBe(true);
    const [viewer] = (await env.db.query(`SELECT disabled FROM app_user WHERE email = 'viewer@demo.ringfence.local'`)) as { disabled: boolean }[];
    expect(viewer!.disabled).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps organisations, bank holidays and publishing, with the 360Giving checks shown before publishing', async () => {
    const { context, page, problems } = await signedInAsAdmin();
    await page.goto('/admin/organisations');
    await expectAccessible(page, 'organisations');
    await page.getByRole('button', { name: 'Add an organisation' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Chester Victims Trust');
    await page.getByLabel('Kind of organisation').selectOption('charity');
    await page.getByLabel('Postcode').fill('not a postcode');
    await page.getByRole('button', { name: 'Save organisation' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Enter a real postcode');
    await expectAccessible(page, 'organisation with errors');
    await page.getByLabel('Postcode').fill('CH1 2HS');
    await page.getByLabel('Area code').fill('E06000050');
    await page.getByLabel('Contact email address').fill('grants@chester-victims.example');
    await page.getByRole('button', { name: 'Save organisation' }).click();
    await expect(page.getByText('Chester Victims Trust added').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'organisations with banner');

    await page.goto('/admin/bank-holidays?year=2031');
    await expectAccessible(page, 'bank holidays');
    await page.getByLabel('Add a bank holiday').check();
    await page.getByLabel('Day', { exact: true }).fill('30');
    await page.getByLabel('Month', { exact: true }).fill('2');
    await page.getByLabel('Year', { exact: true }).fill('2031');
    await page.getByLabel('Name', { exact: true }).fill('Jubilee');
    await page.getByRole('button', { name: 'Save bank holiday change' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('The date must be a real date');
    await expectAccessible(page, 'bank holidays with errors');
    await page.getByLabel('Day', { exact: true }).fill('3');
    await page.getByLabel('Month', { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Save bank holiday change' }).click();
    await expect(page.getByText('Jubilee added as a bank holiday').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('cell', { name: 'Jubilee' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'admin-04-bank-holidays');

    await page.goto('/admin/publishing');
    await expectAccessible(page, 'publishing');
    await page.getByRole('link', { name: '2014/15' }).click();
    await expect(page.getByRole('heading', { name: '360Giving quality checks' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'publish a year: checks');
    await screenshot(page, 'admin-05-publish');
    await page.getByRole('button', { name: 'Publish the grants of 2014/15' }).click();
    await expect(page.getByText('The grants of 2014/15 are published').isVisible()).resolves.toBe(true);
    const anonymous = await env.site().get(`/api/reports/grants?financialYear=${encodeURIComponent('2014/15')}`);
    expect(anonymous.status).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('invites without JavaScript', async () => {
    const { context, page } = await site.signedIn('admin', { javaScriptEnabled: false });
    await page.goto('/admin/users/invite');
    await expectAccessibleHtml(await site.newContext(), `${env.baseUrl}/no-js-invite`, await page.content(), 'invite form without JavaScript');
    await page.getByLabel('Full name').fill('Olu Viewer');
    await page.getByLabel('Email address').fill('olu.viewer@test.ringfence.local');
    await page.getByLabel('Viewer').check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForURL(`${env.baseUrl}/admin/users`);
    expect(linkSentTo('olu.viewer@test.ringfence.local')).toContain('/set-password/');
    await context.close();
  }, 60_000);
});
