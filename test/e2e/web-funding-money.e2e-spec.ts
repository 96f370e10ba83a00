import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Money in a real browser: from a financial year with nothing in it, a commissioning officer
 * records money received, makes a stream, is told why a source cannot give more than it has
 * (SOURCE_OVERCOMMITTED) and why a stream cannot be cut below what it has committed
 * (BUDGET_EXCEEDED), with the figures; manages the stream's condition templates and lead officer.
 * axe on every page and state; the main journey again with JavaScript off.
 */
const YEAR = '2031/32';

describe('money (funding sources and streams) in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let commissionerToken: string;
  let warrington: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    commissionerToken = await loginAs(env, 'commissioner');
    [{ id: warrington }] = (await env.db.query(`SELECT id FROM organisation WHERE identifier360 = 'GB-LAE-WRT'`)) as [{ id: string }];
  }, 180_000);

  afterAll(async () => {
    console.log(`web money: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = (role: 'commissioner' | 'finance' | 'partner', options: PageOptions = {}) => site.signedIn(role, options);

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText().then((s) => s.trim());
  const api = (method: 'post' | 'patch', path: string, body: object) =>
    env.site()[method](path).set('Authorization', `Bearer ${commissionerToken}`).send(body).then((res) => {
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    });

  it('takes an officer from an empty year to a funded stream, explaining SOURCE_OVERCOMMITTED and BUDGET_EXCEEDED with the figures', async () => {
    const { context, page, problems } = await signedIn('commissioner');
    await page.getByRole('link', { name: 'Money' }).click();
    expect(await text(page, 'h1')).toBe('Money');
    expect(await page.locator('svg[role="img"] title').first().textContent()).toContain('for each funding stream');
    await expectAccessible(page, 'money');
    await screenshot(page, 'officer-money');

    await page.goto(`/funding?year=${encodeURIComponent(YEAR)}`);
    expect(await text(page, 'main')).toContain('There are no funding streams yet.');
    await expectAccessible(page, 'money, empty year');

    // Money received: the form's errors first, then the real thing.
    await page.getByRole('button', { name: 'Record money received' }).click();
    await page.getByRole('button', { name: 'Record money received' }).click();
    const summary = await text(page, '.govuk-error-summary');
    expect(summary).toContain('Choose who the money is from');
    expect(summary).toContain('Enter the amount received');
    await expectAccessible(page, 'new source with errors');
    await page.getByLabel('Who the money is from').selectOption({ label: 'Warrington Borough Council' });
    await page.getByLabel('Name of the funding').fill('Safer Streets 2031');
    await page.getByLabel('Financial year').fill(YEAR);
    await page.getByLabel('Amount received').fill('£10,000');
    await page.getByLabel('No').check();
    await page.getByRole('button', { name: 'Record money received' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Safer Streets 2031 recorded: £10,000.00 received');
    expect(await text(page, 'main')).toContain('Received £10,000.00: £0.00 assigned to streams, £10,000.00 not yet assigned.');
    await expectAccessible(page, 'money with a source');

    // A stream asking more of the source than it has: refused, with the figures.
    await page.getByRole('button', { name: 'Create a funding stream' }).click();
    await page.getByLabel('Name of the stream').fill('Safer streets');
    await page.getByLabel('Financial year').fill(YEAR);
    await page.getByLabel('Community fund').check();
    await page.getByLabel('Funding source').selectOption({ label: 'Safer Streets 2031 (£10,000.00 unassigned)' });
    await page.getByLabel('Amount for this stream').fill('20000');
    await page.getByRole('button', { name: 'Create funding stream' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain(
      'Safer Streets 2031 cannot give £20,000.00: it received £10,000.00, other streams already have £0.00, so £10,000.00 is left to assign.',
    );
    expect(await text(page, '#amount-error')).toContain('£10,000.00 is left to assign');
    await expectAccessible(page, 'new stream, source overcommitted');
    await page.getByLabel('Amount for this stream').fill('8000');
    await page.getByRole('button', { name: 'Create funding stream' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Funding stream Safer streets created with a budget of £8,000.00');
    expect(await text(page, 'h1')).toBe('Safer streets');
    const streamUrl = new URL(page.url()).pathname;
    const streamId = streamUrl.split('/').pop()!;

    // An approved award of £5,000 commits money, so the budget cannot go below it.
    const award = await api('post', '/api/awards', { fundingStreamId: streamId, recipientOrganisationId: warrington, title: 'Street lighting', grantType: 'Grant', amountPence: 500000, startDate: '2031-04-01', endDate: '2032-03-31' });
    await api('post', `/api/awards/${award.id}/approve`, { decisionReference: 'PCC-D-2031-01' });
    await page.reload();
    const table = await text(page, 'table');
    expect(table).toContain('£8,000.00');
    expect(table).toContain('£5,000.00');
    expect(table).toContain('£3,000.00');
    expect(await page.locator('svg[role="img"] desc').first().textContent()).toContain('Safer streets: budget £8,000.00, committed £5,000.00');
    await expectAccessible(page, 'stream page');
    await screenshot(page, 'officer-stream');

    await page.getByRole('link', { name: 'Assign a funding source' }).click();
    await page.getByLabel('Funding source').selectOption({ label: 'Safer Streets 2031 (£2,000.00 unassigned)' });
    await page.getByLabel('Amount for this stream').fill('1000');
    await page.getByRole('button', { name: 'Assign' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain(
      'The stream would have a budget of £1,000.00, but £5,000.00 is already committed to approved awards: it needs £4,000.00 more.',
    );
    await expectAccessible(page, 'assign, budget exceeded');
    await page.getByLabel('Amount for this stream').fill('10000');
    await page.getByRole('button', { name: 'Assign' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('The budget of Safer streets is now £10,000.00');

    // Condition templates: add (with its errors), change, remove.
    await page.getByRole('button', { name: 'Add a condition template' }).click();
    await page.getByRole('button', { name: 'Add template' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('Enter the condition');
    await expectAccessible(page, 'new template with errors');
    await page.getByLabel('Condition', { exact: true }).fill('Safeguarding policy in place');
    await page.getByLabel('Category').selectOption({ label: 'Safeguarding' });
    await page.getByLabel('Yes, hold payments').check();
    await page.getByLabel('Due this many days after the award starts (optional)').fill('30');
    await page.getByRole('button', { name: 'Add template' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition template added: Safeguarding policy in place');
    expect(await text(page, 'main')).toContain('30 days after the start');
    await page.getByRole('link', { name: 'Change Safeguarding policy in place' }).click();
    await expectAccessible(page, 'edit template');
    await page.getByLabel('Condition', { exact: true }).fill('Safeguarding policy signed off');
    await page.getByRole('button', { name: 'Save template' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition template changed: Safeguarding policy signed off');
    await page.getByRole('link', { name: 'Remove Safeguarding policy signed off' }).click();
    await expectAccessible(page, 'remove template');
    await page.getByRole('button', { name: 'Remove template' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('Condition template removed');
    expect(await text(page, 'main')).toContain('This stream has no condition templates.');

    // Lead officer: set, and audited.
    await page.getByRole('link', { name: 'Change Lead officer' }).click();
    await expectAccessible(page, 'lead officer');
    const officers = await page.getByLabel('Lead officer').locator('option').allInnerTexts();
    await page.getByLabel('Lead officer').selectOption({ label: officers[1]! });
    await page.getByRole('button', { name: 'Save lead officer' }).click();
    expect(await text(page, '.govuk-summary-list')).toContain(officers[1]!);
    await expectAccessible(page, 'stream page, lead officer set');
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'funding-stream.update' AND after->>'leadOfficerUserId' IS NOT NULL`, [streamId])) as [{ n: number }];
    expect(n).toBe(1);

    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('creates a source and a stream with JavaScript off', async () => {
    const { context, page, problems } = await signedIn('commissioner', { javaScriptEnabled: false });
    // axe needs scripts: the pages' HTML is checked in a context that runs them.
    const axeContext = await site.newContext();
    await page.goto('/funding/sources/new');
    await page.getByLabel('Who the money is from').selectOption({ label: 'Warrington Borough Council' });
    await page.getByLabel('Name of the funding').fill('No script grant');
    await page.getByLabel('Financial year').fill('2032/33');
    await page.getByLabel('Amount received').fill('500');
    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Record money received' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('No script grant recorded');
    expect(await text(page, 'main')).toContain('Restricted');
    await page.getByRole('button', { name: 'Create a funding stream' }).click();
    await page.getByLabel('Name of the stream').fill('No script stream');
    await page.getByLabel('Financial year').fill('2032/33');
    await page.getByLabel('Other').check();
    await page.getByLabel('Funding source').selectOption({ label: 'No script grant (£500.00 unassigned)' });
    await page.getByLabel('Amount for this stream').fill('600');
    await page.getByRole('button', { name: 'Create funding stream' }).click();
    expect(await text(page, '.govuk-error-summary')).toContain('£500.00 is left to assign');
    await expectAccessibleHtml(axeContext, page.url(), await page.content(), 'new stream refused (no JavaScript)');
    await page.getByLabel('Amount for this stream').fill('500');
    await page.getByRole('button', { name: 'Create funding stream' }).click();
    expect(await text(page, 'h1')).toBe('No script stream');
    await expectAccessibleHtml(axeContext, page.url(), await page.content(), 'stream page (no JavaScript)');
    expect(problems).toEqual([]);
    await axeContext.close();
    await context.close();
  }, 60_000);

  it('lets finance record money but not make streams, and keeps partners out', async () => {
    const { context, page } = await signedIn('finance');
    await page.goto('/funding');
    expect(await page.getByRole('button', { name: 'Record money received' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Create a funding stream' }).count()).toBe(0);
    await expectAccessible(page, 'money (finance)');
    await context.close();
    const partner = await signedIn('partner');
    expect(await partner.page.getByRole('link', { name: 'Money' }).count()).toBe(0);
    const res = await partner.page.goto('/funding');
    expect(res?.status()).toBe(403);
    await partner.context.close();
  }, 60_000);
});
