import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { activeAwardOfItsOwn } from '../helpers/demo.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, type WebTestEnv } from '../helpers/web-env.js';

// Read inside the browser (page.evaluate); the tests compile without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

/**
 * An officer's journey with the keyboard alone (docs: every main journey also runs with the
 * keyboard alone): sign in, open an award's conditions, add a payment-holding condition (the
 * error summary takes focus and its links lead to the fields, as in GOV.UK), then record a
 * breach and confirm it. Only page.keyboard moves or acts: no click, fill, check or selectOption.
 */
describe('web: an officer with the keyboard alone', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let awardId: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    ({ awardId } = await activeAwardOfItsOwn(env, 'Keyboard', 'PCC-D-2031-09'));
  }, 180_000);

  afterAll(async () => {
    console.log(`web keyboard: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  /** What has focus, as a person hears it: its tag and its text, label or value. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'BODY';
      // A form control is heard by its label; anything else by its text.
      const label: string = el.labels?.[0]?.textContent ?? '';
      return `${el.tagName} ${(label || el.innerText || el.value || '').replace(/\s+/g, ' ').trim()}`.trim();
    });

  /** Tab (or Shift+Tab) until what has focus matches, as a keyboard user would; fails if it never comes. */
  async function tabTo(page: Page, what: RegExp, options: { back?: boolean } = {}): Promise<void> {
    const seen: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
      const now = await focused(page);
      if (what.test(now)) return;
      seen.push(now);
    }
    throw new Error(`never reached ${what} with ${options.back ? 'Shift+Tab' : 'Tab'}; passed: ${seen.join(' | ')}`);
  }

  /** Press a key that loads a page, and wait for the page it loads. */
  const pressAndLoad = (page: Page, key: string) => Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);

  it('signs in, adds a payment-holding condition through the error summary, and records a breach after the warning, by keyboard only', async () => {
    const { context, page, problems } = await site.newPage();
    await page.goto('/sign-in');

    // The skip link comes first; then the sign-in form.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('A Skip to main content');
    await tabTo(page, /^INPUT Email address/);
    await page.keyboard.type(demoUser('commissioner').email);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^INPUT Password/);
    await page.keyboard.type(demoUser('commissioner').password);
    await pressAndLoad(page, 'Enter');
    expect(await page.locator('h1').innerText()).toBe('My work');

    await page.goto(`/awards/${awardId}`);
    await tabTo(page, /^A Conditions$/);
    await pressAndLoad(page, 'Enter');
    expect(new URL(page.url()).pathname).toBe(`/awards/${awardId}/conditions`);
    // A link drawn as a button answers Space as a button does (GOV.UK Frontend).
    await tabTo(page, /^A Add a condition$/);
    await pressAndLoad(page, 'Space');

    // Sent empty: the error summary takes focus, and its first link takes focus to the field.
    await tabTo(page, /^BUTTON Add condition$/);
    await pressAndLoad(page, 'Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the condition');
    await expectAccessible(page, 'new condition with errors (keyboard)');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('A Enter the condition');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('title');
    await page.keyboard.type('Safeguarding policy signed');

    await tabTo(page, /^SELECT Category/);
    // A closed select moves to the option whose text is typed.
    await page.keyboard.type('Safeguarding');
    expect(await page.locator('#category').inputValue()).toBe('safeguarding');
    await tabTo(page, /^INPUT Yes, hold payments/);
    await page.keyboard.press('Space');
    // Back with Shift+Tab to the condition's name to check it is still there.
    await tabTo(page, /^INPUT Condition/, { back: true });
    expect(await page.evaluate(() => document.activeElement.value)).toBe('Safeguarding policy signed');
    await tabTo(page, /^BUTTON Add condition$/);
    await pressAndLoad(page, 'Enter');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Condition added: Safeguarding policy signed');
    await expectAccessible(page, 'conditions after adding (keyboard)');

    // A breach is consequential: the warning page says so, then the officer confirms.
    await tabTo(page, /^A Record a breach Safeguarding policy signed$/);
    await pressAndLoad(page, 'Enter');
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('Breaching this condition suspends the award and holds its payments');
    await tabTo(page, /^TEXTAREA What happened/);
    await page.keyboard.type('Policy not signed by the board');
    await tabTo(page, /^BUTTON Record breach$/);
    await pressAndLoad(page, 'Enter');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Breach recorded: Safeguarding policy signed');
    const [{ status }] = (await env.db.query(`SELECT status FROM award WHERE id = $1`, [awardId])) as [{ status: string }];
    expect(status).toBe('suspended');
    const [{ holds }] = (await env.db.query(`SELECT holds_payments AS holds FROM award_condition WHERE award_id = $1 AND title = 'Safeguarding policy signed'`, [awardId])) as [{ holds: boolean }];
    expect(holds).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
