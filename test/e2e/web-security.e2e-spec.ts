import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { readManifest } from '../../apps/web/src/assets/asset-manifest.js';
import { webPaths } from '../../apps/web/src/web-paths.js';
import { loadDemo, REDIS_URL } from '../helpers/test-env.js';
import { demoAs } from '../helpers/demo.js';
import { WebProbeController } from '../helpers/web-probe.controller.js';
import { createWebTestEnv, csrfTokenIn, demoUser, sessionCookieFrom, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The web's sessions, CSRF, headers and error pages over HTTP (no browser): issue 14 items 4, 5
 * and 7, and the security rules of docs/web-contract.md#security. Sessions here are short (idle 3 s, absolute 7 s) so the
 * timeouts can be watched happen.
 */
const IDLE_MS = 3000;
const ABSOLUTE_MS = 7000;
const PASSWORD = 'amber-kettle-lantern-9';

describe('web security: sessions, CSRF, headers, error pages', () => {
  let env: WebTestEnv;
  let adminToken: string;
  let redis: Redis;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    env = await createWebTestEnv({ SESSION_IDLE_TIMEOUT: `${IDLE_MS / 1000}s`, SESSION_ABSOLUTE_TIMEOUT: `${ABSOLUTE_MS / 1000}s`, TRUST_PROXY: '1' }, { controllers: [WebProbeController] });
    await loadDemo(env);
    ({ admin: adminToken } = await demoAs(env, 'admin'));
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await env?.close();
  }, 60_000);

  /** A user of our own, so that throttling counters and sessions of one test never touch another's. */
  async function givenUser(role: 'viewer' | 'finance' | 'commissioner' | 'admin' = 'viewer'): Promise<{ id: string; email: string; password: string }> {
    const email = `web-${randomBytes(4).toString('hex')}@test.ringfence.local`;
    const res = await env.site().post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ email, name: 'Web Tester', role, password: PASSWORD });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password: PASSWORD };
  }

  /** The session's key in Redis, from the cookie `ringfence.sid=s%3A<id>.<signature>`. */
  function sessionKey(cookie: string): string {
    const id = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    return `${env.queuePrefix}:web-session:${id}`;
  }

  async function signInPage(): Promise<{ cookie: string; csrf: string; text: string }> {
    const res = await env.site().get('/sign-in');
    expect(res.status).toBe(200);
    return { cookie: sessionCookieFrom(res)!, csrf: csrfTokenIn(res.text), text: res.text };
  }

  function postSignIn(page: { cookie: string; csrf: string }, fields: Record<string, string>) {
    return env.site().post('/sign-in').set('Cookie', page.cookie).type('form').send({ _csrf: page.csrf, ...fields });
  }

  describe('the sign-in page and its cookie', () => {
    it('asks for "Email address" and "Password" with a "Sign in" button (docs/web-contract.md#the-contract)', async () => {
      const { text } = await signInPage();
      expect(text).toMatch(/<label class="govuk-label" for="email">\s*Email address\s*<\/label>/);
      expect(text).toMatch(/<label class="govuk-label" for="password">\s*Password\s*<\/label>/);
      expect(text).toMatch(/<button[^>]*type="submit"[^>]*>\s*Sign in\s*<\/button>/);
      expect(text.match(/<h1/g)).toHaveLength(1);
    });

    it('sets an HttpOnly, SameSite=Lax session cookie, Secure only when the request came over HTTPS', async () => {
      const plain = await env.site().get('/sign-in');
      const cookie = (plain.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ringfence.sid='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/);
      expect(cookie).not.toMatch(/Max-Age|Expires/);
      // Through a TLS-terminating proxy TRUST_PROXY names (here: 1 hop).
      const proxied = await env.site().get('/sign-in').set('X-Forwarded-Proto', 'https');
      expect((proxied.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ringfence.sid='))).toMatch(/; Secure/);
    });

    it('starts no session for a page without a form', async () => {
      const res = await env.site().get('/accessibility');
      expect(res.status).toBe(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('signing in and out', () => {
    it('rotates the session id at sign-in, so the id from before is worth nothing after', async () => {
      const user = await givenUser();
      const page = await signInPage();
      const res = await postSignIn(page, { email: user.email, password: user.password });
      expect(res.status).toBe(303);
      expect(res.headers['location']).toBe('/');
      const signedIn = sessionCookieFrom(res)!;
      expect(signedIn).not.toBe(page.cookie);
      expect(await redis.exists(sessionKey(page.cookie))).toBe(0);
      expect((await env.site().get('/').set('Cookie', signedIn)).status).toBe(200);
      const before = await env.site().get('/').set('Cookie', page.cookie);
      expect([before.status, before.headers['location']]).toEqual([303, '/sign-in']);
      // The web's sign-in records the login as the API's does.
      const [{ last_login_at }] = (await env.db.query('SELECT last_login_at FROM app_user WHERE id = $1', [user.id])) as [{ last_login_at: Date | null }];
      expect(last_login_at).not.toBeNull();
    });

    it('sends a signed-out visitor to sign in, and back to the page after', async () => {
      const [{ id }] = (await env.db.query(`SELECT id FROM award ORDER BY reference LIMIT 1`)) as [{ id: string }];
      const visit = await env.site().get(`/awards/${id}?tab=summary`);
      expect(visit.status).toBe(303);
      expect(visit.headers['location']).toBe(`/sign-in?returnTo=${encodeURIComponent(`/awards/${id}?tab=summary`)}`);
      const page = await env.site().get(visit.headers['location'] as string);
      expect(page.text).toContain(`name="returnTo" value="/awards/${id}?tab=summary"`);
      const user = await givenUser();
      const res = await postSignIn({ cookie: sessionCookieFrom(page)!, csrf: csrfTokenIn(page.text) }, { email: user.email, password: user.password, returnTo: `/awards/${id}?tab=summary` });
      expect(res.headers['location']).toBe(`/awards/${id}?tab=summary`);
    });

    it.each(['https://evil.example/phish', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])('never sends anyone off the site after sign-in (returnTo=%s)', async (returnTo) => {
      const user = await givenUser();
      const res = await postSignIn(await signInPage(), { email: user.email, password: user.password, returnTo });
      expect([res.status, res.headers['location']]).toEqual([303, '/']);
    });

    it('gives the same answer for an unknown email and a wrong password', async () => {
      const user = await givenUser();
      const unknownEmail = await postSignIn(await signInPage(), { email: `nobody-${user.email}`, password: user.password });
      const wrongPassword = await postSignIn(await signInPage(), { email: user.email, password: 'not-the-password-1' });
      expect([unknownEmail.status, wrongPassword.status]).toEqual([400, 400]);
      const normalise = (html: string) => html.replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*@test\.ringfence\.local"/g, '');
      expect(normalise(unknownEmail.text)).toBe(normalise(wrongPassword.text));
      expect(wrongPassword.text).toContain('There is a problem');
      expect(wrongPassword.text).toContain('<a href="#email">Enter a correct email address and password</a>');
      expect(wrongPassword.text).toMatch(/<title>\s*Error: Sign in – Ringfence/);
      // What was typed comes back, except the password.
      expect(wrongPassword.text).toContain(`value="${user.email}"`);
      expect(wrongPassword.text).not.toContain('not-the-password-1');
    });

    it('names each missing field in the error summary, in the form\'s order', async () => {
      const res = await postSignIn(await signInPage(), { email: '', password: '' });
      expect(res.status).toBe(400);
      const summary = [...res.text.matchAll(/<li>\s*<a href="(#\w+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
      expect(summary).toEqual([
        ['#email', 'Enter your email address'],
        ['#password', 'Enter your password'],
      ]);
      expect(res.text).toMatch(/id="email-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span> Enter your email address/);
    });

    it('counts web sign-in failures against the same throttle as API logins', async () => {
      const user = await givenUser();
      for (let i = 0; i < 10; i++) {
        const res = await env.site().post('/api/auth/login').send({ email: user.email, password: `wrong-${i}-password` });
        expect(res.status).toBe(401);
      }
      const res = await postSignIn(await signInPage(), { email: user.email, password: user.password });
      expect(res.status).toBe(429);
      expect(res.text).toMatch(/You have tried to sign in too many times\. Try again in \d+ minutes?\./);
    });

    it('signs out from the header button: the session is gone from Redis and the old cookie opens nothing', async () => {
      const user = await givenUser();
      const session = await signInWithoutBrowser(env, user.email, user.password);
      const res = await env.site().post('/sign-out').set('Cookie', session.cookie).type('form').send({ _csrf: session.csrf });
      expect([res.status, res.headers['location']]).toEqual([303, '/signed-out']);
      expect((res.headers['set-cookie'] as unknown as string[]).join()).toMatch(/ringfence\.sid=;.*Expires=Thu, 01 Jan 1970/);
      expect(await redis.exists(sessionKey(session.cookie))).toBe(0);
      expect((await env.site().get('/').set('Cookie', session.cookie)).status).toBe(303);
      expect((await env.site().get('/signed-out')).text).toContain('You have signed out');
    });
  });

  describe('ending sessions', () => {
    it('ends a session idle for longer than SESSION_IDLE_TIMEOUT', async () => {
      const user = await givenUser();
      const session = await signInWithoutBrowser(env, user.email, user.password);
      await sleep(IDLE_MS + 700);
      const res = await env.site().get('/').set('Cookie', session.cookie);
      expect(res.status).toBe(303);
      expect(res.headers['location']).toMatch(/^\/sign-in/);
      expect(await redis.exists(sessionKey(session.cookie))).toBe(0);
    }, 20_000);

    it("does not count the queue dashboard's background reads as activity: a dashboard left open times out", async () => {
      const admin = await givenUser('admin');
      const session = await signInWithoutBrowser(env, admin.email, admin.password);
      const started = Date.now();
      const poll = () => env.site().get('/admin/queues/api/queues').set('Cookie', session.cookie);
      let res = await poll();
      expect(res.status).toBe(200);
      // bull-board's own rhythm, faster: reads alone, a third of the idle timeout apart.
      while (res.status === 200 && Date.now() - started < ABSOLUTE_MS + 3000) {
        await sleep(IDLE_MS / 3);
        res = await poll();
      }
      // Ended by the idle timeout, well before the absolute one.
      expect(Date.now() - started).toBeLessThan(IDLE_MS + 2500);
      expect(res.status).toBe(303);
      expect(res.headers['location']).toContain('ended=timeout');
    }, 30_000);

    it('ends a busy session SESSION_ABSOLUTE_TIMEOUT after sign-in, and says why', async () => {
      const user = await givenUser();
      const session = await signInWithoutBrowser(env, user.email, user.password);
      const started = Date.now();
      let res = await env.site().get('/').set('Cookie', session.cookie);
      while (res.status === 200 && Date.now() - started < ABSOLUTE_MS + 3000) {
        await sleep(IDLE_MS / 3);
        res = await env.site().get('/').set('Cookie', session.cookie);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(ABSOLUTE_MS - 1000);
      expect([res.status, res.headers['location']]).toEqual([303, '/sign-in?ended=timeout']);
      const page = await env.site().get('/sign-in?ended=timeout');
      expect(page.text).toContain('You have been signed out because you had not used Ringfence for a while');
    }, 30_000);

    it.each([
      ['is disabled', { disabled: true }],
      ['changes role', { role: 'finance' }],
    ])('ends the session of a user who %s, at their very next request', async (_what, patch) => {
      const user = await givenUser('viewer');
      const session = await signInWithoutBrowser(env, user.email, user.password);
      expect((await env.site().get('/').set('Cookie', session.cookie)).status).toBe(200);
      const changed = await env.site().patch(`/api/users/${user.id}`).set('Authorization', `Bearer ${adminToken}`).send(patch);
      expect(changed.status).toBe(200);
      const res = await env.site().get('/').set('Cookie', session.cookie);
      expect([res.status, res.headers['location']]).toEqual([303, '/sign-in?ended=account-changed']);
      expect(await redis.exists(sessionKey(session.cookie))).toBe(0);
      expect((await env.site().get('/sign-in?ended=account-changed')).text).toContain('You have been signed out because your account was changed');
    });
  });

  describe('CSRF', () => {
    it('refuses a sign-in without the session\'s token with the 403 page, and signs nobody in', async () => {
      const user = await givenUser();
      const page = await signInPage();
      const audits = await env.db.query(`SELECT count(*)::int AS n FROM audit_entry`);
      for (const token of [undefined, '', 'x'.repeat(256), (await signInPage()).csrf]) {
        const fields: Record<string, string> = { email: user.email, password: user.password };
        if (token !== undefined) fields['_csrf'] = token;
        const res = await env.site().post('/sign-in').set('Cookie', page.cookie).type('form').send(fields);
        expect(res.status).toBe(403);
        expect(res.text).toContain('Sorry, we could not accept that form');
        expect(res.text).toContain('Nothing was saved');
        expect(sessionCookieFrom(res)).toBeUndefined();
      }
      const [{ last_login_at }] = (await env.db.query('SELECT last_login_at FROM app_user WHERE id = $1', [user.id])) as [{ last_login_at: Date | null }];
      expect(last_login_at).toBeNull();
      expect(await env.db.query(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(audits);
      expect((await env.site().get('/').set('Cookie', page.cookie)).status).toBe(303);
    });

    it('refuses a signed-in POST without the token: the session goes on', async () => {
      const user = await givenUser();
      const session = await signInWithoutBrowser(env, user.email, user.password);
      const res = await env.site().post('/sign-out').set('Cookie', session.cookie).type('form').send({});
      expect(res.status).toBe(403);
      expect((await env.site().get('/').set('Cookie', session.cookie)).status).toBe(200);
      expect(await redis.exists(sessionKey(session.cookie))).toBe(1);
    });

    it('refuses any state-changing request without the token, even to a page that does not exist', async () => {
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await env.site()[method]('/no-such-page').type('form').send({ a: '1' });
        expect([method, res.status]).toEqual([method, 403]);
      }
    });
  });

  describe('headers', () => {
    it('sends a Content Security Policy with a fresh nonce that every script carries, and no inline style', async () => {
      const nonces: string[] = [];
      for (const path of ['/sign-in', '/accessibility', '/no-such-page']) {
        const res = await env.site().get(path);
        const csp = res.headers['content-security-policy'] as string;
        const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
        expect(nonce).toBeDefined();
        expect(csp).toContain("style-src 'self'");
        expect(csp).toContain("img-src 'self' data:");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(csp).not.toContain('upgrade-insecure-requests');
        const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts).toHaveLength(2);
        for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
        expect(res.text).not.toMatch(/\sstyle="/);
        expect(res.text).not.toMatch(/<style\b/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-powered-by']).toBeUndefined();
        nonces.push(nonce!);
      }
      expect(new Set(nonces).size).toBe(3);
    });

    it('serves the hashed assets for a year, without a session, and a missing one as the 404 page', async () => {
      const manifest = readManifest(webPaths().assets);
      for (const [file, type] of [
        [manifest['application.css'], 'text/css'],
        [manifest['application.js'], 'javascript'],
        [`${manifest.images}/favicon.svg`, 'image/svg+xml'],
      ]) {
        const res = await env.site().get(`/assets/${file}`);
        expect([file, res.status]).toEqual([file, 200]);
        expect(res.headers['content-type']).toContain(type);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const css = await env.site().get(`/assets/${manifest['application.css']}`);
      expect(css.text).toContain('font-family:arial,sans-serif');
      expect(css.text).not.toContain('GDS Transport');
      const missing = await env.site().get('/assets/application-000000000000.css');
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('Page not found');
    });
  });

  describe('error pages', () => {
    it('shows a server fault as the 500 page with a reference, and nothing of the fault itself', async () => {
      const res = await env.site().get('/test-probe/fault');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('Sorry, there is a problem with the service');
      expect(res.text).toContain(`<strong>${res.headers['x-request-id'] as string}</strong>`);
      for (const leak of ['SELECT', 'password_hash', 'users.service', '/work/', 'Error:', '    at ']) expect([leak, res.text.includes(leak)]).toEqual([leak, false]);
    });

    it('shows the 403 page to a role the page is not for, and the page to the role it is for', async () => {
      const viewer = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
      const refused = await env.site().get('/test-probe/admin-only').set('Cookie', viewer.cookie);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('You cannot view or do this');
      expect(refused.text).toContain('You are signed in as: Viewer.');
      const admin = await signInWithoutBrowser(env, demoUser('admin').email, demoUser('admin').password);
      expect((await env.site().get('/test-probe/admin-only').set('Cookie', admin.cookie)).status).toBe(200);
    });

    it('explains a coded domain error in plain English with its figures', async () => {
      const commissioner = await signInWithoutBrowser(env, demoUser('commissioner').email, demoUser('commissioner').password);
      const res = await env.site().get('/test-probe/conflict').set('Cookie', commissioner.cookie);
      expect(res.status).toBe(409);
      expect(res.text).toContain('This would take the funding stream over its budget: £12,000.00 is left, and this needs £15,000.00.');
      expect(res.text).not.toContain('BUDGET_EXCEEDED');
    });

    it.each(['/no-such-page', '/awards/not-an-id', '/awards/00000000-0000-4000-8000-000000000000'])('answers %s with the 404 page', async (path) => {
      const viewer = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
      const res = await env.site().get(path).set('Cookie', viewer.cookie);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page not found');
    });
  });

  it("runs a partner's page requests under the partner's row-level-security scope, like its API requests", async () => {
    const [{ id: organisationId }] = (await env.db.query(`SELECT id FROM organisation WHERE identifier360 = 'GB-LAE-WRT'`)) as [{ id: string }];
    const partner = await signInWithoutBrowser(env, demoUser('partner').email, demoUser('partner').password);
    expect((await env.site().get('/test-probe/database-role').set('Cookie', partner.cookie)).text).toBe(`ringfence_partner ${organisationId}`);
    const viewer = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    expect((await env.site().get('/test-probe/database-role').set('Cookie', viewer.cookie)).text).not.toContain('ringfence_partner');
  });

  it('serves the API on the same origin, untouched by the web (JSON errors, no session)', async () => {
    const res = await env.site().get('/api/awards');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await env.site().get('/health')).status).toBe(200);
    expect((await env.site().get('/api/docs-json')).body.openapi).toMatch(/^3\./);
  });
});
