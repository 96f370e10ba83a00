import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing); flags from docs/architecture.md#the-stack for a headless, offline run. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every page and state checked: WCAG 2.2 AA, 0 violations. Returns the number of checks run (for the tally). */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (violations.length) throw new Error(`${state}: ${violations.length} accessibility violation(s):\n${violations.join('\n')}`);
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
