import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobQueue, QueueName } from '../../libs/platform/src/index.js';
import { screenshot, signIn, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, type DemoRole } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The queue dashboard from a web session (issue 16): bull-board at /admin/queues behind the
 * admin's session and role, with no bearer token; every other role refused, signed out sent to
 * sign in; its relaxed style policy on its own path only; its writes need the CSRF token.
 */
const QUEUES = Object.values(QueueName).sort();

describe('the queue dashboard from the web', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  const cookies = new Map<DemoRole, string>();
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    for (const role of ['admin', 'commissioner', 'finance', 'partner', 'viewer'] as DemoRole[]) {
      cookies.set(role, (await signInWithoutBrowser(env, demoUser(role).email, demoUser(role).password)).cookie);
    }
  }, 180_000);

  afterAll(async () => {
    console.log(`web queue dashboard: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const get = (path: string, role?: DemoRole) => {
    const req = env.site().get(path);
    return role ? req.set('Cookie', cookies.get(role)!) : req;
  };

  it("serves an admin the dashboard and its list of the app's queues on the web session alone", async () => {
    const page = await get('/admin/queues', 'admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<base href="/admin/queues/"');
    const list = await get('/admin/queues/api/queues', 'admin');
    expect(list.status).toBe(200);
    expect((list.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(QUEUES);
    // Its static files come through the same gate.
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1]!;
    expect((await get(`/admin/queues/${script}`, 'admin')).status).toBe(200);
  });

  it('refuses every other role with the 403 page, for the page, its API and its files', async () => {
    for (const role of ['finance', 'partner', 'commissioner', 'viewer'] as DemoRole[]) {
      for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/api/redis/stats']) {
        const res = await get(path, role);
        expect([role, path, res.status]).toEqual([role, path, 403]);
        expect(res.text).toContain('<h1');
        expect(res.text).not.toContain('"queues"');
      }
    }
  });

  it('sends the signed out to sign in, and back to the dashboard after', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers['location']).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
    }
  });

  it("allows the dashboard's own inline styles by hash, on its path only", async () => {
    const policy = (res: { headers: Record<string, string> }) => res.headers['content-security-policy']!;
    const styleSrc = (csp: string) => /style-src ([^;]+)/.exec(csp)![1];
    const dashboard = policy(await get('/admin/queues', 'admin'));
    // Exactly bull-board's own inline styles, by hash (the browser test below proves
    // the page renders with no style refused); never every inline style.
    expect(styleSrc(dashboard)).toMatch(/^'self' 'unsafe-hashes'( 'sha256-[A-Za-z0-9+/]+=*'){2,}$/);
    expect(dashboard).not.toContain('unsafe-inline');
    expect(/script-src ([^;]+)/.exec(dashboard)![1]).toBe("'self'");
    for (const path of ['/', '/admin', '/admin/users', '/admin/queues-elsewhere']) {
      const csp = policy(await get(path, 'admin'));
      expect([path, styleSrc(csp)]).toEqual([path, "'self'"]);
      expect(csp).toMatch(/script-src 'self' 'nonce-/);
    }
  });

  it("refuses the dashboard's writes without the session's CSRF token, changing nothing", async () => {
    const res = await env.site().put('/admin/queues/api/queues/system/pause').set('Cookie', cookies.get('admin')!);
    expect(res.status).toBe(403);
    expect(await env.web.get(JobQueue).queue(QueueName.System).isPaused()).toBe(false);
  });

  it('takes an admin from the administration home to the dashboard in a browser, which shows every queue', async () => {
    const context = await site.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    const faults: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Its Google Fonts stylesheet is refused on purpose (security-headers.ts); nothing else may be.
      if (/Content Security Policy/.test(message.text())) refused.push(message.text());
      else if (!/Failed to load resource/.test(message.text())) faults.push(message.text());
    });
    page.on('pageerror', (error) => faults.push(error.message));
    await page.goto('/sign-in');
    await signIn(page, demoUser('admin').email, demoUser('admin').password);
    await page.waitForURL(`${env.baseUrl}/`);
    await page.getByRole('link', { name: 'Queue dashboard' }).click();
    await page.waitForURL(`${env.baseUrl}/admin/queues`);
    for (const name of QUEUES) await page.getByText(name, { exact: true }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'admin-06-queue-dashboard');
    expect(refused.filter((text) => !text.includes('fonts.googleapis.com'))).toEqual([]);
    expect(faults).toEqual([]);
    await context.close();
  }, 60_000);
});
