import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checked, expectAccessible, launchBrowser, signIn, watch } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The commissioning officer's settings in a real browser: a stream's reminder policy changed
 * from the stream page (errors named, nothing written on error, audited as the API audits it).
 * axe on every page and state.
 */
describe("web: the officer's stream reminders", () => {
  let env: WebTestEnv;
  let browser: Browser;
  let streamId: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, browser] = await Promise.all([createWebTestEnv(), launchBrowser()]);
    await loadDemo(env);
    [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream ORDER BY created_at LIMIT 1`)) as [{ id: string }];
  }, 180_000);

  afterAll(async () => {
    console.log(`web officer settings: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await browser?.close();
    await env?.close();
  }, 60_000);

  async function signedIn(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ baseURL: env.baseUrl, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    return { context, page, problems };
  }
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const policyRows = async () => (await env.db.query(`SELECT steps FROM reminder_policy WHERE funding_stream_id = $1`, [streamId])) as { steps: unknown }[];
  const audits = async () => (await env.db.query(`SELECT action, after FROM audit_entry WHERE entity_id = $1 AND action = 'reminder-policy.set' ORDER BY id`, [streamId])) as { action: string; after: { steps: unknown } }[];

  it('changes the reminders from the stream page: a bad day is named and nothing is written; the saved policy is audited and shown', async () => {
    const { context, page, problems } = await signedIn();
    await page.goto(`/funding/streams/${streamId}`);
    expect(await text(page, 'main')).toContain('This stream uses the standard reminders for returns');
    await page.getByRole('link', { name: 'Change the reminders' }).click();
    expect(await text(page, 'h1')).toBe('Change the reminders for returns');
    // The standard steps, as they are saved, then two spare rows.
    expect(await page.locator('#step-0-when').inputValue()).toBe('before');
    expect(await page.locator('#step-0-days').inputValue()).toBe('10');
    expect(await page.locator('#step-2-escalate').isChecked()).toBe(true);
    expect(await page.locator('#step-4-when').inputValue()).toBe('');
    await expectAccessible(page, 'reminder policy form');

    await page.locator('#step-4-when').selectOption('after');
    await page.locator('#step-4-days').fill('ten');
    await page.getByRole('button', { name: 'Save reminders' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Enter the working days of reminder 5 as a whole number from 1 to 60');
    expect(await summary.getByRole('link').first().getAttribute('href')).toBe('#step-4-days');
    expect(await page.locator('#step-4-days').inputValue()).toBe('ten');
    expect(await policyRows()).toEqual([]);
    expect(await audits()).toEqual([]);
    await expectAccessible(page, 'reminder policy with errors');

    // No reminder 10 working days before; a reminder 20 working days overdue, escalated.
    await page.locator('#step-0-when').selectOption('');
    await page.locator('#step-0-days').fill('');
    await page.locator('#step-4-days').fill('20');
    await page.locator('#step-4-escalate').check();
    await page.getByRole('button', { name: 'Save reminders' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Reminders saved: 4 reminders');
    const reminders = await text(page, '#reminders ~ ul');
    expect(reminders).toContain('20 working days after the due date (escalated to the lead officer)');
    expect(reminders).not.toContain('before the due date');
    expect(await text(page, 'main')).toContain('This stream has its own reminders for returns');
    const steps = [
      { key: 'due', offsetWorkingDays: 0, escalate: false },
      { key: 'overdue-3', offsetWorkingDays: 3, escalate: true },
      { key: 'overdue-10', offsetWorkingDays: 10, escalate: true },
      { key: 'overdue-20', offsetWorkingDays: 20, escalate: true },
    ];
    expect(await policyRows()).toEqual([{ steps }]);
    expect(await audits()).toEqual([{ action: 'reminder-policy.set', after: { steps } }]);
    await expectAccessible(page, 'stream page, own reminders');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('refuses a reminder policy posted without the CSRF token, writing nothing', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('commissioner').email, demoUser('commissioner').password);
    const before = await audits();
    const res = await env.site().post(`/funding/streams/${streamId}/reminder-policy`).set('Cookie', cookie).type('form').send({ rows: '1', 'step-0-when': 'due' });
    expect(res.status).toBe(403);
    expect(await audits()).toEqual(before);
    expect((await policyRows())[0]?.steps).toHaveLength(4);
  }, 60_000);
});
