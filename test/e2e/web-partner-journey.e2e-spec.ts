import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, signIn, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { count, loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The funded partner's journey in a real browser (Debian's Chromium), on the demo data: what the
 * organisation owes on its home page, then a monitoring return from the task list to the
 * confirmation panel, with wrong answers refused (nothing saved), a draft saved and picked up
 * again, attachments, the declaration; a revision requested by the commissioner (through the
 * API) and version 2, with version 1 still as it was. The same return with JavaScript off.
 * Every page and state passes axe (WCAG 2.2 AA).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

interface Period { id: string; key: string }

describe('the partner journey in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let periods: { sentBack: Period; overdue: Period; due: Period };
  const started = Date.now();

  beforeAll(async () => {
    // A small file limit, so the too-large refusal is quick to show.
    [env, site] = await withBrowser(createWebTestEnv({ FILES_MAX_BYTES: String(64 * 1024) }));
    await loadDemo(env);
    const rows = (await env.db.query(
      `SELECT p.id, p.key FROM reporting_period p JOIN award a ON a.id = p.award_id WHERE a.reference LIKE 'CHES-CSP-%' ORDER BY p.period_start`,
    )) as Period[];
    periods = { sentBack: rows[0]!, overdue: rows[1]!, due: rows[2]! };
  }, 180_000);

  afterAll(async () => {
    console.log(`partner journey: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const newPage = (options: PageOptions = {}) => site.newPage(options);
  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const returnRows = async (periodId: string) =>
    ((await env.db.query(`SELECT r.status, r.latest_version, r.draft_values, r.draft_spend_pence::int AS spend, r.draft_narrative FROM monitoring_return r WHERE r.reporting_period_id = $1`, [periodId])) as {
      status: string; latest_version: number; draft_values: { indicatorCode: string; value: number | string }[] | null; spend: number | null; draft_narrative: string | null;
    }[]);

  it('shows the partner what it owes: returns due and overdue, the officer\'s comment, a condition, payments and awards', async () => {
    const { context, page, problems } = await newPage();
    await page.goto('/');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    expect(await text(page, 'h1')).toBe('What your organisation owes');
    const returns = page.locator('table', { has: page.locator('th', { hasText: 'Return' }) });
    const overdueRow = returns.locator('tr', { hasText: periods.overdue.key });
    expect(await overdueRow.innerText()).toMatch(/Overdue[\s\S]*|working days overdue/);
    expect(await overdueRow.innerText()).toMatch(/\d+ working days overdue/);
    expect(await returns.locator('tr', { hasText: periods.due.key }).innerText()).toMatch(/In \d+ working days?[\s\S]*Due/);
    expect(await text(page, '.govuk-summary-card')).toContain('Please split the spend between staff and venue costs');
    expect(await page.locator('table', { has: page.locator('th', { hasText: 'Condition' }) }).innerText()).toContain('Safeguarding policy approved by the partnership board');
    expect(await page.locator('#payments-upcoming + table').innerText()).toContain('£20,000.00');
    expect(await page.locator('#payments-recent + table').innerText()).toMatch(/£20,000.00[\s\S]*Paid/);
    expect(await page.locator('table', { has: page.locator('th', { hasText: 'Paid so far' }) }).locator('tbody tr').count()).toBe(3);
    await expectAccessible(page, 'partner home');
    await screenshot(page, 'partner-01-home');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('fills a return with good and bad values, saves a draft, comes back, checks, certifies and submits it', async () => {
    const { context, page, problems } = await newPage();
    const versionsBefore = await count(env, 'return_version');
    await page.goto('/sign-in');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    await page.getByRole('link', { name: `Return for ${periods.due.key}` }).click();
    expect(await text(page, 'h1')).toBe(`Monitoring return for ${periods.due.key}`);
    await expectAccessible(page, 'return task list (not started)');
    await screenshot(page, 'partner-02-return-task-list');

    // Outputs: wrong answers are refused with the field named, and nothing is saved.
    await page.getByRole('link', { name: 'Outputs' }).click();
    await expectAccessible(page, 'outputs');
    await page.getByLabel('People supported').fill('lots');
    await page.getByLabel('Outreach sessions delivered').fill('12.5');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect((await refused).status()).toBe(400);
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('People supported must be a whole number, like 125');
    expect(summary).toContain('Outreach sessions delivered must be a whole number, like 125');
    expect(await page.getByLabel('People supported').inputValue()).toBe('lots');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await returnRows(periods.due.id)).toEqual([]);
    await expectAccessible(page, 'outputs with errors');
    await screenshot(page, 'partner-03-return-errors');

    // Good answers, saved as a draft.
    await page.getByLabel('People supported').fill('1,130');
    await page.getByLabel('Outreach sessions delivered').fill('14');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    expect(await text(page, '.govuk-notification-banner--success')).toContain('saved as a draft');
    expect((await returnRows(periods.due.id))[0]!.draft_values).toEqual([{ indicatorCode: 'PEOPLE', value: 1130 }, { indicatorCode: 'SESSIONS', value: 14 }]);
    await expectAccessible(page, 'task list after a draft');

    // Come back later: the draft is there.
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('link', { name: `Return for ${periods.due.key}` }).click();
    expect(await page.locator('.govuk-task-list__item', { hasText: 'Outputs' }).innerText()).toContain('Completed');
    await page.getByRole('link', { name: 'Outputs' }).click();
    expect(await page.getByLabel('People supported').inputValue()).toBe('1130');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Outcomes: a percentage out of range and fractions of a penny, then good values.
    expect(await text(page, 'h1')).toBe('What changed for the people you supported');
    expect(await text(page, 'main')).toContain('Your target for this period is 75%.');
    await page.getByLabel('People who did not reoffend within six months').fill('101');
    await page.getByLabel('Match funding secured').fill('£12.345');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('People who did not reoffend within six months must be a percentage from 0 to 100');
    expect(await text(page, '.govuk-error-summary')).toContain('Match funding secured must not include fractions of a penny');
    await expectAccessible(page, 'outcomes with errors');
    await page.getByLabel('People who did not reoffend within six months').fill('78.5');
    await page.getByLabel('Match funding secured').fill('£2,500');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Impact (text), spend (money), narrative.
    await page.getByLabel('A case study from the period').fill('A young person referred in the first week now volunteers with the outreach team.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expectAccessible(page, 'spend');
    await page.getByLabel('How much of the grant did you spend in the period?').fill('eighteen thousand');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the spend as an amount in pounds');
    expect((await returnRows(periods.due.id))[0]!.spend).toBeNull();
    await expectAccessible(page, 'spend with an error');
    await page.getByLabel('How much of the grant did you spend in the period?').fill('£18,250.50');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter what happened in the period');
    await expectAccessible(page, 'narrative with an error');
    await page.getByLabel('What happened in the period?').fill('Outreach moved to evenings.\nTwo schools joined.');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Attachments: a file whose bytes are not an accepted type is refused; a PNG is attached.
    expect(await text(page, 'h1')).toBe('Attach files to the return');
    await expectAccessible(page, 'attachments (none)');
    const documentsBefore = await count(env, 'document');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\u0090\u0000 not a pdf at all') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('must be a PDF');
    expect(await count(env, 'document')).toBe(documentsBefore);
    await expectAccessible(page, 'attachments with an error');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(100 * 1024, 'a') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('The selected file must be smaller than 64 KB');
    expect(await count(env, 'document')).toBe(documentsBefore);
    await page.getByLabel('Upload a file').setInputFiles({ name: 'case-study.txt', mimeType: 'text/plain', buffer: Buffer.from('Case study: evening outreach at the youth centre.\n') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    expect(await text(page, '.govuk-notification-banner--success')).toContain('case-study.txt has been attached');
    expect(await count(env, 'document')).toBe(documentsBefore + 1);
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Check your answers, the declaration, submit.
    expect(await text(page, 'h1')).toBe('Check your answers before submitting your return');
    const answers = await text(page, 'main');
    for (const shown of ['1130', '78.5%', '£2,500.00', '£18,250.50', 'case-study.txt']) expect(answers).toContain(shown);
    await expectAccessible(page, 'check your answers');
    await screenshot(page, 'partner-04-return-check-answers');
    await page.getByRole('button', { name: 'Certify and submit return' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Confirm that the information in the return is correct and complete');
    expect(await count(env, 'return_version')).toBe(versionsBefore);
    await expectAccessible(page, 'check your answers without the declaration');
    await page.getByLabel('I certify that the information in this return is correct').check();
    await page.getByRole('button', { name: 'Certify and submit return' }).click();
    expect(await text(page, '.govuk-panel')).toBe('Return submitted\nVersion 1');
    expect((await returnRows(periods.due.id))[0]).toMatchObject({ status: 'submitted', latest_version: 1 });
    await expectAccessible(page, 'confirmation');
    await screenshot(page, 'partner-05-return-submitted');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('reopens the return when the commissioner asks for changes; version 2 is submitted and version 1 reads as it was', async () => {
    const officer = await loginAs(env, 'commissioner');
    const asked = await env.site().post(`/api/reporting-periods/${periods.due.id}/return/request-revision`).set('Authorization', `Bearer ${officer}`).send({ comment: 'Please give the spend on venues separately.' });
    expect(asked.status).toBe(200);

    const { context, page, problems } = await newPage();
    await page.goto('/sign-in');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    expect(await page.locator('.govuk-summary-card', { hasText: periods.due.key }).innerText()).toContain('Please give the spend on venues separately.');
    await page.locator('.govuk-summary-card', { hasText: periods.due.key }).getByRole('link', { name: /^Change the return/ }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Please give the spend on venues separately.');
    await expectAccessible(page, 'task list with a revision request');
    await screenshot(page, 'partner-06-return-revision-requested');
    await page.getByRole('link', { name: 'What happened in the period' }).click();
    await page.getByLabel('What happened in the period?').fill('Outreach moved to evenings. Venues cost £3,200.00 of the spend.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('I certify that the information in this return is correct').check();
    await page.getByRole('button', { name: 'Certify and submit return' }).click();
    expect(await text(page, '.govuk-panel')).toBe('Return submitted\nVersion 2');

    await page.goto(`/reporting-periods/${periods.due.id}/return/versions/1`);
    const first = await text(page, 'main');
    expect(first).toContain('Outreach moved to evenings.\nTwo schools joined.');
    expect(first).toContain('Changes requested: Please give the spend on venues separately.');
    expect(first).toContain('case-study.txt');
    await expectAccessible(page, 'version 1');
    await screenshot(page, 'partner-07-return-version-1');
    await page.goto(`/reporting-periods/${periods.due.id}/return/versions/2`);
    expect(await text(page, 'main')).toContain('Venues cost £3,200.00 of the spend.');
    expect((await page.goto(`/reporting-periods/${periods.due.id}/return/versions/3`))!.status()).toBe(404);
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await context.close();
  }, 120_000);

  it('sends a return with JavaScript turned off', async () => {
    const { context, page, problems } = await newPage({ javaScriptEnabled: false });
    const { context: checker } = await newPage();
    const check = async (state: string) => expectAccessibleHtml(checker, page.url(), await page.content(), `${state} (no JavaScript)`);
    await page.goto('/sign-in');
    await signIn(page, demoUser('partner').email, demoUser('partner').password);
    expect(await page.evaluate(() => document.body.className)).not.toContain('js-enabled');
    await check('partner home');
    await page.getByRole('link', { name: `Return for ${periods.overdue.key}` }).click();
    await check('task list');
    await page.getByRole('link', { name: 'Outputs' }).click();
    await page.getByLabel('People supported').fill('-3');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('People supported must be a whole number');
    expect(await returnRows(periods.overdue.id)).toEqual([]);
    await check('outputs with an error');
    await page.getByLabel('People supported').fill('64');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('People who did not reoffend within six months').fill('70');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('How much of the grant did you spend in the period?').fill('9,000');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('What happened in the period?').fill('Sent late: the team was short-staffed.');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByLabel('Upload a file').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from('date,attendees\n2026-09-01,14\n') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    expect(await text(page, '.govuk-notification-banner--success')).toContain('register.csv has been attached');
    await check('attachments (one file)');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await check('check your answers');
    await page.getByLabel('I certify that the information in this return is correct').check();
    await page.getByRole('button', { name: 'Certify and submit return' }).click();
    expect(await text(page, '.govuk-panel')).toBe('Return submitted\nVersion 1');
    await check('confirmation');
    expect((await returnRows(periods.overdue.id))[0]).toMatchObject({ status: 'submitted', latest_version: 1 });
    expect(problems).toEqual([]);
    await Promise.all([context.close(), checker.close()]);
  }, 180_000);
  it('sends a revised return with the keyboard alone', async () => {
    const { context, page, problems } = await newPage();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return { id: el?.id ?? '', tag: el?.tagName ?? '', text: (el?.innerText ?? '').trim(), href: el?.getAttribute('href') ?? '' };
    });
    /** Tabs forward until `matches` holds (at most 60 presses), as a keyboard user would. */
    const tabTo = async (what: string, matches: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let presses = 0; presses < 60; presses++) {
        await page.keyboard.press('Tab');
        if (matches(await focused())) return;
      }
      throw new Error(`could not reach ${what} with Tab`);
    };
    const enter = (path: RegExp) => Promise.all([page.waitForURL((url) => path.test(url.pathname)), page.keyboard.press('Enter')]);

    await page.goto('/sign-in');
    await tabTo('the email field', (f) => f.id === 'email');
    await page.keyboard.type(demoUser('partner').email);
    await tabTo('the password field', (f) => f.id === 'password');
    await page.keyboard.type(demoUser('partner').password);
    await tabTo('the Sign in button', (f) => f.tag === 'BUTTON' && f.text === 'Sign in');
    await enter(/^\/$/);
    // The return sent back with the officer's comment (seeded).
    await tabTo('the return sent back', (f) => f.href === `/reporting-periods/${periods.sentBack.id}/return` && f.text.startsWith('Change the return'));
    await enter(/\/return$/);
    expect(await text(page, '.govuk-notification-banner')).toContain('Please split the spend between staff and venue costs');
    await tabTo('the narrative task', (f) => f.href.endsWith('/narrative'));
    await enter(/\/narrative$/);
    await tabTo('the narrative', (f) => f.id === 'narrative');
    await page.keyboard.press('End');
    await page.keyboard.type(' Staff £15,000.00, venues £3,500.00. No match funding yet.');
    await tabTo('Save and continue', (f) => f.tag === 'BUTTON' && f.text === 'Save and continue');
    await enter(/\/attachments$/);
    await tabTo('Save and continue', (f) => f.tag === 'BUTTON' && f.text === 'Save and continue');
    await enter(/\/check$/);
    await tabTo('the declaration', (f) => f.id === 'certified');
    await page.keyboard.press('Space');
    await tabTo('Certify and submit return', (f) => f.tag === 'BUTTON' && f.text === 'Certify and submit return');
    await enter(/\/confirmation$/);
    expect(await text(page, '.govuk-panel')).toBe('Return submitted\nVersion 2');
    await expectAccessible(page, 'confirmation (keyboard)');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
