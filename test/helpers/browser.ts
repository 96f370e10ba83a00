import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { DemoRole } from './test-env.js';
import { demoUser, type WebTestEnv } from './web-env.js';

/** Debian's Chromium (`.ci/run` installs it when missing); flags from docs/architecture.md#the-stack for a headless, offline run. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The minified axe-core that @axe-core/playwright itself depends on: the same rules as its default
 * source (the unminified one, 1.5 MB), in less than half the text to parse on every page checked.
 */
const AXE_SOURCE = readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe.run in the page itself, injected once per document. Our pages have no frames, so this is
 * what AxeBuilder's runPartial/finishRun does without its second injection into a blank page it
 * opens per check (which doubled the time of every check). A page with frames takes AxeBuilder's way.
 */
async function runAxe(page: Page): Promise<AxeResults> {
  if (page.frames().length > 1) return new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(WCAG_TAGS).analyze();
  if (!(await page.evaluate(`typeof window.axe === 'object'`))) await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify({ runOnly: { type: 'tag', values: WCAG_TAGS } })})`);
}

/**
 * A page state as axe sees it: the rendered DOM and the viewport. The session's CSRF token and the
 * CSP nonce differ between two renderings of the same state and change nothing axe checks.
 */
async function stateKey(page: Page): Promise<string> {
  const html = (await page.content()).replace(/(name="_csrf" value=")[^"]*"/g, '$1"').replace(/(nonce=")[^"]*"/g, '$1"');
  return createHash('sha256').update(JSON.stringify(page.viewportSize())).update(html).digest('hex');
}

/** The states axe has passed in this file (Jest gives each file its own modules), by stateKey. */
const passed = new Set<string>();

/**
 * Every page and state checked: WCAG 2.2 AA, 0 violations. A state identical to one already passed
 * in this file (same DOM, same viewport) is counted without running axe again: axe's result is a
 * function of exactly those.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const key = await stateKey(page);
  if (!passed.has(key)) {
    const result = await runAxe(page);
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    if (violations.length) throw new Error(`${state}: ${violations.length} accessibility violation(s):\n${violations.join('\n')}`);
    // Axe must have looked at something: an empty or blank page passes trivially.
    if (result.passes.length === 0) throw new Error(`${state}: axe found nothing to check on ${page.url()}`);
    passed.add(key);
  }
  checked.push(state);
}

/** Names of the states axe has passed in this file, for the test's closing line. */
export const checked: string[] = [];

/**
 * Axe cannot run where scripts are off (docs/architecture.md#the-stack): check a no-JavaScript page's HTML by serving it
 * to a JavaScript-enabled page of the same origin (its stylesheet and images load as usual).
 */
export async function expectAccessibleHtml(context: BrowserContext, url: string, html: string, state: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(url);
    await expectAccessible(page, state);
  } finally {
    await page.close();
  }
}

/**
 * What a page must never do: break its Content Security Policy, throw, or open a dialog (a
 * script injected through user-entered text would). Collected per page; tests assert it stays empty.
 */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // A page answering 400/404/409 on purpose logs its status; anything else is a fault.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|403|404|409|429)/.test(text)) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A page of its own (own cookies), watched for CSP refusals, script errors and dialogs. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** What watch() collected; tests assert it stays empty. */
  problems: string[];
}

/** How a journey's page is opened: scripts on unless said, 1200×900 unless said. */
export type PageOptions = Pick<BrowserContextOptions, 'javaScriptEnabled' | 'viewport'>;

/**
 * One browser for a test file's journeys on one site (launched once, closed in afterAll), and the
 * set-up every journey repeats: a fresh context on the site, a watched page, a sign-in by label.
 */
export class SiteBrowser {
  constructor(
    readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  newContext(options: PageOptions = {}): Promise<BrowserContext> {
    return this.browser.newContext({ baseURL: this.baseUrl, viewport: { width: 1200, height: 900 }, ...options });
  }

  async newPage(options: PageOptions = {}): Promise<WatchedPage> {
    const context = await this.newContext(options);
    const page = await context.newPage();
    return { context, page, problems: watch(page) };
  }

  /** A new page signed in through /sign-in by label, as the demo user of `who` or with the credentials given; waits until it has left the sign-in page. */
  async signedIn(who: DemoRole | { email: string; password: string }, options: PageOptions = {}): Promise<WatchedPage> {
    const opened = await this.newPage(options);
    const { email, password } = typeof who === 'string' ? demoUser(who) : who;
    await opened.page.goto('/sign-in');
    await signIn(opened.page, email, password);
    await opened.page.waitForURL((url) => url.pathname !== '/sign-in');
    return opened;
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** The file's web environment and its browser, started side by side (each takes seconds); neither is left running if the other fails. */
export async function withBrowser(webEnv: Promise<WebTestEnv>): Promise<[WebTestEnv, SiteBrowser]> {
  const [env, browser] = await Promise.allSettled([webEnv, launchBrowser()]);
  if (env.status === 'rejected' || browser.status === 'rejected') {
    if (env.status === 'fulfilled') await env.value.close();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw env.status === 'rejected' ? env.reason : (browser as PromiseRejectedResult).reason;
  }
  return [env.value, new SiteBrowser(browser.value, env.value.baseUrl)];
}

/**
 * The README's screenshots: written only when RINGFENCE_SCREENSHOTS names a folder
 * (`npm run screenshots` sets docs/screenshots), so ordinary test runs leave the checkout alone.
 * Name them `<area>-<nn>-<page>` (e.g. `partner-03-return-check-answers`).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env['RINGFENCE_SCREENSHOTS'];
  if (!folder) return;
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}
