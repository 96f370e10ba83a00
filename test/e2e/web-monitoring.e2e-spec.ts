import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { OfficerWorkService, Role } from '../../libs/domain/src/index.js';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, signIn, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, type WebTestEnv } from '../helpers/web-env.js';
import { givenYearOfGrants } from '../factories/lifecycle.factory.js';
import { formatPounds } from '../../libs/platform/src/money/pounds.js';

/** A year of the test's own, with more grants than one page of the grants table (the demo's is 2014/15). */
const PAGED_YEAR = '2029/30';

/**
 * The commissioning officer's monitoring work in a real browser: a reporting schedule (preview,
 * then save), an outcome framework made with "add another", attached to an award with targets;
 * a return the partner submits through the API reviewed (changes asked for, then the
 * resubmission accepted, what changed marked in words); My work; the reports with their CSVs and
 * charts; the plan objectives. axe on every page and state; the review also without JavaScript.
 */
describe('web monitoring: schedule, outcomes, returns review, My work, reports', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let awardId: string;
  let partnerToken: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    // The demo partner's (Warrington's) first award: approved, 1 April 2014 to 31 March 2015.
    [{ id: awardId }] = (await env.db.query(
      `SELECT a.id FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = 'GB-LAE-WRT' ORDER BY a.reference LIMIT 1`,
    )) as [{ id: string }];
    partnerToken = await loginAs(env, 'partner');
  }, 180_000);

  afterAll(async () => {
    console.log(`web monitoring: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const newPage = (options: PageOptions = {}) => site.newPage(options);
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const asPartner = async (method: 'put' | 'post' | 'get', path: string, body?: object) => {
    const res = await env.site()[method](path).set('Authorization', `Bearer ${partnerToken}`).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const periodId = async (key: string) => ((await env.db.query(`SELECT id FROM reporting_period WHERE award_id = $1 AND key = $2`, [awardId, key])) as [{ id: string }])[0].id;
  /** The partner saves and submits its return for a period through the API, as its own software would. */
  const partnerSubmits = async (key: string, referrals: number, narrative: string) => {
    const id = await periodId(key);
    await asPartner('put', `/api/reporting-periods/${id}/return`, { values: [{ indicatorCode: 'REF', value: referrals }, { indicatorCode: 'SAT', value: 85 }], spendPence: 2_500_000, narrative });
    await asPartner('post', `/api/reporting-periods/${id}/return/submit`, { certified: true });
    return id;
  };

  it('sets a schedule (preview, then save), makes a framework with targets, and reviews a return: changes asked for, the resubmission accepted', async () => {
    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    expect(await text(page, 'h1')).toBe('My work');
    await expectAccessible(page, 'my work (start)');

    // A framework with two indicators, the second added with "Add another indicator".
    await page.getByRole('link', { name: 'Outcomes' }).click();
    await expectAccessible(page, 'frameworks list');
    await page.getByRole('button', { name: 'Create an outcome framework' }).click();
    await page.getByRole('button', { name: 'Create framework' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter a name for the framework');
    await expectAccessible(page, 'new framework with errors');
    await page.getByLabel('Framework name').fill('Warrington community safety outcomes');
    await page.getByLabel('Financial year').fill('2014/15');
    await page.locator('#indicators-0-code').fill('REF');
    await page.locator('#indicators-0-title').fill('Referrals received');
    await page.getByRole('button', { name: 'Add another indicator' }).click();
    expect(await page.locator('#indicators-0-code').inputValue()).toBe('REF');
    await page.locator('#indicators-1-code').fill('SAT');
    await page.locator('#indicators-1-title').fill('People satisfied with the service');
    await page.locator('#indicators-1-unit').selectOption('percentage');
    await page.locator('#indicators-1-aggregation').selectOption('mean');
    await expectAccessible(page, 'new framework, two indicators');
    await page.getByRole('button', { name: 'Create framework' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('created with 2 indicators');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page, 'framework page');

    // The schedule: preview first, nothing saved until confirmed.
    await page.goto(`/awards/${awardId}/reporting`);
    expect(await text(page, 'main')).toContain('no reporting schedule yet');
    await expectAccessible(page, 'reporting section (no schedule)');
    await page.getByLabel('Working days to send a return').fill('ten');
    await page.getByRole('button', { name: 'Preview the periods' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select how often the partner reports');
    await expectAccessible(page, 'schedule form with errors');
    await page.getByLabel('Quarterly').check();
    await page.getByLabel('Working days to send a return').fill('10');
    await page.getByRole('button', { name: 'Preview the periods' }).click();
    expect(await text(page, 'h1')).toBe('Check the reporting periods before saving');
    const preview = await page.locator('tbody tr').allInnerTexts();
    expect(preview).toHaveLength(4);
    expect(preview[0]).toContain('2014/15-Q1');
    expect(preview[0]).toContain('14 July 2014');
    expect(Number((await env.db.query(`SELECT count(*)::int AS n FROM reporting_period WHERE award_id = $1`, [awardId]))[0].n)).toBe(0);
    await expectAccessible(page, 'schedule preview');
    await screenshot(page, 'officer-schedule-preview');
    await page.getByRole('button', { name: 'Save the schedule' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('4 reporting periods');
    expect(await page.locator('tbody tr').count()).toBe(4);
    await expectAccessible(page, 'reporting section (saved)');

    // An extra period.
    await page.getByRole('link', { name: 'Add an extra period' }).click();
    await page.getByRole('button', { name: 'Add the period' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the date the period starts');
    await expectAccessible(page, 'extra period with errors');
    for (const [legend, day, month] of [['start', '1', '6'], ['end', '30', '6']] as const) {
      const group = page.getByRole('group', { name: `When does the period ${legend}?` });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill('2014');
    }
    await page.getByRole('button', { name: 'Add the period' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('2014/15-X1');

    // Attach the framework and set targets in the table.
    await page.goto(`/awards/${awardId}/outcomes`);
    await page.getByLabel('Measure this award against').selectOption({ label: 'Warrington community safety outcomes (2014/15)' });
    await page.getByRole('button', { name: 'Use this framework' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('now measured against');
    await expectAccessible(page, 'outcomes section (framework, no targets)');
    await page.getByRole('link', { name: 'Set targets' }).click();
    await page.getByLabel('REF target for the whole award').fill('100');
    await page.getByLabel('REF target for 2014/15-Q1').fill('lots');
    await page.getByRole('button', { name: 'Save targets' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the REF figure as a number');
    await expectAccessible(page, 'targets with errors');
    await page.getByLabel('REF target for 2014/15-Q1').fill('25');
    await page.getByLabel('SAT target for the whole award').fill('80');
    await page.getByRole('button', { name: 'Save targets' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('3 targets saved');
    await expectAccessible(page, 'outcomes section (targets)');
    await screenshot(page, 'officer-award-outcomes');

    // The partner submits Q1 through the API; My work lists it for review.
    const q1 = await partnerSubmits('2014/15-Q1', 20, 'A slow start: two staff vacancies.');
    await page.goto('/');
    expect(await text(page, '#to-review + table')).toContain('2014/15-Q1');
    expect(await text(page, 'main')).toContain('1 return waiting for review');
    await page.getByRole('link', { name: /Review .* 2014\/15-Q1/ }).click();
    expect(new URL(page.url()).pathname).toBe(`/reporting-periods/${q1}/review`);
    expect(await text(page, '.app-comparison')).toContain('25');
    await expectAccessible(page, 'review (version 1)');

    await page.getByLabel('Ask the partner to change it').check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter a comment saying what the partner needs to change');
    await expectAccessible(page, 'review with errors');
    await page.getByLabel('Comment for the partner').fill('Referrals look low against the quarter: please check the count.');
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Changes asked for');
    await expectAccessible(page, 'review (changes asked for)');

    // The partner resubmits; the officer sees what changed, in words, and accepts.
    await partnerSubmits('2014/15-Q1', 24, 'A slow start: two staff vacancies. Four referrals were recorded late.');
    await page.reload();
    const changed = page.locator('tr.app-comparison__changed');
    expect(await changed.count()).toBe(1);
    expect(await changed.first().innerText()).toMatch(/REF[\s\S]*24[\s\S]*20[\s\S]*Changed/);
    expect(await text(page, 'main')).toContain('What version 1 said');
    await expectAccessible(page, 'review (version 2 beside version 1)');
    await screenshot(page, 'officer-return-review');
    await page.getByLabel('Accept the return').check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('version 2 accepted');
    expect(await text(page, 'main')).toContain('Reopen this return');
    await expectAccessible(page, 'review (accepted)');

    // The round: every award's return for 2014/15 Q1.
    await page.getByRole('link', { name: 'Returns' }).click();
    await page.getByLabel('Financial year').selectOption('2014/15');
    await page.getByRole('button', { name: 'Show returns' }).click();
    await page.getByLabel('Period').selectOption('Q1');
    await page.getByRole('button', { name: 'Show returns' }).click();
    expect(new URL(page.url()).search).toBe('?year=2014%2F15&period=Q1');
    expect(await text(page, 'tbody')).toContain('Accepted');
    await expectAccessible(page, 'returns round');

    // The partner sees its own award's outcomes: targets beside the accepted actuals.
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it("shows My work's items: returns to review, overdue returns with the chasing, drafts, and undeliverable escalations", async () => {
    const officer = { userId: ((await env.db.query(`SELECT id FROM app_user WHERE role = 'commissioner' LIMIT 1`)) as [{ id: string }])[0].id, role: Role.Commissioner, organisationId: null, requestId: 'test' };
    const work = await env.app.get(OfficerWorkService, { strict: false }).myWork(officer, '2015-01-10');
    // As of 10 January 2015: Q1 (accepted) is done; X1 (due July 2014) and Q2 (due 14 October 2014) are overdue, oldest first; Q3 is not due yet.
    expect(work.overdue.items.filter((o) => o.awardId === awardId).map((o) => o.periodKey)).toEqual(['2014/15-X1', '2014/15-Q2']);
    expect(work.overdue.items.find((o) => o.periodKey === '2014/15-Q2')!.workingDaysOverdue).toBeGreaterThan(50);
    expect(work.toReview.items.filter((r) => r.awardId === awardId)).toEqual([]);

    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    const overdue = await page.locator('#overdue + table tbody tr').allInnerTexts();
    expect(overdue.some((row) => row.includes('2014/15-Q2') && /working days/.test(row) && /No reminders sent yet|reminders? sent/.test(row))).toBe(true);
    expect(await text(page, '#drafts ~ p, #drafts + table')).toBeTruthy();
    await expectAccessible(page, 'my work (after the review)');
    await screenshot(page, 'officer-my-work');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('pages a year of 101 grants 100 at a time: page 2 is the 101st, the year\'s total and count on both, the CSV whole; without JavaScript too', async () => {
    const commissioner = await loginAs(env, 'commissioner');
    const { totalPence } = await givenYearOfGrants(env, commissioner, PAGED_YEAR, 101);
    const pounds = formatPounds(totalPence);
    // The API's unpaged answer is every grant in the table's order: page 2 must be its 101st.
    const whole = await env.http().get(`/api/reports/grants?financialYear=${encodeURIComponent(PAGED_YEAR)}`).set('Authorization', `Bearer ${commissioner}`);
    const references = (whole.body.rows as { reference: string }[]).map((r) => r.reference);
    expect([references.length, whole.body.totalPence]).toEqual([101, totalPence]);

    const { context, page, problems } = await newPage({ javaScriptEnabled: false });
    // axe runs as a script: the pages' HTML is checked in a context with JavaScript.
    const checker = await site.newContext();
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    await page.goto(`/reports/grants?year=${encodeURIComponent(PAGED_YEAR)}`);
    const rowsShown = () => page.locator('tbody tr').evaluateAll((rows: { innerText: string }[]) => rows.map((r) => r.innerText));
    const first = await rowsShown();
    expect(first).toHaveLength(101); // 100 grants and the total
    expect(first[0]).toContain(references[0]);
    expect(first[99]).toContain(references[99]);
    expect(first[100]).toContain(`Total of the year's 101 grants`);
    expect(first[100]).toContain(pounds);
    expect(await text(page, 'caption')).toContain('101 grants (showing 1 to 100)');
    await expectAccessibleHtml(checker, `${env.baseUrl}/no-js-grants-page-1`, await page.content(), 'grants table page 1 of 2 without JavaScript');

    await page.getByRole('link', { name: 'Next' }).click();
    expect(page.url()).toContain('page=2');
    const second = await rowsShown();
    expect(second).toHaveLength(2);
    expect(second[0]).toContain(references[100]);
    expect(second[1]).toContain(pounds);
    expect(await text(page, 'caption')).toContain('(showing 101 to 101)');
    await expectAccessibleHtml(checker, `${env.baseUrl}/no-js-grants-page-2`, await page.content(), 'grants table page 2 of 2 without JavaScript');
    // A page past the end is the last page, not an empty table.
    await page.goto(`/reports/grants?year=${encodeURIComponent(PAGED_YEAR)}&page=9`);
    expect((await rowsShown())[0]).toContain(references[100]);

    // The CSV is the whole year whatever page is shown: every grant, once.
    const csv = await (await page.request.get(`/reports/grants.csv?year=${encodeURIComponent(PAGED_YEAR)}`)).text();
    expect(references.filter((r) => csv.includes(r))).toHaveLength(101);
    expect(problems).toEqual([]);
    await checker.close();
    await context.close();
  }, 180_000);

  it('renders the reports (grants table with CSV, returns status, outcomes as charts beside tables) and the plan objectives', async () => {
    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    await page.getByRole('link', { name: 'Reports' }).click();
    await expectAccessible(page, 'reports index');
    await page.goto('/reports/grants?year=2014%2F15');
    expect(await text(page, 'tbody')).toContain('Warrington Borough Council');
    await expectAccessible(page, 'grants table');
    const csv = await page.request.get('/reports/grants.csv?year=2014%2F15');
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toMatch(/^Organisation,Grant type,Amount \(£\)/);
    expect(await csv.text()).toContain('Warrington Borough Council');

    await page.goto('/reports/returns?year=2014%2F15');
    expect(await text(page, 'main')).toContain('Overdue returns');
    await expectAccessible(page, 'returns status report');

    const report = await page.goto('/reports/outcomes?year=2014%2F15');
    expect([report!.status(), await text(page, 'h1')]).toEqual([200, 'Outcomes against targets']);
    expect(await text(page, 'main')).toContain('REF Referrals received');
    expect(await page.locator('svg.app-outcome-chart').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.app-outcome-chart rect.app-outcome-chart__actual').count()).toBeGreaterThan(0);
    expect(await text(page, 'main')).toContain('REF Referrals received');
    await expectAccessible(page, 'outcomes report');
    await screenshot(page, 'officer-outcomes-report');
    const outcomesCsv = await page.request.get('/reports/outcomes.csv?year=2014%2F15');
    expect(await outcomesCsv.text()).toContain('REF Referrals received');

    await page.getByRole('link', { name: 'Objectives' }).click();
    expect(await page.locator('h2').count()).toBeGreaterThan(0);
    expect(await text(page, 'main')).toContain('Warrington Borough Council');
    await expectAccessible(page, 'plan objectives');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('reviews a return without JavaScript: changes asked for, then the resubmission accepted', async () => {
    const q2 = await partnerSubmits('2014/15-Q2', 30, 'Second quarter.');
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const check = async (state: string) => expectAccessibleHtml(await site.newContext(), page.url(), await page.content(), state);
    await page.goto('/sign-in');
    await signIn(page, demoUser('commissioner').email, demoUser('commissioner').password);
    await page.goto(`/reporting-periods/${q2}/review`);
    await check('review without JavaScript');
    await page.getByLabel('Ask the partner to change it').check();
    await page.getByLabel('Comment for the partner').fill('Please add the spend breakdown.');
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Changes asked for');
    await check('review without JavaScript (changes asked for)');
    await partnerSubmits('2014/15-Q2', 31, 'Second quarter, with the spend breakdown.');
    await page.reload();
    expect(await page.locator('tr.app-comparison__changed').count()).toBe(1);
    await page.getByLabel('Accept the return').check();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('version 2 accepted');
    await check('review without JavaScript (accepted)');
    await context.close();
  }, 120_000);

  it("shows the partner its own award's outcomes and reporting periods", async () => {
    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    await page.goto(`/awards/${awardId}/outcomes`);
    expect(await text(page, 'main')).toContain('REF Referrals received');
    expect(await text(page, 'main')).toContain('24');
    expect(await page.locator('form').filter({ hasText: 'Use this framework' }).count()).toBe(0);
    await expectAccessible(page, 'outcomes section (partner)');
    await page.goto(`/awards/${awardId}/reporting`);
    expect(await page.locator('tbody tr').count()).toBe(5);
    expect(await page.getByRole('button', { name: 'Preview the periods' }).count()).toBe(0);
    await expectAccessible(page, 'reporting section (partner)');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
