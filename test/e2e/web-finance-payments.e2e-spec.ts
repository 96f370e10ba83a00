import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Finance's payments in a real browser (issue 16, items 1 and 2): the finance home, the queue and
 * its batch approval with the two-person rule and holds explained per payment, marking paid, the
 * instalment schedule generator, recoveries, and a double submit that writes one row. The demo's
 * finance states (apps/api/src/seed/finance-states.seed.ts): on CHES-VS-2425-01 one instalment set
 * up by the commissioner and one by the demo finance officer (above the second-approver
 * threshold); on CHES-VS-2425-02 one held by an open condition.
 */
describe('finance payments in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let cares: string;
  let partnerAward: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    const idOf = async (reference: string) => ((await env.db.query(`SELECT id FROM award WHERE reference = $1`, [reference])) as [{ id: string }])[0].id;
    cares = await idOf('CHES-VS-2425-01');
    partnerAward = ((await env.db.query(
      `SELECT a.id FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = 'GB-LAE-WRT' ORDER BY a.reference LIMIT 1`,
    )) as [{ id: string }])[0].id;
  }, 180_000);

  afterAll(async () => {
    console.log(`web finance payments: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = (role: 'finance' | 'partner', javaScriptEnabled = true) => site.signedIn(role, { javaScriptEnabled });
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const paymentsOf = async (awardId: string) =>
    ((await env.db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = $1`, [awardId])) as [{ n: number }])[0].n;
  async function fillDate(page: Page, legend: string | RegExp, [day, month, year]: [string, string, string]) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }

  it('shows finance what waits, approves a batch explaining each refusal, and marks a payment paid', async () => {
    const { context, page, problems } = await signedIn('finance');
    expect(await text(page, 'h1')).toBe('Finance');
    const main = await text(page, 'main');
    // The demo's finance states, and the partner journey's next instalment (another year's award).
    expect(main).toContain('4 payments are waiting for approval.');
    expect(main).toContain('1 of them you set up: another member of finance must approve it.');
    expect(main).toContain('1 payment is held.');
    expect(main).toContain('Held by: Updated safeguarding policy received (illustrative)');
    expect(main).toContain('No reconciliation has been run yet.');
    expect(main).toContain("Victims' services 2024/25");
    await expectAccessible(page, 'finance home');
    await screenshot(page, 'finance-01-home');

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Payments' }).click();
    expect(await text(page, 'h1')).toBe('Payments');
    expect(await page.locator('tbody tr').count()).toBe(4);
    await expectAccessible(page, 'payments queue: to approve');

    // Nothing ticked: the error summary names the checkboxes.
    await page.getByRole('button', { name: 'Approve selected payments' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select the payments to approve');
    await expectAccessible(page, 'payments queue: nothing selected');

    for (const label of ['CHES-VS-2425-01, £150,000.00, 15 April 2024', 'CHES-VS-2425-01, £150,000.00, 15 July 2024', 'CHES-VS-2425-02, £62,500.00, 1 July 2024']) {
      await page.getByLabel(`Select ${label}`).check();
    }
    await page.getByRole('button', { name: 'Approve selected payments' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('to-approve');
    const banners = await page.locator('.govuk-notification-banner').allInnerTexts();
    expect(banners.join('\n')).toContain('1 payment approved');
    const refused = banners.find((b) => b.includes('2 payments were not approved'))!;
    expect(refused).toContain('CHES-VS-2425-01, £150,000.00: you set it up and it is over £10,000.00, so someone else in finance must approve it');
    expect(refused).toContain('CHES-VS-2425-02, £62,500.00: held by conditions: Updated safeguarding policy received (illustrative)');
    await expectAccessible(page, 'payments queue: batch approved with refusals');
    await screenshot(page, 'finance-02-batch-approval');
    expect(((await env.db.query(`SELECT count(*)::int AS n FROM payment p JOIN award a ON a.id = p.award_id WHERE p.status = 'approved' AND a.reference LIKE 'CHES-VS-%'`)) as [{ n: number }])[0].n).toBe(1);

    await page.getByRole('link', { name: /^Held/ }).click();
    expect(await text(page, 'tbody')).toContain('Held by: Updated safeguarding policy received (illustrative)');
    await expectAccessible(page, 'payments queue: held');

    const paidBefore = ((await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'payment.mark-paid'`)) as [{ n: number }])[0].n;
    await page.getByRole('link', { name: /^Approved/ }).click();
    await page.getByRole('link', { name: /Mark as paid/ }).first().click();
    expect(await text(page, 'h1')).toBe('Mark as paid');
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    const errors = await text(page, '.govuk-error-summary');
    expect(errors).toContain('Enter the date it was paid');
    expect(errors).toContain('Enter the payment reference');
    await expectAccessible(page, 'mark paid: errors');
    await fillDate(page, 'Date paid', ['20', '4', '2024']);
    await page.getByLabel('Payment reference').fill('BACS-2024-0420');
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    expect(new URL(page.url()).pathname).toBe(`/awards/${cares}/payments`);
    expect(await text(page, '.govuk-notification-banner')).toContain('£150,000.00 marked as paid, reference BACS-2024-0420');
    expect(await text(page, 'tbody')).toContain('20 April 2024, BACS-2024-0420');
    await expectAccessible(page, 'award payments after paying');
    await screenshot(page, 'finance-03-award-payments');

    // Back to the filled form and send it again: the same key replays, nothing moves twice.
    await page.goBack();
    if (await page.getByRole('button', { name: 'Mark as paid' }).count()) {
      await page.getByRole('button', { name: 'Mark as paid' }).click();
      expect(new URL(page.url()).pathname).toBe(`/awards/${cares}/payments`);
    }
    expect(((await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'payment.mark-paid'`)) as [{ n: number }])[0].n).toBe(paidBefore + 1);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('splits an amount into instalments shown before saving, and a resubmitted schedule is saved once', async () => {
    const { context, page, problems } = await signedIn('finance');
    await page.goto(`/awards/${cares}/payments`);
    const before = await paymentsOf(cares);
    await page.getByRole('button', { name: 'Schedule instalments' }).click();
    await page.getByRole('button', { name: 'Show instalments' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the amount to pay');
    await expectAccessible(page, 'schedule: errors');
    await page.getByLabel('Amount to pay').fill('30,000.01');
    await page.getByLabel('Number of instalments').fill('3');
    await fillDate(page, 'Date of the first instalment', ['31', '1', '2025']);
    await page.getByRole('button', { name: 'Show instalments' }).click();
    expect(await text(page, 'h1')).toBe('Check the instalments');
    // The odd penny goes on the first instalment; the months keep the day or end on the last one.
    expect(await page.getByRole('group', { name: 'Instalment 1: £10,000.01' }).getByLabel('Day').inputValue()).toBe('31');
    expect(await page.getByRole('group', { name: 'Instalment 2: £10,000.00' }).getByLabel('Day').inputValue()).toBe('28');
    expect(await page.getByRole('group', { name: 'Instalment 3: £10,000.00' }).getByLabel('Month').inputValue()).toBe('03');
    expect(await paymentsOf(cares)).toBe(before);
    await expectAccessible(page, 'schedule: plan');
    await screenshot(page, 'finance-04-instalment-plan');
    await fillDate(page, 'Instalment 3: £10,000.00', ['15', '3', '2025']);
    await page.getByRole('button', { name: 'Save instalments' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('3 instalments, £30,000.01 in all, scheduled');
    expect(await paymentsOf(cares)).toBe(before + 3);

    await page.goBack();
    await page.getByRole('button', { name: 'Save instalments' }).click();
    expect(new URL(page.url()).pathname).toBe(`/awards/${cares}/payments`);
    expect(await paymentsOf(cares)).toBe(before + 3);
    expect(((await env.db.query(`SELECT planned_date::text AS d FROM payment WHERE award_id = $1 AND amount_pence = 1000000 ORDER BY planned_date`, [cares])) as { d: string }[]).map((r) => r.d)).toEqual([
      '2025-02-28',
      '2025-03-15',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('schedules a recovery without JavaScript, a double click writing one row, and approves it', async () => {
    const { context, page } = await signedIn('finance', false);
    // Axe needs scripts: the no-JavaScript pages are checked as HTML in a context that runs them.
    const checker = await site.newContext();
    await page.goto(`/awards/${cares}/recoveries/new`);
    await page.getByRole('button', { name: 'Schedule recovery' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the amount to recover');
    await expectAccessibleHtml(checker, `${env.baseUrl}/awards/${cares}/recoveries/new`, await page.content(), 'recovery: errors (no JavaScript)');
    const before = await paymentsOf(cares);
    await page.getByLabel('Amount to recover').fill('1000');
    await fillDate(page, 'Date the money is due back', ['1', '5', '2025']);
    await page.getByLabel('Why it is being recovered').fill('Unspent funds <b>returned</b>');
    await page.getByRole('button', { name: 'Schedule recovery' }).dblclick();
    // Without JavaScript the double click is two submissions: the browser aborts the first
    // navigation when the second starts, and waitForURL fails on that abort if it sees it first.
    // Wait for where the last submission lands.
    await waitForUrlPastAbortedNavigations(page, `**/awards/${cares}/payments`);
    expect(await paymentsOf(cares)).toBe(before + 1);
    await expectAccessibleHtml(checker, page.url(), await page.content(), 'award payments (no JavaScript)');

    // The batch approval works as a plain form too.
    await page.goto('/payments?tab=to-approve&kind=recovery');
    await page.getByLabel('Select CHES-VS-2425-01, -£1,000.00, 1 May 2025').check();
    await page.getByRole('button', { name: 'Approve selected payments' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('1 payment approved');
    await expectAccessibleHtml(checker, page.url(), await page.content(), 'payments queue after approving (no JavaScript)');
    await checker.close();
    await context.close();
  }, 60_000);

  it('shows a partner its award payments read-only', async () => {
    const { context, page, problems } = await signedIn('partner');
    await page.goto(`/awards/${partnerAward}/payments`);
    expect(await text(page, 'h2')).toBe('Payments');
    expect(await page.getByRole('button', { name: 'Schedule instalments' }).count()).toBe(0);
    expect(await page.locator('form[method="post"]').count()).toBe(1); // sign out only
    await expectAccessible(page, 'award payments (partner)');
    expect((await page.goto(`/payments`))!.status()).toBe(403);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

async function waitForUrlPastAbortedNavigations(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.waitForURL(url);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('ERR_ABORTED')) throw error;
    }
  }
}
