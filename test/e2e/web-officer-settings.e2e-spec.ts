import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { checked, expectAccessible, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import * as sample from '../fixtures/documents/sample-files.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The commissioning officer's settings in a real browser: a stream's reminder policy changed
 * from the stream page (errors named, nothing written on error, audited as the API audits it);
 * a reporting schedule changed after the partner has started work, the preview marking the
 * periods kept and the save keeping them; targets the domain refuses explained in the
 * catalogue's words for the indicator, never the domain's own English. axe on every page and state.
 */
describe("web: the officer's stream reminders and reporting schedule", () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let streamId: string;
  let awardId: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream ORDER BY created_at LIMIT 1`)) as [{ id: string }];
    // The demo partner's (Warrington's) first award: 1 April 2014 to 31 March 2015, no schedule yet.
    [{ id: awardId }] = (await env.db.query(
      `SELECT a.id FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = 'GB-LAE-WRT' ORDER BY a.reference LIMIT 1`,
    )) as [{ id: string }];
  }, 180_000);

  afterAll(async () => {
    console.log(`web officer settings: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = () => site.signedIn('commissioner');
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
    await screenshot(page, 'officer-reminder-policy');

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

  it('previews a changed schedule with the periods the partner has worked on marked Kept, and the save keeps them as they were', async () => {
    const [officerToken, partnerToken] = [await loginAs(env, 'commissioner'), await loginAs(env, 'partner')];
    const api = async (token: string, method: 'put' | 'post', path: string, body: object) => {
      const res = await env.site()[method](path).set('Authorization', `Bearer ${token}`).send(body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await api(officerToken, 'put', `/api/awards/${awardId}/reporting-schedule`, { frequency: 'quarterly', dueWorkingDays: 10 });
    const periods = async () =>
      new Map(((await env.db.query(`SELECT key, id, due_date::text AS due FROM reporting_period WHERE award_id = $1`, [awardId])) as { key: string; id: string; due: string }[]).map((p) => [p.key, p]));
    const first = await periods();
    const id = (key: string) => first.get(key)!.id;
    // Q1: a draft only; Q2: a file only; Q3: a submitted return; Q4: nothing yet.
    await api(partnerToken, 'put', `/api/reporting-periods/${id('2014/15-Q1')}/return`, { values: [], spendPence: 100, narrative: 'Started' });
    const upload = await env.site().post(`/api/reporting-periods/${id('2014/15-Q2')}/return/documents`).set('Authorization', `Bearer ${partnerToken}`).attach('file', sample.pdf('Minutes'), { filename: 'minutes.pdf', contentType: 'application/pdf' });
    expect(upload.status).toBe(201);
    await api(partnerToken, 'put', `/api/reporting-periods/${id('2014/15-Q3')}/return`, { values: [], spendPence: 200, narrative: 'Done' });
    await api(partnerToken, 'post', `/api/reporting-periods/${id('2014/15-Q3')}/return/submit`, { certified: true });

    const { context, page, problems } = await signedIn();
    await page.goto(`/awards/${awardId}/reporting`);
    await page.getByLabel('Quarterly').check();
    await page.getByLabel('Working days to send a return').fill('5');
    await page.getByRole('button', { name: 'Preview the periods' }).click();
    expect(await text(page, 'h1')).toBe('Check the reporting periods before saving');
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/2014\/15-Q1[\s\S]*14 July 2014[\s\S]*Kept\s+The partner has started its return/);
    expect(rows[1]).toMatch(/2014\/15-Q2[\s\S]*Kept\s+The partner has attached files to it/);
    expect(rows[2]).toMatch(/2014\/15-Q3[\s\S]*Kept\s+It has a return/);
    // Q4 is made again: due 5 working days after 31 March 2015 (Good Friday and Easter Monday off).
    expect(rows[3]).toMatch(/2014\/15-Q4[\s\S]*9 April 2015[\s\S]*Made from this schedule/);
    expect(await page.locator('tbody .govuk-tag').allInnerTexts()).toEqual(['Kept', 'Kept', 'Kept']);
    expect(await periods()).toEqual(first);
    await expectAccessible(page, 'schedule preview with kept periods');
    await screenshot(page, 'officer-schedule-preview-kept');

    await page.getByRole('button', { name: 'Save the schedule' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('4 reporting periods');
    const after = await periods();
    for (const key of ['2014/15-Q1', '2014/15-Q2', '2014/15-Q3']) expect(after.get(key)).toEqual(first.get(key));
    expect(after.get('2014/15-Q4')!.id).not.toBe(id('2014/15-Q4'));
    expect(after.get('2014/15-Q4')!.due).toBe('2015-04-09');
    const [{ n: files }] = (await env.db.query(`SELECT count(*)::int AS n FROM document WHERE reporting_period_id = $1`, [id('2014/15-Q2')])) as [{ n: number }];
    expect(files).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it("explains targets the domain refuses in the catalogue's words, on the cells that made them, and saves none of them", async () => {
    const token = await loginAs(env, 'commissioner');
    const api = async (method: 'put' | 'post', path: string, body: object) => {
      const res = await env.site()[method](path).set('Authorization', `Bearer ${token}`).send(body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    const indicator = (code: string, unit: string, aggregation: string) => ({ code, title: `${code} measure`, level: 'output', unit, direction: 'higher_is_better', aggregation });
    const framework = await api('post', '/api/outcome-frameworks', {
      name: 'Refusals framework',
      financialYear: '2014/15',
      indicators: [indicator('REF', 'count', 'sum'), indicator('SAT', 'percentage', 'mean'), indicator('COST', 'pence', 'sum')],
    });
    await api('put', `/api/awards/${awardId}/outcome-framework`, { outcomeFrameworkId: framework.id });
    const targets = async () => ((await env.db.query(`SELECT count(*)::int AS n FROM award_target WHERE award_id = $1`, [awardId])) as [{ n: number }])[0].n;

    const { context, page, problems } = await signedIn();
    await page.goto(`/awards/${awardId}/targets`);
    // Figures the form reads as numbers but the domain refuses for the indicator's unit.
    await page.getByLabel('REF target for the whole award').fill('2.5');
    await page.getByLabel('SAT baseline').fill('120');
    await page.getByLabel('SAT target for the whole award').fill('-5');
    await page.getByLabel('COST target for the whole award').fill('10.50');
    await page.getByRole('button', { name: 'Save targets' }).click();
    const summary = page.locator('.govuk-error-summary');
    const said = await summary.innerText();
    expect(said).toContain('Enter the REF target as a whole number, 0 or more');
    expect(said).toContain('Enter the SAT target as a percentage from 0 to 100, with no more than 2 decimal places');
    expect(said).toContain('Enter the SAT baseline as a percentage from 0 to 100, with no more than 2 decimal places');
    expect(said).toContain('Enter the COST target as a whole number of pence, 0 or more');
    // Not the domain's words for API clients, nor its field names.
    expect(said).not.toMatch(/targets\[|must be|indicator's unit/);
    expect((await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).sort()).toEqual(
      ['#target--REF--award', '#target--SAT--award', '#baseline--SAT', '#target--COST--award'].sort(),
    );
    expect(await page.locator('#target--SAT--award').inputValue()).toBe('-5');
    expect(await page.locator('.govuk-form-group--error').count()).toBe(4);
    expect(await targets()).toBe(0);
    await expectAccessible(page, 'targets refused by the domain');

    await page.getByLabel('REF target for the whole award').fill('3');
    await page.getByLabel('SAT baseline').fill('60');
    await page.getByLabel('SAT target for the whole award').fill('80.5');
    await page.getByLabel('COST target for the whole award').fill('1050');
    await page.getByRole('button', { name: 'Save targets' }).click();
    expect(await text(page, '.govuk-notification-banner')).toContain('3 targets saved');
    expect(await targets()).toBe(3);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
