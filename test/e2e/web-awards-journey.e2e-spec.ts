import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The commissioning officer's awards in a browser (issue 15 items 5 and 6): from an empty stream of
 * £10,000, two awards made by the question pages; the first approved behind the interruption page,
 * the second refused with BUDGET_EXCEEDED in figures; the first varied (the budget effect shown
 * first), activated, its agreement uploaded, a stale edit explained, and its timeline read. Then the
 * question pages again with JavaScript off.
 */
describe('web awards: create, approve, vary, upload, timeline', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let streamId: string;
  let commissionerToken: string;
  const started = Date.now();
  const STREAM = 'Web journey stream';

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    commissionerToken = await loginAs(env, 'commissioner');
    const api = async (path: string, body: object) => {
      const res = await env.site().post(path).set('Authorization', `Bearer ${commissionerToken}`).send(body);
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const [{ id: funderId }] = (await env.db.query(`SELECT id FROM organisation ORDER BY name LIMIT 1`)) as [{ id: string }];
    const source = await api('/api/funding-sources', { funderOrganisationId: funderId, name: 'Web journey grant', financialYear: '2026/27', amountPence: 1_000_000, restricted: true });
    streamId = (await api('/api/funding-streams', { name: STREAM, financialYear: '2026/27', purpose: 'other', sources: [{ fundingSourceId: source.id, amountPence: 1_000_000 }] })).id;
  }, 180_000);

  afterAll(async () => {
    console.log(`web awards journey: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const officer = (options: PageOptions = {}) => site.signedIn('commissioner', options);

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
  const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();

  /** The question pages, answered by label; axe on each page and on the first error state. */
  async function createAward(page: Page, answers: { recipient: string; title: string; amount: string }, check: (state: string) => Promise<void>, first = false): Promise<string> {
    await page.goto('/awards');
    await page.getByRole('button', { name: 'Create an award' }).click();
    if (first) {
      await continueButton(page);
      expect(await text(page, '.govuk-error-summary')).toContain('Select the funding stream that pays for this award');
      await check('create: stream question with error');
    }
    await page.getByLabel(`${STREAM} (2026/27)`).check();
    if (first) await check('create: stream question');
    await continueButton(page);
    await page.getByLabel('Which organisation receives the award?').selectOption({ label: answers.recipient });
    if (first) await check('create: recipient question');
    await continueButton(page);
    await page.getByLabel('Title').fill(answers.title);
    await page.getByLabel('Grant type').fill('Grant to a voluntary organisation');
    if (first) await check('create: details question');
    await continueButton(page);
    if (first) {
      await page.getByLabel('How much is the award?').fill('six thousand');
      await continueButton(page);
      expect(await text(page, '#amount-error')).toContain('as a number of pounds and pence');
      await check('create: amount question with error');
    }
    await page.getByLabel('How much is the award?').fill(answers.amount);
    await continueButton(page);
    for (const [legend, [d, m, y]] of [['Start date', ['1', '4', '2026']], ['End date', ['31', '3', '2027']]] as const) {
      const group = page.getByRole('group', { name: legend });
      await group.getByLabel('Day').fill(d);
      await group.getByLabel('Month').fill(m);
      await group.getByLabel('Year').fill(y);
    }
    if (first) await check('create: dates question');
    await continueButton(page);
    expect(await text(page, 'h1')).toBe('Check your answers before creating the award');
    expect(await text(page, '.govuk-summary-list')).toContain(answers.title);
    if (first) {
      await check('create: check your answers');
      await screenshot(page, 'officer-awards-create-check');
    }
    await page.getByRole('button', { name: 'Create draft award' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Draft award');
    return new URL(page.url()).pathname.split('/')[2]!;
  }

  it('creates two awards, approves one, explains BUDGET_EXCEEDED, varies, activates, uploads, explains a stale edit and shows the timeline', async () => {
    const { context, page, problems } = await officer();
    const check = (state: string) => expectAccessible(page, state);
    const first = await createAward(page, { recipient: 'Warrington Borough Council', title: 'Night-time economy patrols', amount: '6,000' }, check, true);
    expect(await text(page, '.govuk-summary-list')).toContain('£6,000.00');
    await check('award overview (draft, created banner)');
    const second = await createAward(page, { recipient: 'Halton Borough Council', title: 'Youth diversion', amount: '£5,000.00' }, check);

    // Approve the first behind the interruption: it says what it commits of what remains.
    await page.goto(`/awards/${first}`);
    await page.getByRole('link', { name: /Approve award/ }).click();
    expect(await text(page, 'h1')).toBe('You are committing £6,000.00 of £10,000.00 remaining');
    await check('approve: interruption');
    await screenshot(page, 'officer-awards-approve-interruption');
    await page.getByRole('button', { name: 'Continue to approve' }).click();
    await page.getByLabel('Decision reference (optional)').fill('PCC/DEC/2026/041');
    await check('approve: decision');
    await page.getByRole('button', { name: 'Approve award' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('£6,000.00 committed');
    expect(await text(page, '.govuk-summary-list')).toContain('PCC/DEC/2026/041');

    // The second does not fit: said before, and refused with the figures.
    await page.goto(`/awards/${second}/approve`);
    expect(await text(page, 'h1')).toBe('You are committing £5,000.00 of £4,000.00 remaining');
    expect(await text(page, '.moj-interruption-card')).toContain('£1,000.00 more than the stream has left');
    await page.getByRole('button', { name: 'Continue to approve' }).click();
    await page.getByRole('button', { name: 'Approve award' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('£4,000.00 is left, and this needs £5,000.00');
    await check('approve: BUDGET_EXCEEDED');
    await screenshot(page, 'officer-awards-budget-exceeded');
    const [{ status }] = (await env.db.query(`SELECT status FROM award WHERE id = $1`, [second])) as [{ status: string }];
    expect(status).toBe('draft');

    // Vary the first: the effect on the budget before anything changes.
    await page.goto(`/awards/${first}/budget`);
    await check('budget section');
    await page.getByRole('button', { name: 'Vary the amount' }).click();
    await page.getByLabel('New amount').fill('7000');
    await page.getByLabel('Reason for the variation').fill('Extra weekend patrols agreed at the March board');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await text(page, '.govuk-summary-list')).toContain('£1,000.00 more');
    expect(await text(page, '.govuk-summary-list')).toMatch(/Remaining after the variation\s+£3,000.00/);
    await check('vary: budget effect');
    await screenshot(page, 'officer-awards-vary-confirm');
    expect(((await env.db.query(`SELECT amount_pence FROM award WHERE id = $1`, [first])) as [{ amount_pence: string }])[0].amount_pence).toBe('600000');
    await page.getByRole('button', { name: 'Confirm variation' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('now £7,000.00');
    expect(await text(page, 'main table:last-of-type')).toContain('Extra weekend patrols');

    // Activate with the agreement date, then upload the agreement.
    await page.goto(`/awards/${first}`);
    await page.getByRole('link', { name: /Record signed agreement/ }).click();
    await check('activate');
    await page.getByRole('button', { name: 'Record signed agreement' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('is active');
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('button', { name: 'Upload document' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Select a file');
    await check('documents: no file chosen');
    await page.getByLabel('Title (optional)').fill('Signed grant agreement');
    await page.getByLabel('Upload a file').setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await page.getByRole('button', { name: 'Upload document' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Signed grant agreement uploaded');
    expect(await text(page, 'main table')).toContain('Grant agreement');
    await check('documents with the agreement');
    await screenshot(page, 'officer-awards-documents');

    // A stale edit: someone else changes the award while the page is open.
    await page.goto(`/awards/${first}/edit`);
    await check('edit');
    const patched = await env.site().patch(`/api/awards/${first}`).set('Authorization', `Bearer ${commissionerToken}`).send({ title: 'Night-time economy patrols (town centre)' });
    expect(patched.status).toBe(200);
    await page.getByLabel('Title').fill('Night patrols');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Someone else changed this record');
    expect(await text(page, '#changed-since')).toContain('Night-time economy patrols (town centre)');
    await check('edit: STALE_VERSION');
    await page.getByRole('link', { name: /Reload the award/ }).click();
    expect(await page.getByLabel('Title').inputValue()).toBe('Night-time economy patrols (town centre)');

    // The timeline: who, when, what, before and after.
    await page.goto(`/awards/${first}/timeline`);
    const timeline = await text(page, '.moj-timeline');
    expect(timeline).toContain('Amount varied');
    expect(timeline).toMatch(/Was: £6,000.00\s+Now: £7,000.00/);
    expect(timeline).toContain('Award approved');
    expect(timeline).toContain('Document uploaded');
    expect(timeline).toContain('Draft award created');
    expect(timeline).toContain('(Commissioning officer)');
    await check('timeline');
    await screenshot(page, 'officer-awards-timeline');

    // Suspend with a reason, then resume.
    await page.goto(`/awards/${first}/suspend`);
    await page.getByRole('button', { name: 'Suspend award' }).click();
    expect(await text(page, '#reason-error')).toContain('Enter the reason');
    await check('suspend: reason missing');
    await page.getByLabel('Reason').fill('Safeguarding review');
    await page.getByRole('button', { name: 'Suspend award' }).click();
    expect(await text(page, '.govuk-summary-list')).toContain('Safeguarding review');
    await page.goto(`/awards/${first}`);
    await check('overview (suspended)');
    await screenshot(page, 'officer-awards-overview');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('creates an award by the question pages with JavaScript off', async () => {
    const { context, page, problems } = await officer({ javaScriptEnabled: false });
    const axeContext = await site.newContext();
    const check = async (state: string) => expectAccessibleHtml(axeContext, page.url(), await page.content(), `${state} (no JavaScript)`);
    const id = await createAward(page, { recipient: 'Warrington Borough Council', title: 'Street pastors', amount: '1,250.50' }, check, true);
    expect(await text(page, '.govuk-summary-list')).toContain('£1,250.50');
    await check('award overview');
    const [{ title }] = (await env.db.query(`SELECT title FROM award WHERE id = $1`, [id])) as [{ title: string }];
    expect(title).toBe('Street pastors');
    expect(problems).toEqual([]);
    await axeContext.close();
    await context.close();
  }, 120_000);
});
