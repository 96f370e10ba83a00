import { existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { closeServer, createOneOriginServer } from '../../apps/dev/src/one-origin.js';
import { MANIFEST_FILE } from '../../apps/web/src/assets/asset-manifest.js';
import { assetSourceFiles, buildAssets } from '../../apps/web/src/assets/build-assets.js';
import { createWebApp } from '../../apps/web/src/web.bootstrap.js';
import { webPaths } from '../../apps/web/src/web-paths.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/seed/demo-seed.js';
import type { Role } from '../../libs/domain/src/access/role.js';
import { withTestLock } from './database.js';
import { createTestEnv, type DemoRole, type TestEnv } from './test-env.js';

/**
 * Builds the web's assets when they are missing or older than their sources, so the tests need
 * no `npm run build` first. Under a lock shared by Jest's workers: the first browser file of a run
 * builds, the others find the manifest fresh.
 */
export async function ensureWebAssets(): Promise<void> {
  const paths = webPaths();
  const manifest = join(paths.assets, MANIFEST_FILE);
  const fresh = () =>
    existsSync(manifest) && assetSourceFiles(paths.root).every((file) => statSync(join(paths.root, file)).mtimeMs <= statSync(manifest).mtimeMs);
  if (fresh()) return;
  await withTestLock('web-assets', async () => {
    if (!fresh()) await buildAssets(paths.root, paths.assets);
  });
}

export interface WebTestEnv extends TestEnv {
  web: INestApplication;
  /** `http://127.0.0.1:<port>`: web and API on one origin, exactly as `npm start` serves them. */
  baseUrl: string;
  /** supertest against the one-origin server (web pages and /api alike). */
  site: () => TestAgent;
}

/**
 * The API's test environment (its own database, Redis prefix and SMTP sink) plus the web on the
 * same configuration, both behind the one-origin server `npm start` uses, listening on a free
 * port for a browser.
 */
export async function createWebTestEnv(overrides: NodeJS.ProcessEnv = {}, options: { controllers?: Type<unknown>[] } = {}): Promise<WebTestEnv> {
  await ensureWebAssets();
  const env = await createTestEnv(overrides);
  let web: INestApplication | undefined;
  try {
    web = await createWebApp(env.env, { controllers: options.controllers });
    await web.init();
  } catch (error) {
    await web?.close().catch(() => undefined);
    await env.close();
    throw error;
  }
  const server = createOneOriginServer(env.app, web);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...env,
    web,
    baseUrl,
    site: () => request(baseUrl),
    close: async () => {
      server.closeAllConnections();
      await closeServer(server);
      await web.close();
      await env.close();
    },
  };
}

export function demoUser(role: DemoRole): { email: string; password: string } {
  const user = DEMO_USERS.find((u) => u.role === (role as Role))!;
  return { email: user.email, password: DEMO_PASSWORD };
}

/** The hidden CSRF field of a page's first form. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

/** The session cookie (`ringfence.sid=...`) a response set, if any. */
export function sessionCookieFrom(res: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((c) => c.startsWith('ringfence.sid='))?.split(';')[0];
}

/**
 * A signed-in web session without a browser: GET /sign-in for a token, POST the form, and keep
 * the cookie. Returns the cookie and a fresh CSRF token for the signed-in session.
 */
export async function signInWithoutBrowser(env: WebTestEnv, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const page = await env.site().get('/sign-in');
  const first = sessionCookieFrom(page)!;
  const res = await env.site().post('/sign-in').set('Cookie', first).type('form').send({ _csrf: csrfTokenIn(page.text), email, password });
  if (res.status !== 303) throw new Error(`web sign-in as ${email} failed: ${res.status}`);
  const cookie = sessionCookieFrom(res)!;
  const home = await env.site().get('/').set('Cookie', cookie);
  return { cookie, csrf: csrfTokenIn(home.text) };
}
