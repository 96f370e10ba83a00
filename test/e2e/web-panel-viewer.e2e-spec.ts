import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { PDFParse } from 'pdf-parse';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { formatPounds } from '../../libs/platform/src/money/pounds.js';
import { checked, expectAccessible, expectAccessibleHtml, type PageOptions, screenshot, type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { givenYearOfGrants } from '../factories/lifecycle.factory.js';
import { createWebTestEnv, type WebTestEnv } from '../helpers/web-env.js';
import { listWebRoutes, type WebRouteInfo } from '../helpers/web-routes.js';

/**
 * The Police and Crime Panel and auditors (the viewer role) in a real browser (issue 16 items 6
 * and 7): every page a viewer can reach, crawled from the home page and listed from the web's
 * routes, passes axe and has no form that posts to a route the viewer may not call; the panel
 * pack reads as a page and as a PDF the worker makes, whose text is read back and checked.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const YEAR = '2014/15';
/** A year of this test's own with more grants than a page of the grants table shows. */
const PAGED_YEAR = '2029/30';

describe('panel pages and pack for a viewer, in a browser', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  let worker: INestApplicationContext | undefined;
  let routes: WebRouteInfo[];
  let grantsTotalPence: number;
  let grantsCount: number;
  let budgetPence: number;
  let firstAward: string;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
    routes = listWebRoutes(env.web);
    worker = await createWorkerApp(env.env);
    const [commissioner, finance] = await Promise.all([loginAs(env, 'commissioner'), loginAs(env, 'finance')]);
    const grants = await env.http().get(`/api/reports/grants?financialYear=${encodeURIComponent(YEAR)}`).set('Authorization', `Bearer ${commissioner}`);
    grantsTotalPence = grants.body.totalPence as number;
    grantsCount = (grants.body.rows as unknown[]).length;
    firstAward = (grants.body.rows as { awardId: string }[])[0]!.awardId;
    const financeReport = await env.http().get(`/api/reports/finance?financialYear=${encodeURIComponent(YEAR)}`).set('Authorization', `Bearer ${finance}`);
    budgetPence = financeReport.body.totals.budgetPence as number;
    // A finished reconciliation of the year, so the pack has discrepancies to show (or says none).
    const run = await env.http().post('/api/reconciliation-runs').set('Authorization', `Bearer ${finance}`).send({ financialYear: YEAR });
    for (let i = 0; i < 100; i++) {
      const state = await env.http().get(`/api/reconciliation-runs/${run.body.id}`).set('Authorization', `Bearer ${finance}`);
      if (state.body.status === 'succeeded' || state.body.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    console.log(`panel: ${checked.length} pages and states passed axe with 0 violations in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await worker?.close();
    await site?.close();
    await env?.close();
  }, 60_000);

  const viewerPage = (options: PageOptions = {}) => site.signedIn('viewer', options);

  /** Whether a viewer may call `METHOD path` by the route's own @Roles. */
  function viewerMay(method: string, path: string): boolean {
    return routes.some((r) => r.method === method && (r.isPublic || r.roles.includes('viewer' as never)) && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(path));
  }

  it('finds no write control on any page a viewer can reach, and every page passes axe', async () => {
    const { context, page, problems } = await viewerPage();
    const slug = YEAR.replace('/', '-');
    // Every GET route a viewer may call, with the demo's ids, besides what the links lead to.
    const demoIds: Record<string, string> = { year: slug, id: firstAward };
    // Routes of other areas may take ids the demo's first award does not fit: those may be 404.
    const listedRoutes = routes.filter(
      (r) => r.method === 'GET' && r.roles.includes('viewer' as never) && !r.isPublic && !r.path.endsWith('/pdf') && !r.path.startsWith('/panel/packs') && r.params.every((p) => p in demoIds),
    );
    const listed = listedRoutes.map((r) => r.path.replace(/:(\w+)/g, (_, name: string) => demoIds[name]!));
    const mayBeMissing = new Set(listedRoutes.filter((r) => r.params.includes('id') && !r.path.startsWith('/panel/')).map((r) => r.path.replace(/:(\w+)/g, (_, name: string) => demoIds[name]!)));
    const queue = ['/', ...listed];
    // One page per route: the grants table links every award, and each is the same page.
    const patternOf = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\/\d{4}-\d{2}(?=\/|$)/g, '/:year');
    const seen = new Set<string>();
    const patterns = new Set<string>();
    const forms: string[] = [];
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path) || patterns.has(patternOf(path))) continue;
      seen.add(path);
      patterns.add(patternOf(path));
      // Files (CSV, PDF) download rather than open: read them without navigating; they hold no forms.
      const probe = await page.request.get(path);
      if (!(probe.headers()['content-type'] ?? '').startsWith('text/html')) {
        expect([path, probe.status()]).toEqual([path, 200]);
        continue;
      }
      const res = await page.goto(path);
      // The award hub lists sections other areas are still building; an unbuilt one is a 404 page.
      if (res?.status() === 404 && (patternOf(path).startsWith('/awards/:id/') || mayBeMissing.has(path))) continue;
      expect([path, res?.status()]).toEqual([path, 200]);
      await expectAccessible(page, `viewer ${path}`);
      const found = (await page.evaluate(() => ({
        links: [...document.querySelectorAll('main a[href], header a[href], nav a[href]')].map((a: any) => new URL(a.href)).filter((u: any) => u.origin === document.location.origin).map((u: any) => u.pathname),
        forms: [...document.querySelectorAll('form')].map((f: any) => ({ method: (f.getAttribute('method') || 'get').toUpperCase(), action: new URL(f.action, document.location.href).pathname })),
      }))) as { links: string[]; forms: { method: string; action: string }[] };
      for (const f of found.forms) {
        forms.push(`${f.method} ${f.action}`);
        expect([path, f.method, f.action, viewerMay(f.method, f.action)]).toEqual([path, f.method, f.action, true]);
      }
      for (const link of found.links) if (!link.endsWith('/pdf') && !link.startsWith('/sign') && !patterns.has(patternOf(link))) queue.push(link);
    }
    // The pages the viewer reached: its home, each panel page of each year, awards and a grant's trail.
    expect(seen.has(`/panel/years/${slug}/outcomes`)).toBe(true);
    expect(seen.has(`/panel/awards/${firstAward}/audit`)).toBe(true);
    expect([...seen].some((p) => p.startsWith('/awards/'))).toBe(true);
    // The only forms that POST shown to a viewer: signing out and asking for the pack's PDF (GET forms only filter).
    expect([...new Set(forms.filter((f) => f.startsWith('POST ')).map((f) => f.replace(/\/panel\/years\/[^/]+\//, '/panel/years/:year/')))].sort()).toEqual(['POST /panel/years/:year/pack/pdf', 'POST /sign-out']);
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it('reads the panel pack as a page and as a PDF made in the background, whose text carries the figures', async () => {
    const { context, page, problems } = await viewerPage();
    await screenshot(page, 'panel-01-home');
    await page.getByRole('link', { name: `Panel pack ${YEAR}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Panel pack' }).isVisible()).resolves.toBe(true);
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(main).toContain(formatPounds(grantsTotalPence));
    expect(main).toContain(formatPounds(budgetPence));
    expect(main).toContain('Data source');
    await page.getByRole('button', { name: 'Make a PDF of this pack' }).click();
    await page.waitForURL(/\/panel\/packs\/[0-9a-f-]+$/);
    await expectAccessible(page, 'pack PDF in progress or ready');
    // With JavaScript the page updates itself until the worker has made the PDF.
    await page.getByRole('heading', { name: 'Your PDF is ready' }).waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'pack PDF ready');
    await screenshot(page, 'panel-03-pack-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download the panel pack/ }).click()]);
    expect(download.suggestedFilename()).toBe('panel-pack-2014-15.pdf');
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain(`Panel pack: financial year ${YEAR}`);
    expect(text).toContain(`Total granted: ${formatPounds(grantsTotalPence)} (${grantsCount} grants)`);
    expect(text).toContain(formatPounds(budgetPence));
    expect(text).toContain('Data source: Ringfence');
    expect(text).toMatch(/Prepared \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Open discrepancies');
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('makes the PDF without JavaScript: the progress page links to itself until the PDF is ready', async () => {
    const { context, page } = await viewerPage({ javaScriptEnabled: false });
    await page.goto(`/panel/years/${YEAR.replace('/', '-')}/pack`);
    await page.getByRole('button', { name: 'Make a PDF of this pack' }).click();
    await page.waitForURL(/\/panel\/packs\/[0-9a-f-]+$/);
    const html = await page.content();
    // Without JavaScript the page offers a link to check again, until the PDF is ready.
    for (let i = 0; i < 60 && !(await page.getByRole('heading', { name: 'Your PDF is ready' }).isVisible()); i++) {
      await page.waitForTimeout(500);
      const again = page.getByRole('link', { name: 'Check progress again' });
      if (await again.count()) await again.click();
    }
    await expect(page.getByRole('heading', { name: 'Your PDF is ready' }).isVisible()).resolves.toBe(true);
    const checker = await site.newContext();
    await expectAccessibleHtml(checker, `${env.baseUrl}/no-js-pack-status`, html, 'pack status without JavaScript');
    await checker.close();
    await context.close();
  }, 120_000);

  it('shows a viewer small victim counts suppressed, and tells them so', async () => {
    const { context, page, problems } = await viewerPage();
    await page.goto('/panel/years/2024-25/outcomes');
    await expect(page.getByText(/Counts about victims below \d+ are shown as </).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'viewer outcomes 2024/25');
    await screenshot(page, 'panel-02-outcomes');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('pages a year of 101 grants 100 at a time (the year\'s total on each page) while the pack holds all 101', async () => {
    const commissioner = await loginAs(env, 'commissioner');
    const { totalPence } = await givenYearOfGrants(env, commissioner, PAGED_YEAR, 101);
    const whole = await env.http().get(`/api/reports/grants?financialYear=${encodeURIComponent(PAGED_YEAR)}`).set('Authorization', `Bearer ${commissioner}`);
    const references = (whole.body.rows as { reference: string }[]).map((r) => r.reference);
    expect(references).toHaveLength(101);
    const slug = PAGED_YEAR.replace('/', '-');
    const { context, page, problems } = await viewerPage({ javaScriptEnabled: false });
    // axe runs as a script: the pages' HTML is checked in a context with JavaScript.
    const checker = await site.newContext();
    const rowsShown = () => page.locator('tbody tr').evaluateAll((rows: { innerText: string }[]) => rows.map((r) => r.innerText));

    await page.goto(`/panel/years/${slug}/grants`);
    const first = await rowsShown();
    expect(first).toHaveLength(101); // 100 grants and the year's total
    expect([first[0]!.includes(references[0]!), first[99]!.includes(references[99]!)]).toEqual([true, true]);
    expect(first[100]).toContain(`Total of the year's 101 grants`);
    expect(first[100]).toContain(formatPounds(totalPence));
    await expectAccessibleHtml(checker, `${env.baseUrl}/no-js-grants-page-1`, await page.content(), 'viewer grants table page 1 of 2 without JavaScript');
    await page.getByRole('link', { name: 'Next' }).click();
    expect(page.url()).toContain(`/panel/years/${slug}/grants?page=2`);
    const second = await rowsShown();
    expect(second).toHaveLength(2);
    expect(second[0]).toContain(references[100]);
    expect(second[1]).toContain(formatPounds(totalPence));
    await expectAccessibleHtml(checker, `${env.baseUrl}/no-js-grants-page-2`, await page.content(), 'viewer grants table page 2 of 2 without JavaScript');

    // The pack is a paper document: its grants table is whole, with no pages.
    await page.goto(`/panel/years/${slug}/pack`);
    const packTable = page.locator('table', { has: page.locator('caption', { hasText: 'Grants made in' }) });
    expect(await packTable.locator('tbody tr').count()).toBe(102);
    expect(await page.locator('.govuk-pagination').count()).toBe(0);
    expect(problems).toEqual([]);
    await checker.close();
    await context.close();
  }, 240_000);
});
