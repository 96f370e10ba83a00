import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checked, expectAccessible, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The awards list in a browser (issue 15 item 4): the MOJ filters, sorting and paging on the
 * server in the query string, the CSV of exactly the filtered list, and a partner's own awards only.
 */
describe('web awards list', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
  }, 180_000);

  afterAll(async () => {
    console.log(`web awards list: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  const signedIn = (role: 'commissioner' | 'partner') => site.signedIn(role);

  const count = async (sql: string, params: unknown[] = []) => ((await env.db.query(sql, params)) as [{ n: number }])[0].n;

  it('filters by year, status and returns behind, sorts and pages on the server, and downloads exactly the filtered list', async () => {
    const { context, page, problems } = await signedIn('commissioner');
    await page.getByRole('link', { name: 'Awards', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/awards');
    const all = await count(`SELECT count(*)::int AS n FROM award`);
    expect(await page.locator('#awards-count').innerText()).toContain(`${all} awards`);
    await expectAccessible(page, 'awards list');
    await screenshot(page, 'officer-awards-list');

    // Filter: a year and a status, by label, applied on the server (the query string carries them).
    const [{ fy, status }] = (await env.db.query(
      `SELECT s.financial_year AS fy, a.status FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`)) as [{ fy: string; status: string }];
    await page.getByLabel('Financial year').selectOption(fy);
    await page.getByLabel('Status').selectOption(status);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const url = new URL(page.url());
    expect(url.searchParams.get('year')).toBe(fy);
    expect(url.searchParams.get('status')).toBe(status);
    const filtered = await count(`SELECT count(*)::int AS n FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1 AND a.status = $2`, [fy, status]);
    expect(filtered).toBeGreaterThan(0);
    expect(await page.locator('#awards-count').innerText()).toContain(`${filtered} award`);
    expect(await page.locator('.moj-filter__selected .moj-filter__tag').count()).toBe(2);
    await expectAccessible(page, 'awards list filtered');

    // Sort by amount, largest first: two clicks on the header, the order from the database.
    await page.getByRole('link', { name: 'Amount' }).click();
    await page.getByRole('link', { name: 'Amount' }).click();
    expect(new URL(page.url()).searchParams.get('order')).toBe('descending');
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('Amount');
    const [{ reference: largest }] = (await env.db.query(
      `SELECT a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1 AND a.status = $2 ORDER BY a.amount_pence DESC, a.created_at, a.id LIMIT 1`, [fy, status])) as [{ reference: string }];
    expect(await page.locator('tbody tr').first().innerText()).toContain(largest);
    await expectAccessible(page, 'awards list sorted');

    // The CSV is exactly the filtered list, in the same order, every page of it.
    const session = await signInWithoutBrowser(env, demoUser('commissioner').email, demoUser('commissioner').password);
    const csvHref = await page.getByRole('link', { name: 'Download these awards (CSV)' }).getAttribute('href');
    const csv = await env.site().get(csvHref!).set('Cookie', session.cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toContain('Reference,Title,Recipient');
    expect(lines).toHaveLength(filtered + 1);
    expect(lines[1]).toContain(largest);

    // Returns behind: only awards with an overdue or sent-back return.
    await page.goto('/awards?behind=yes');
    const behind = await count(`SELECT count(DISTINCT p.award_id)::int AS n FROM reporting_period p LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
       WHERE p.due_date < (now() AT TIME ZONE 'Europe/London')::date AND (r.id IS NULL OR r.latest_version = 0 OR r.status IN ('draft', 'revision_requested'))`);
    expect(await page.locator('#awards-count').innerText()).toContain(`${behind} award`);
    await expectAccessible(page, 'awards list returns behind');

    // Recipient: chosen within a stream, whose recipients are the choices (all organisations were thousands of options).
    expect(await page.getByLabel('Recipient').count()).toBe(0);
    const [pick] = (await env.db.query(`SELECT a.funding_stream_id AS stream, a.recipient_organisation_id AS recipient, o.name, count(*)::int AS n
       FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1, 2 LIMIT 1`)) as [{ stream: string; recipient: string; name: string; n: number }];
    await page.goto(`/awards?stream=${pick.stream}`);
    const recipients = await count(`SELECT count(DISTINCT recipient_organisation_id)::int AS n FROM award WHERE funding_stream_id = $1`, [pick.stream]);
    expect(await page.locator('#recipient option').count()).toBe(recipients + 1);
    await page.getByLabel('Recipient').selectOption(pick.recipient);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(new URL(page.url()).searchParams.get('recipient')).toBe(pick.recipient);
    expect(await page.locator('#awards-count').innerText()).toContain(`${pick.n} award`);
    expect(await page.locator('.moj-filter__selected').innerText()).toContain(pick.name);

    // Paging: 25 a page, the filters kept in the links.
    if (all > 25) {
      await page.goto('/awards?sort=reference');
      await page.getByRole('link', { name: 'Next' }).click();
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      expect(new URL(page.url()).searchParams.get('sort')).toBe('reference');
      expect(await page.locator('tbody tr').count()).toBe(Math.min(25, all - 25));
      await expectAccessible(page, 'awards list page 2');
    }

    // Nothing matches: said in words.
    await page.goto('/awards?status=cancelled&year=1999/00');
    expect(await page.locator('.moj-filter-layout__content').innerText()).toContain('No awards match these filters.');
    await expectAccessible(page, 'awards list empty');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it("shows a partner only its own organisation's awards, in the list and in the CSV", async () => {
    const { context, page, problems } = await signedIn('partner');
    await page.goto('/awards');
    const own = await count(`SELECT count(*)::int AS n FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = 'GB-LAE-WRT'`);
    expect(await page.locator('#awards-count').innerText()).toContain(`${own} award`);
    expect(await page.getByLabel('Recipient').count()).toBe(0);
    await expectAccessible(page, 'awards list (partner)');
    const session = await signInWithoutBrowser(env, demoUser('partner').email, demoUser('partner').password);
    const csv = await env.site().get('/awards/download').set('Cookie', session.cookie);
    expect(csv.text.trim().split('\n')).toHaveLength(own + 1);
    expect(csv.text).not.toContain('Halton');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
