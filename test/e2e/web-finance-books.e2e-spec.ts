import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { PaymentsService } from '../../libs/domain/src/index.js';
import { demoActor } from '../helpers/demo.js';
import { checked, expectAccessible, expectAccessibleHtml, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Finance closing the books in a real browser (issue 16, items 3-5): a reconciliation run started,
 * watched (live with JavaScript, by the page's own refresh without it) and read, a discrepancy
 * opened, its CSV; the year-end close of a stream as a task list behind an interruption; and the
 * finance report with its chart and CSV. The worker runs in this process, started only once the
 * queued state has been seen.
 */
describe('finance closing the books in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let worker: INestApplicationContext | undefined;
  let awardThree: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    // An underspend for the year-end: £50,000 paid on CHES-VS-2425-03, which has reported no spend.
    awardThree = ((await env.db.query(`SELECT id FROM award WHERE reference = 'CHES-VS-2425-03'`)) as [{ id: string }])[0].id;
    const payments = env.app.get(PaymentsService);
    const [officer, finance] = [await demoActor(env.db, 'commissioner'), await demoActor(env.db, 'finance')];
    const p = await payments.create(officer, awardThree, { kind: 'payment', amountPence: 5_000_000, plannedDate: '2024-05-01' });
    await payments.approve(finance, p.id);
    await payments.markPaid(finance, p.id, { paidDate: '2024-05-03', reference: 'BACS-0503' });
  }, 180_000);

  afterAll(async () => {
    console.log(`web finance books: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await worker?.close();
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = (javaScriptEnabled = true) => site.signedIn('finance', { javaScriptEnabled });
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());

  it('runs a reconciliation of a year, watches it live, opens a discrepancy and downloads them all', async () => {
    const { context, page, problems } = await signedIn();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reconciliation' }).click();
    expect(await text(page, 'h1')).toBe('Reconciliation');
    await page.getByRole('button', { name: 'Start reconciliation' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select what to reconcile');
    await expectAccessible(page, 'reconciliation: nothing chosen');
    await page.getByLabel('Every stream of 2024/25').check();
    await expectAccessible(page, 'reconciliation: start');
    await page.getByRole('button', { name: 'Start reconciliation' }).click();
    expect(await text(page, 'h1')).toBe('Reconciliation of every stream of 2024/25');
    expect(await text(page, 'main')).toContain('Waiting for the background worker to start');
    await expectAccessible(page, 'reconciliation: queued');

    // The worker starts; the page, not reloaded by the test, shows the results by itself.
    worker = await createWorkerApp(env.env);
    await page.getByRole('heading', { name: 'Discrepancies by type' }).waitFor({ timeout: 30_000 });
    const main = await text(page, 'main');
    expect(main).toContain('Spend reported above what was paid (1)');
    expect(main).toContain('Final return overdue (4)');
    expect(main).toContain('£50,000.00'); // paid, less recoveries
    await expectAccessible(page, 'reconciliation: finished');
    await screenshot(page, 'finance-05-reconciliation');

    const csv = await page.request.get(await page.getByRole('link', { name: 'Download the discrepancies (CSV)' }).getAttribute('href').then((h) => h!));
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('state,code,severity,award,funding_stream,funding_source,expected_pence,actual_pence,message');
    expect(lines.some((l) => l.startsWith('new,SPEND_ABOVE_PAID,warning,CHES-VS-2425-01,'))).toBe(true);

    await page.getByRole('table', { name: /Spend reported above what was paid/ }).getByRole('link', { name: 'CHES-VS-2425-01' }).click();
    expect(await text(page, 'h1')).toContain("Cheshire CARES core victims' service 2024/25");
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('watches a stream run without JavaScript: "Check progress again" until the results show, never a timed reload', async () => {
    const { context, page } = await signedIn(false);
    const checker = await site.newContext();
    await page.goto('/reconciliation');
    await page.getByLabel("Victims' services 2024/25 (2024/25)").check();
    await page.getByRole('button', { name: 'Start reconciliation' }).click();
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    const results = page.getByRole('heading', { name: 'Discrepancies by type' });
    for (let i = 0; i < 60 && !(await results.count()); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('link', { name: 'Check progress again' }).click();
    }
    expect(await text(page, 'main')).toContain('Resolved since the previous run');
    await expectAccessibleHtml(checker, page.url(), await page.content(), 'reconciliation run (no JavaScript)');
    await checker.close();
    await context.close();
  }, 60_000);

  it("closes a stream's year: review, decide, see the effect, confirm behind an interruption, see it locked", async () => {
    const { context, page, problems } = await signedIn();
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Year-end' }).click();
    await expectAccessible(page, 'year-end: streams');
    await page.getByRole('link', { name: "Victims' services 2024/25" }).click();
    expect(await text(page, 'h1')).toBe('Close the year');
    await expectAccessible(page, 'year-end: task list');
    await page.getByRole('link', { name: 'Review the underspend of each award' }).click();
    expect(await text(page, 'tbody')).toContain('£50,000.00');
    await expectAccessible(page, 'year-end: review');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Decide what happens to each underspend' }).click();
    await page.getByRole('button', { name: 'Save decisions' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select what happens to the underspend of CHES-VS-2425-03');
    await expectAccessible(page, 'year-end: decisions with errors');
    await page.getByRole('group', { name: 'CHES-VS-2425-03: £50,000.00 underspent' }).getByLabel('Recover').check();
    await page.getByLabel('Reason for CHES-VS-2425-03 (optional)').fill('Service started late');
    await page.getByRole('button', { name: 'Save decisions' }).click();
    await expectAccessible(page, 'year-end: task list, decided');
    await page.getByRole('link', { name: 'Check the effect' }).click();
    expect(await text(page, 'main')).toContain('£50,000.00 scheduled for recovery');
    await expectAccessible(page, 'year-end: effect');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await text(page, 'h1')).toBe('You are about to close 2024/25');
    await expectAccessible(page, 'year-end: interruption');
    await screenshot(page, 'finance-06-year-end-interruption');
    await page.getByRole('button', { name: 'Close and lock the year' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('The 2024/25 year is closed and locked');
    expect(await text(page, '.govuk-panel')).toContain('Year closed and locked');
    expect(await text(page, 'main')).toContain('Recover: £50,000.00');
    await expectAccessible(page, 'year-end: locked');
    await screenshot(page, 'finance-07-year-end-locked');
    const [{ closes, recoveries }] = (await env.db.query(
      `SELECT (SELECT count(*)::int FROM year_end_close) AS closes, (SELECT count(*)::int FROM payment WHERE award_id = $1 AND kind = 'recovery') AS recoveries`,
      [awardThree],
    )) as [{ closes: number; recoveries: number }];
    expect({ closes, recoveries }).toEqual({ closes: 1, recoveries: 1 });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it("shows the finance report per stream with a chart, a stream's awards on request, and its CSV of every award", async () => {
    const { context, page, problems } = await signedIn();
    await page.goto('/finance-report?year=2024/25');
    expect(await text(page, 'h1')).toBe('Finance report 2024/25');
    expect(await page.locator('svg.app-chart rect').count()).toBeGreaterThan(0);
    // The year's streams, no award rows until a stream is chosen.
    expect(await text(page, '#streams tr:has(a:text("Victims\' services 2024/25"))')).toContain('£');
    expect(await page.locator('a:text("CHES-VS-2425-03")').count()).toBe(0);
    await expectAccessible(page, 'finance report');
    await page.locator('#streams a', { hasText: "Victims' services 2024/25" }).click();
    expect(page.url()).toMatch(/[?&]stream=[0-9a-f-]{36}#awards$/);
    expect(await text(page, 'h2#awards')).toBe("Awards in Victims' services 2024/25");
    const row = await text(page, 'tr:has(a:text("CHES-VS-2425-03"))');
    expect(row).toContain('£150,000.00');
    expect(row).toContain('£50,000.00');
    await expectAccessible(page, "finance report, a stream's awards");
    await screenshot(page, 'finance-08-report');
    const csv = await page.request.get('/finance-report/csv?year=2024/25');
    expect(await csv.text()).toContain('award,Victims\' services 2024/25,CHES-VS-2425-03,');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
