import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, signIn, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { WebProbeController } from '../helpers/web-probe.controller.js';
import { createWebTestEnv, demoUser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The web shell in a real browser (Debian's Chromium): sign-in by label, the partner wall, every
 * page and state checked with axe for WCAG 2.2 AA, hostile text, and the sign-in journey with
 * JavaScript off and with the keyboard alone. One browser for the file, a context per journey.
 */

// Hostile text, stored through the API as a partner organisation, its user and its award.
const LONG_WORD = 'Supercalifragilisticexpialidocious'.repeat(9).slice(0, 300);
const HOSTILE = {
  organisation: `<img src=x onerror=alert('org')> O'Brien & "Sons" \u202Egnp.exe\u202C Trust`,
  userName: `Zoë "Z" <b>Bold</b> O'Neil`,
  title: `<script>alert('title')</script> ${LONG_WORD.slice(0, 260)}`,
  grantType: `</td><td>injected & 'quoted'`,
  description: `"/><script>alert('desc')</script><a href="javascript:alert(1)">link</a> \u200F\u202Bمرحبا\u202C ${LONG_WORD}`,
  line: `<iframe src="//evil.example"></iframe> ${LONG_WORD.slice(0, 200)}`,
};
const PASSWORD = 'amber-kettle-lantern-9';

// Functions given to page.evaluate run in the browser; the project compiles without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
type HTMLElement = any;

describe('web shell in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let ids: { ownAward: string; otherAward: string; hostileAward: string };
  let hostileUser: { email: string; password: string };
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv({}, { controllers: [WebProbeController] }));
    await loadDemo(env);
    const awardOf = async (identifier: string) =>
      ((await env.db.query(`SELECT a.id FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = $1 ORDER BY a.reference LIMIT 1`, [identifier])) as [{ id: string }])[0].id;

    // The hostile records go in through the API, as any client's would.
    const [admin, commissioner] = await Promise.all([loginAs(env, 'admin'), loginAs(env, 'commissioner')]);
    const api = (token: string, method: 'post' | 'patch', path: string, body: object) =>
      env.site()[method](path).set('Authorization', `Bearer ${token}`).send(body).then((res) => {
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as { id: string };
      });
    const organisation = await api(admin, 'post', '/api/organisations', { name: HOSTILE.organisation, kind: 'charity' });
    hostileUser = { email: 'hostile-partner@test.ringfence.local', password: PASSWORD };
    await api(admin, 'post', '/api/users', { ...hostileUser, name: HOSTILE.userName, role: 'partner', organisationId: organisation.id });
    const [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream ORDER BY created_at LIMIT 1`)) as [{ id: string }];
    const award = await api(commissioner, 'post', '/api/awards', {
      fundingStreamId: streamId,
      recipientOrganisationId: organisation.id,
      title: HOSTILE.title,
      grantType: HOSTILE.grantType,
      description: HOSTILE.description,
      amountPence: 123456,
      startDate: '2014-04-01',
      endDate: '2015-03-31',
    });
    await api(commissioner, 'post', `/api/awards/${award.id}/lines`, { label: HOSTILE.line, amountPence: 1000 });
    ids = { ownAward: await awardOf('GB-LAE-WRT'), otherAward: await awardOf('GB-LAE-HAL'), hostileAward: award.id };
  }, 180_000);

  afterAll(async () => {
    console.log(`web shell: ${checked.length} pages and states passed axe (WCAG 2.2 AA) with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const newPage = (options: PageOptions = {}) => site.newPage({ viewport: { width: 1280, height: 720 }, ...options });

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());

  it('signs a partner in by label and back to the page asked for, shows its awards, and signs it out', async () => {
    const { context, page, problems } = await newPage();
    const asked = `/awards/${ids.ownAward}`;
    await page.goto(asked);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(asked);
    await expectAccessible(page, 'sign-in');

    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter your email address');
    await expectAccessible(page, 'sign-in with errors');

    const { email, password } = demoUser('partner');
    await signIn(page, 'nobody@demo.ringfence.local', password);
    const wrongEmail = await text(page, '.govuk-error-summary');
    await signIn(page, email, 'not-the-password');
    const wrongPassword = await text(page, '.govuk-error-summary');
    expect(wrongEmail).toBe(wrongPassword);
    expect(wrongPassword).toContain('Enter a correct email address and password');
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expectAccessible(page, 'sign-in refused');

    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe(asked);
    expect(await text(page, 'h1')).toBe('Community Safety Funding 2014/15: Warrington Borough Council');
    expect(await text(page, '.govuk-summary-list')).toContain('£132,917.00');
    expect(await text(page, '.govuk-summary-list')).toContain('1 April 2014');
    expect(await text(page, '.app-account')).toContain('Warrington Borough Council');
    await expectAccessible(page, 'award (partner)');

    await page.getByRole('link', { name: 'Home' }).click();
    expect(await page.locator('h1').count()).toBe(1);
    expect(await text(page, 'h1')).toBe('What your organisation owes');
    const rows = await page.locator('table[aria-labelledby="awards"] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toContain('Warrington Borough Council');
    await expectAccessible(page, 'home (partner)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/signed-out');
    await expectAccessible(page, 'signed out');
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a partner another organisation\'s award as the same 404 page as one that does not exist', async () => {
    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    const other = await page.goto(`/awards/${ids.otherAward}`);
    const otherMain = await page.locator('main').innerHTML();
    const otherTitle = await page.title();
    await expectAccessible(page, '404 page');
    const missing = await page.goto(`/awards/${randomUUID()}`);
    expect([other!.status(), missing!.status()]).toEqual([404, 404]);
    expect(await page.locator('main').innerHTML()).toBe(otherMain);
    expect(await page.title()).toBe(otherTitle);
    expect(otherMain).toContain('Page not found');
    // Staff may read it.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`/awards/${ids.otherAward}`);
    await signIn(page, demoUser('viewer').email, demoUser('viewer').password);
    expect(await text(page, 'h1')).toContain('Halton Borough Council');
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await context.close();
  }, 120_000);

  it('gives every staff role its home, and the footer pages, error pages and problem pages pass axe', async () => {
    const { context, page, problems } = await newPage();
    for (const path of ['/accessibility', '/privacy', '/contact']) {
      await page.goto(path);
      expect(await page.locator('h1').count()).toBe(1);
      await expectAccessible(page, `${path} (signed out)`);
    }
    for (const role of ['commissioner', 'finance', 'viewer', 'admin'] as const) {
      await page.goto('/sign-in');
      await signIn(page, demoUser(role).email, demoUser(role).password);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await text(page, 'h1')).toBe({ commissioner: 'My work', finance: 'Finance', viewer: 'Grants, spend and outcomes by year', admin: 'Administration' }[role]);
      expect(await text(page, '.app-account')).toContain(role === 'admin' ? 'Administrator' : role === 'commissioner' ? 'Commissioning officer' : role === 'finance' ? 'Finance' : 'Viewer');
      await expectAccessible(page, `home (${role})`);
      if (role === 'viewer') {
        expect((await page.goto('/test-probe/admin-only'))!.status()).toBe(403);
        await expectAccessible(page, '403 page');
        expect((await page.goto('/test-probe/fault'))!.status()).toBe(500);
        await expectAccessible(page, '500 page');
        await page.goto('/accessibility');
        await expectAccessible(page, '/accessibility (signed in)');
      }
      if (role === 'commissioner') {
        expect((await page.goto('/test-probe/conflict'))!.status()).toBe(409);
        expect(await text(page, 'main')).toContain('£12,000.00');
        await expectAccessible(page, 'conflict page');
        await page.goto('/');
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    // The fault page answers 500 on purpose; nothing else may log an error.
    expect(problems.filter((p) => !p.includes('status of 500'))).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows hostile text stored through the API as text on every page that shows it', async () => {
    const { context, page, problems } = await newPage();
    const noInjection = async (where: string) => {
      const found = await page.evaluate(() => ({
        scripts: [...document.scripts].map((s) => s.src || 'inline'),
        injected: document.querySelectorAll('img[src="x"], iframe, a[href^="javascript:"], b, td td').length,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      expect([where, found.scripts.length, found.injected]).toEqual([where, 2, 0]);
      // A 300-letter word wraps inside its box instead of widening the page.
      expect([where, found.overflow <= 0]).toEqual([where, true]);
    };

    await page.goto('/sign-in');
    await signIn(page, hostileUser.email, hostileUser.password);
    expect(await text(page, '.app-account')).toContain(HOSTILE.organisation);
    expect(await text(page, '.app-account')).toContain(HOSTILE.userName);
    expect(await text(page, '.govuk-caption-l')).toBe(HOSTILE.organisation);
    expect(await page.locator('tbody a').innerText()).toBe(HOSTILE.title);
    await noInjection('home (hostile partner)');
    await expectAccessible(page, 'home with hostile text');

    await page.locator('tbody a').click();
    expect(await text(page, 'h1')).toBe(HOSTILE.title);
    expect(await page.title()).toBe(`${HOSTILE.title} – Ringfence`);
    const summary = await page.locator('.govuk-summary-list').first().innerText();
    for (const value of [HOSTILE.organisation, HOSTILE.grantType, HOSTILE.description]) expect(summary).toContain(value);
    expect(await page.locator('.govuk-summary-list').nth(1).innerText()).toContain(HOSTILE.line);
    await noInjection('award (hostile partner)');
    await expectAccessible(page, 'award with hostile text');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    const row = page.locator('tbody tr', { hasText: 'Supercalifragilistic' });
    expect(await row.innerText()).toContain(HOSTILE.organisation);
    await noInjection('home (staff) with hostile text');
    await page.goto(`/awards/${ids.hostileAward}`);
    await noInjection('award (staff) with hostile text');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('signs in, reads an award and signs out with JavaScript turned off', async () => {
    const { context, page, problems } = await newPage({ javaScriptEnabled: false });
    const { context: checker } = await newPage();
    const check = async (state: string) => expectAccessibleHtml(checker, page.url(), await page.content(), `${state} (no JavaScript)`);

    await page.goto(`/awards/${ids.ownAward}`);
    expect(await page.evaluate(() => document.body.className)).not.toContain('js-enabled');
    await check('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter your email address');
    await check('sign-in with errors');
    await signIn(page, demoUser('partner').email, 'wrong-password-here');
    expect(await text(page, '.govuk-error-summary')).toContain('Enter a correct email address and password');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    expect(new URL(page.url()).pathname).toBe(`/awards/${ids.ownAward}`);
    await check('award');
    await page.getByRole('link', { name: 'Home' }).click();
    expect(await page.locator('table[aria-labelledby="awards"] tbody tr').count()).toBe(3);
    await check('home');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/signed-out');
    expect(problems).toEqual([]);
    await Promise.all([context.close(), checker.close()]);
  }, 120_000);

  it('signs in, reads an award and signs out with the keyboard alone', async () => {
    const { context, page, problems } = await newPage();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { id: el?.id ?? '', tag: el?.tagName ?? '', text: (el?.innerText ?? '').trim(), href: el?.getAttribute('href') ?? '' };
    });
    /** Tabs forward until `matches` holds (at most 30 presses), as a keyboard user would. */
    const tabTo = async (what: string, matches: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let presses = 0; presses < 30; presses++) {
        await page.keyboard.press('Tab');
        if (matches(await focused())) return;
      }
      throw new Error(`could not reach ${what} with Tab`);
    };

    await page.goto('/sign-in');
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await tabTo('the email field', (f) => f.id === 'email');
    await page.keyboard.type(demoUser('partner').email);
    await tabTo('the password field', (f) => f.id === 'password');
    await page.keyboard.type(demoUser('partner').password);
    await tabTo('the Sign in button', (f) => f.tag === 'BUTTON' && f.text === 'Sign in');
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.keyboard.press('Enter')]);

    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main-content');
    await tabTo('the first award', (f) => /^\/awards\/[^/]+$/.test(f.href));
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/awards/')), page.keyboard.press('Enter')]);
    expect(await text(page, 'h1')).toContain('Warrington Borough Council');
    await tabTo('Sign out', (f) => f.tag === 'BUTTON' && f.text === 'Sign out');
    await Promise.all([page.waitForURL((url) => url.pathname === '/signed-out'), page.keyboard.press('Enter')]);
    await expectAccessible(page, 'signed out (keyboard)');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
