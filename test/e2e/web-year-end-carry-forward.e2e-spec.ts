import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PaymentsService } from '../../libs/domain/src/index.js';
import { givenStream } from '../factories/commissioning.factory.js';
import { demoActor } from '../helpers/demo.js';
import { checked, expectAccessible, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Year-end carry-forward in a real browser (issue 16): finance closes Victims' services 2024/25
 * carrying an award's £50,000 underspend into a 2025/26 stream, sees the effect on the check page
 * and behind the interruption, confirms, and sees the year locked and the money as a 2025/26
 * funding source assigned to that stream; the rows are read back from the database. (The recover
 * path is web-finance-books.e2e-spec.ts's; each file has its own database.)
 */
const STREAM = "Victims' services 2024/25";
const AWARD = 'CHES-VS-2425-03';

describe('year-end carry-forward in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let award: string;
  let stream: string;
  let sourceOfStream: string;
  let nextYear: { id: string; name: string; budgetPence: number };
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    const one = async <T>(sql: string, params: unknown[]) => ((await env.db.query(sql, params)) as T[])[0]!;
    award = (await one<{ id: string }>(`SELECT id FROM award WHERE reference = $1`, [AWARD])).id;
    // An underspend: £50,000 paid on an award that has reported no spend.
    const payments = env.app.get(PaymentsService);
    const [officer, finance] = [await demoActor(env.db, 'commissioner'), await demoActor(env.db, 'finance')];
    const p = await payments.create(officer, award, { kind: 'payment', amountPence: 5_000_000, plannedDate: '2024-05-01' });
    await payments.approve(finance, p.id);
    await payments.markPaid(finance, p.id, { paidDate: '2024-05-03', reference: 'BACS-0503' });
    ({ id: stream, source: sourceOfStream } = await one<{ id: string; source: string }>(
      `SELECT s.id, fss.funding_source_id AS source FROM funding_stream s JOIN funding_stream_source fss ON fss.funding_stream_id = s.id WHERE s.name = $1`,
      [STREAM],
    ));
    // The funder's permission to carry forward (recorded by finance through the API), and a stream of the next year.
    const granted = await env.http().put(`/api/funding-sources/${sourceOfStream}/carry-forward`).set('Authorization', `Bearer ${await loginAs(env, 'finance')}`).send({ allowed: true, note: 'Funder letter' });
    expect(granted.status).toBe(200);
    const target = await givenStream(env, await loginAs(env, 'commissioner'), 10_000_000, '2025/26');
    nextYear = { id: target.id, ...(await one<{ name: string; budgetPence: number }>(`SELECT name, budget_pence::int AS "budgetPence" FROM funding_stream WHERE id = $1`, [target.id])) };
  }, 180_000);

  afterAll(async () => {
    console.log(`web year-end carry-forward: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());

  it("carries an award's underspend into next year's stream: the effect shown before confirming, then the year locked and the money on a funding source", async () => {
    const { context, page, problems } = await site.signedIn('finance');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Year-end' }).click();
    await page.getByRole('link', { name: STREAM }).click();
    await page.getByRole('link', { name: 'Review the underspend of each award' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('link', { name: 'Decide what happens to each underspend' }).click();

    // Carry forward without saying where: the form names the missing stream.
    const decision = page.getByRole('group', { name: `${AWARD}: £50,000.00 underspent` });
    await decision.getByLabel('Carry forward').check();
    await page.getByRole('button', { name: 'Save decisions' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain(`Select the stream the underspend of ${AWARD} is carried into`);
    await expectAccessible(page, 'year-end: carry forward without a stream');
    expect(await decision.getByLabel('Carry forward').isChecked()).toBe(true);
    await page.getByLabel('If carried forward: into which stream of the next year').selectOption({ label: nextYear.name });
    await page.getByRole('button', { name: 'Save decisions' }).click();

    await page.getByRole('link', { name: 'Check the effect' }).click();
    const effect = await text(page, 'main');
    expect(effect).toContain(`Carry forward: £50,000.00 into ${nextYear.name}`);
    expect(effect).toContain('£50,000.00 carried forward into 2025/26');
    expect(effect).toContain('£0.00 scheduled for recovery');
    await expectAccessible(page, 'year-end: carry-forward effect');
    // "Change" goes back to the decisions as saved.
    await page.getByRole('link', { name: `Change ${AWARD}` }).click();
    expect(await decision.getByLabel('Carry forward').isChecked()).toBe(true);
    expect(await page.getByLabel('If carried forward: into which stream of the next year').locator('option:checked').innerText()).toBe(nextYear.name);
    await page.getByRole('button', { name: 'Save decisions' }).click();
    await page.getByRole('link', { name: 'Check the effect' }).click();
    // Nothing is written before the confirmation.
    expect(((await env.db.query(`SELECT count(*)::int AS n FROM year_end_close`)) as [{ n: number }])[0].n).toBe(0);

    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await text(page, 'h1')).toBe('You are about to close 2024/25');
    expect(await text(page, '.moj-interruption-card')).toContain('£50,000.00 carried forward into 2025/26');
    await expectAccessible(page, 'year-end: carry-forward interruption');
    await page.getByRole('button', { name: 'Close and lock the year' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('The 2024/25 year is closed and locked');
    expect(await text(page, '.govuk-panel')).toContain('Year closed and locked');
    expect(await text(page, 'main')).toContain('Carry forward: £50,000.00');
    await expectAccessible(page, 'year-end: locked after carrying forward');
    await screenshot(page, 'finance-09-year-end-carried-forward');

    // The money as a 2025/26 funding source, assigned in full to the chosen stream.
    const sourceName = `Carry forward from ${STREAM} 2024/25`;
    await page.goto('/funding?year=2025/26');
    const row = await text(page, `tr:has(th:has-text("${sourceName}"))`);
    expect(row.replace(/\s+/g, ' ')).toContain('£50,000.00 £50,000.00 £0.00');
    await expectAccessible(page, 'funding: the carry-forward source');

    // The rows behind it.
    const [close] = (await env.db.query(`SELECT id, financial_year FROM year_end_close WHERE funding_stream_id = $1`, [stream])) as { id: string; financial_year: string }[];
    expect(close!.financial_year).toBe('2024/25');
    expect(await env.db.query(`SELECT award_id, decision, amount_pence::int, target_funding_stream_id, recovery_payment_id FROM year_end_decision WHERE year_end_close_id = $1`, [close!.id])).toEqual([
      { award_id: award, decision: 'carry_forward', amount_pence: 5_000_000, target_funding_stream_id: nextYear.id, recovery_payment_id: null },
    ]);
    const [carried] = (await env.db.query(`SELECT from_award_id, to_funding_stream_id, funding_source_id, amount_pence::int FROM year_end_carry_forward WHERE year_end_close_id = $1`, [close!.id])) as {
      from_award_id: string;
      to_funding_stream_id: string;
      funding_source_id: string;
      amount_pence: number;
    }[];
    expect(carried).toMatchObject({ from_award_id: award, to_funding_stream_id: nextYear.id, amount_pence: 5_000_000 });
    expect(await env.db.query(`SELECT name, financial_year, amount_pence::int, restricted FROM funding_source WHERE id = $1`, [carried!.funding_source_id])).toEqual([
      { name: sourceName, financial_year: '2025/26', amount_pence: 5_000_000, restricted: true },
    ]);
    expect(await env.db.query(`SELECT funding_stream_id, amount_pence::int FROM funding_stream_source WHERE funding_source_id = $1`, [carried!.funding_source_id])).toEqual([
      { funding_stream_id: nextYear.id, amount_pence: 5_000_000 },
    ]);
    expect(((await env.db.query(`SELECT budget_pence::int AS b FROM funding_stream WHERE id = $1`, [nextYear.id])) as [{ b: number }])[0].b).toBe(nextYear.budgetPence + 5_000_000);
    // No recovery was scheduled for a carried-forward underspend.
    expect(((await env.db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = $1 AND kind = 'recovery'`, [award])) as [{ n: number }])[0].n).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
