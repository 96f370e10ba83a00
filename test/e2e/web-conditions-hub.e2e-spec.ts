import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { activeAwardOfItsOwn } from '../helpers/demo.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The award hub's CONDITIONS section in a real browser: an officer adds a payment-holding
 * condition and marks it met; breaches another after being told, before confirming, that the
 * award is suspended and its payments held; the funded partner sees its award's conditions.
 * axe on every page and state; adding and meeting a condition again with JavaScript off.
 */
describe('award conditions in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let awardId: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    ({ awardId } = await activeAwardOfItsOwn(env, 'Conditions', 'PCC-D-2031-02'));
  }, 180_000);

  afterAll(async () => {
    console.log(`web conditions: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = (role: 'commissioner' | 'partner', options: PageOptions = {}) => site.signedIn(role, options);
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const card = (page: Page, title: string) => page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: title }) });

  async function addCondition(page: Page, title: string, holds: boolean): Promise<void> {
    await page.goto(`/awards/${awardId}/conditions`);
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByLabel('Condition', { exact: true }).fill(title);
    await page.getByLabel('Category').selectOption({ label: 'Financial' });
    await page.getByLabel(holds ? 'Yes, hold payments' : 'No', { exact: true }).check();
    await page.getByRole('button', { name: 'Add condition' }).click();
  }

  it('adds a payment-holding condition and marks it met, then breaches another after saying the award is suspended', async () => {
    const { context, page, problems } = await signedIn('commissioner');
    await page.goto(`/awards/${awardId}/conditions`);
    expect(await text(page, 'main')).toContain('This award has no conditions.');
    await expectAccessible(page, 'conditions, none');

    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2032');
    await page.getByRole('button', { name: 'Add condition' }).click();
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('Enter the condition');
    expect(summary).toContain('The due date must be a real date');
    await expectAccessible(page, 'new condition with errors');

    await page.getByLabel('Condition', { exact: true }).fill('Bank details verified');
    await page.getByLabel('Category').selectOption({ label: 'Financial' });
    await page.getByLabel('Yes, hold payments').check();
    await page.getByLabel('Day').fill('30');
    await page.getByLabel('Month').fill('3');
    await page.getByRole('button', { name: 'Add condition' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition added: Bank details verified');
    const held = card(page, 'Bank details verified');
    expect(await held.innerText()).toContain('Holding payments');
    expect(await held.innerText()).toContain('30 March 2032');
    await expectAccessible(page, 'conditions, one open');

    // Evidence first: a missing file and a file that is not what it says are explained; then a real one.
    await page.getByRole('link', { name: /^Add evidence\s+Bank details verified$/ }).click();
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select a file to upload');
    await expectAccessible(page, 'evidence with errors');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'bank.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\u0090\u0000 not a pdf at all') });
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('The selected file must be a PDF');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'bank-letter.txt', mimeType: 'text/plain', buffer: Buffer.from('Letter from the bank confirming the account, 2 April 2031.\n') });
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Evidence uploaded: bank-letter.txt');
    expect(await card(page, 'Bank details verified').innerText()).toContain('bank-letter.txt');
    await page.getByRole('link', { name: /^Mark met\s+Bank details verified$/ }).click();
    expect(await text(page, 'main')).toContain('bank-letter.txt');
    expect(await text(page, 'main')).toContain('Once it is met or waived, payments are no longer held by it.');
    await page.getByRole('button', { name: 'Mark met' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the note');
    await expectAccessible(page, 'mark met with errors');
    await page.getByLabel('Evidence', { exact: true }).fill('Bank letter seen on 2 April');
    await page.getByRole('button', { name: 'Mark met' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition met: Bank details verified');
    expect(await card(page, 'Bank details verified').innerText()).toContain('Bank letter seen on 2 April');
    expect(await card(page, 'Bank details verified').innerText()).not.toContain('Holding payments');
    await expectAccessible(page, 'conditions, one met');
    await screenshot(page, 'officer-conditions');

    // A breach: the effect on payments is said before anything is confirmed.
    await addCondition(page, 'Quarterly accounts', true);
    await page.getByRole('link', { name: /^Record a breach\s+Quarterly accounts$/ }).click();
    expect(await text(page, '.govuk-warning-text')).toContain('Breaching this condition suspends the award and holds its payments');
    await expectAccessible(page, 'breach interruption');
    await screenshot(page, 'officer-condition-breach');
    await page.getByLabel('What happened').fill('Accounts not sent for two quarters');
    await page.getByRole('button', { name: 'Record breach' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Breach recorded: Quarterly accounts');
    expect(await text(page, 'p .govuk-tag')).toBe('Suspended');
    expect(await card(page, 'Quarterly accounts').innerText()).toContain('Breached');
    await expectAccessible(page, 'conditions, one breached');
    const [{ status }] = (await env.db.query(`SELECT status FROM award WHERE id = $1`, [awardId])) as [{ status: string }];
    expect(status).toBe('suspended');

    // A condition that does not hold payments says so before a breach.
    await addCondition(page, 'Logo on leaflets', false);
    await page.getByRole('link', { name: /^Record a breach\s+Logo on leaflets$/ }).click();
    expect(await text(page, '.govuk-inset-text')).toContain('does not change the award');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: /^Waive\s+Logo on leaflets$/ }).click();
    await page.getByLabel('Reason for waiving').fill('Leaflets were not printed');
    await page.getByRole('button', { name: 'Waive condition' }).click();
    expect(await card(page, 'Logo on leaflets').innerText()).toContain('Waived');
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it("shows the funded partner its own award's conditions, without the officer's actions", async () => {
    await env.db.query(`INSERT INTO award_condition (award_id, title, category, holds_payments) VALUES ($1, 'Annual report', 'monitoring', false)`, [awardId]);
    const { context, page, problems } = await signedIn('partner');
    await page.goto(`/awards/${awardId}/conditions`);
    expect(await text(page, 'main')).toContain('Bank details verified');
    expect(await page.getByRole('link', { name: /Mark met/ }).count()).toBe(0);
    await page.getByRole('link', { name: /^Add evidence\s+Annual report$/ }).click();
    await expectAccessible(page, 'evidence (partner)');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'annual-report.txt', mimeType: 'text/plain', buffer: Buffer.from('Annual report 2031/32: 140 young people reached.\n') });
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Evidence uploaded: annual-report.txt');
    expect(await card(page, 'Annual report').innerText()).toContain('annual-report.txt');
    const [{ uploader }] = (await env.db.query(
      `SELECT u.role AS uploader FROM document d JOIN app_user u ON u.id = d.uploaded_by_user_id JOIN award_condition c ON c.id = d.award_condition_id WHERE c.title = 'Annual report'`,
    )) as [{ uploader: string }];
    expect(uploader).toBe('partner');
    expect(await page.getByRole('button', { name: 'Add a condition' }).count()).toBe(0);
    await expectAccessible(page, 'conditions (partner)');
    await screenshot(page, 'partner-conditions');
    expect((await page.goto(`/awards/${awardId}/conditions/new`))?.status()).toBe(403);
    expect(problems.filter((p) => !p.includes('403'))).toEqual([]);
    await context.close();
  }, 60_000);

  it('adds a condition and marks it met with JavaScript off', async () => {
    const { context, page, problems } = await signedIn('commissioner', { javaScriptEnabled: false });
    const axeContext = await site.newContext();
    await addCondition(page, 'Insurance certificate', true);
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition added: Insurance certificate');
    await expectAccessibleHtml(axeContext, page.url(), await page.content(), 'conditions (no JavaScript)');
    await page.getByRole('link', { name: /^Add evidence\s+Insurance certificate$/ }).click();
    await page.getByLabel('Upload a file').setInputFiles({ name: 'insurance.txt', mimeType: 'text/plain', buffer: Buffer.from('Public liability insurance to 31 March 2032.\n') });
    await page.getByRole('button', { name: 'Upload evidence' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Evidence uploaded: insurance.txt');
    await page.getByRole('link', { name: /^Mark met\s+Insurance certificate$/ }).click();
    await page.getByLabel('Evidence', { exact: true }).fill('Certificate to March 2032');
    await page.getByRole('button', { name: 'Mark met' }).click();
    expect(await card(page, 'Insurance certificate').innerText()).toContain('Met');
    await expectAccessibleHtml(axeContext, page.url(), await page.content(), 'condition met (no JavaScript)');
    expect(problems).toEqual([]);
    await axeContext.close();
    await context.close();
  }, 60_000);
});
