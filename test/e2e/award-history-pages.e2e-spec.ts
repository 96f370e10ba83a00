import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadDemo, loginAs } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * Pages over one award's history and status, without a browser (the browser journeys cover the
 * look): the panel's audit trail shows the same timeline as the officer's hub section (one query,
 * one partial), and the four status changes, one route pair each, each do their own change.
 */
describe('award history and status pages', () => {
  let env: WebTestEnv;
  let officer: { cookie: string; csrf: string };
  let viewer: { cookie: string; csrf: string };
  let api: string;

  beforeAll(async () => {
    env = await createWebTestEnv();
    await loadDemo(env);
    [officer, viewer, api] = await Promise.all([
      signInWithoutBrowser(env, demoUser('commissioner').email, demoUser('commissioner').password),
      signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password),
      loginAs(env, 'commissioner'),
    ]);
  }, 120_000);
  afterAll(() => env?.close());

  const page = (path: string, who: { cookie: string }) => env.site().get(path).set('Cookie', who.cookie);
  /** The timeline's entries as a reader sees them: title, who, and each change's words. */
  const timelineOf = (html: string) =>
    [...html.matchAll(/<div class="moj-timeline__item">([^]*?)<p class="moj-timeline__date">/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

  it('shows the panel the same history of an award as the officer\'s timeline', async () => {
    const active = await env.http().get('/api/awards?status=active').set('Authorization', `Bearer ${api}`);
    const awardId = (active.body.items as { id: string }[])[0]!.id;
    const [hub, panel] = await Promise.all([page(`/awards/${awardId}/timeline`, officer), page(`/panel/awards/${awardId}/audit`, viewer)]);
    expect([hub.status, panel.status]).toEqual([200, 200]);
    const entries = timelineOf(hub.text);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.startsWith('Award approved'))).toBe(true);
    expect(timelineOf(panel.text)).toEqual(entries);
    // The panel's entries are titled one level below its h1; the hub's below its section's h2.
    expect(panel.text).toContain('<h2 class="moj-timeline__title">');
    expect(hub.text).toContain('<h3 class="moj-timeline__title">');
  });

  it('suspends, resumes and closes an award, each through its own page, and refuses what its status does not allow', async () => {
    const active = await env.http().get('/api/awards?status=active').set('Authorization', `Bearer ${api}`);
    const awardId = (active.body.items as { id: string }[])[0]!.id;
    const statusOf = async () => (await env.http().get(`/api/awards/${awardId}`).set('Authorization', `Bearer ${api}`)).body.status as string;
    const change = (action: string, reason: string) =>
      env.site().post(`/awards/${awardId}/${action}`).set('Cookie', officer.cookie).type('form').send({ _csrf: officer.csrf, reason });

    for (const [action, title] of [['suspend', 'Suspend this award'], ['resume', 'Resume this award'], ['close', 'Close this award'], ['cancel', 'Cancel this award']]) {
      const form = await page(`/awards/${awardId}/${action}`, officer);
      expect([action, form.status, form.text.includes(`<h1 class="govuk-heading-l">${title}</h1>`)]).toEqual([action, 200, true]);
    }
    expect((await change('suspend', '')).status).toBe(400);
    expect(await statusOf()).toBe('active');
    expect((await change('suspend', 'safeguarding review')).headers['location']).toBe(`/awards/${awardId}`);
    expect(await statusOf()).toBe('suspended');
    expect((await change('resume', 'review done')).status).toBe(303);
    expect(await statusOf()).toBe('active');
    // Refused on the form (INVALID_TRANSITION): the change the path names is the one tried.
    expect((await change('resume', 'again')).status).toBe(409);
    expect((await change('cancel', 'service withdrawn')).status).toBe(409);
    expect(await statusOf()).toBe('active');
    expect((await change('close', 'service ended')).status).toBe(303);
    expect(await statusOf()).toBe('closed');
  });
});
