import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type SiteBrowser, withBrowser } from '../helpers/browser.js';
import { loadDemo } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * The finance batch approval with the keyboard alone (issue 16; docs/web-contract.md#tests): no
 * clicks, fills or checks, only page.keyboard: Tab to move, type into the sign-in fields, Space
 * to tick each payment's checkbox, Enter to follow a link or send a form. It ends with the
 * payments approved in the database and the results (the banners, then the Approved tab) read.
 * The demo's queue (apps/api/src/seed/finance-states.seed.ts): four payments to approve, one set
 * up by the demo finance officer above the threshold, one held by an open condition.
 */
// Functions given to page.evaluate run in the browser; the project compiles without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

describe('finance batch approval with the keyboard alone', () => {
  let env: WebTestEnv;
  let site: SiteBrowser;
  const started = Date.now();

  beforeAll(async () => {
    [env, site] = await withBrowser(createWebTestEnv());
    await loadDemo(env);
  }, 180_000);

  afterAll(async () => {
    console.log(`web finance keyboard: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await site?.close();
    await env?.close();
  }, 60_000);

  /** What has the focus, in words: `link Payments`, `button Sign in`, `checkbox Select …`, `email Email address`. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'nothing';
      const tag = el.tagName.toLowerCase();
      if (tag === 'input') {
        const input = el;
        const label: string = input.labels?.[0]?.innerText ?? input.getAttribute('aria-label') ?? input.name;
        return `${input.type} ${label.replace(/\s+/g, ' ').trim()}`;
      }
      const kind = tag === 'a' ? 'link' : tag;
      return `${kind} ${el.innerText.replace(/\s+/g, ' ').trim()}`;
    });

  /** Tab forward until the focus is on what `want` matches; `onTheWay` sees every stop before it. */
  async function tabTo(page: Page, want: RegExp, onTheWay?: (stop: string) => Promise<void>): Promise<string> {
    const stops: string[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const stop = await focused(page);
      if (want.test(stop)) return stop;
      stops.push(stop);
      await onTheWay?.(stop);
    }
    throw new Error(`Tab never reached ${want}; it went through:\n${stops.join('\n')}`);
  }

  const approvedCount = async () =>
    ((await env.db.query(`SELECT count(*)::int AS n FROM payment p JOIN award a ON a.id = p.award_id WHERE p.status = 'approved' AND a.reference LIKE 'CHES-VS-%'`)) as [{ n: number }])[0].n;

  it('signs in, ticks the payments with Space, approves them with Enter and reads the results, never touching the mouse', async () => {
    const { context, page, problems } = await site.newPage();
    // The one mouse-free navigation a keyboard user also makes: typing the address.
    await page.goto('/sign-in');
    expect(await tabTo(page, /^link Skip to main content$/)).toBe('link Skip to main content');
    await tabTo(page, /^email Email address$/);
    await page.keyboard.type(demoUser('finance').email);
    await tabTo(page, /^password Password$/);
    await page.keyboard.type(demoUser('finance').password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${env.baseUrl}/`);

    await tabTo(page, /^link Payments$/);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/payments**');
    expect(await page.locator('h1').innerText()).toBe('Payments');

    const before = await approvedCount();
    const ticked: string[] = [];
    await tabTo(page, /^button Approve selected payments$/, async (stop) => {
      if (!stop.startsWith('checkbox ')) return;
      await page.keyboard.press('Space');
      ticked.push(stop.slice('checkbox Select '.length));
    });
    expect(ticked).toHaveLength(4);
    expect(await page.locator('tbody input[type="checkbox"]:checked').count()).toBe(4);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/payments?tab=to-approve**');

    // The results, as a screen reader would meet them: the banners' words.
    const banners = (await page.locator('.govuk-notification-banner').allInnerTexts()).join('\n');
    expect(banners).toContain('2 payments approved');
    expect(banners).toContain('2 payments were not approved');
    expect(banners).toContain('you set it up and it is over £10,000.00, so someone else in finance must approve it');
    expect(banners).toContain('held by conditions: Updated safeguarding policy received (illustrative)');
    expect(await approvedCount()).toBe(before + 1);
    const approvedNow = (await env.db.query(
      `SELECT a.reference, p.amount_pence::int AS pence FROM payment p JOIN award a ON a.id = p.award_id
        WHERE p.status = 'approved' AND p.approved_by_user_id = (SELECT id FROM app_user WHERE email = $1) ORDER BY a.reference`,
      [demoUser('finance').email],
    )) as { reference: string; pence: number }[];
    expect(approvedNow).toHaveLength(2);

    // On to the Approved tab, still by keyboard, and read the list there.
    await tabTo(page, /^link Approved/);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/payments?tab=approved**');
    const approved = (await page.locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(approved).toHaveLength(2);
    for (const { reference } of approvedNow) expect(approved.filter((row) => row.includes(reference))).toHaveLength(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
