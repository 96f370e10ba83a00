import { describe, expect, it } from '@jest/globals';
import express from 'express';
import { Role } from '#domain/index.js';
import { navigationFor } from '../common/navigation.js';
import { createTranslator, loadCatalogue, type Catalogue, type Translate } from '../i18n/i18n.js';
import { webPaths } from '../web-paths.js';
import { createFilters } from './filters.js';
import { configureNunjucks } from './nunjucks.js';

// The layout keeps its header, footer and service navigation as HTML (layout-parts.ts): these
// render real pages through the real templates and catalogue, alternating users, roles, paths
// and languages in one environment, so a part kept for one page would show on the next.
const paths = webPaths();
const english = createTranslator(loadCatalogue(`${paths.locales}/en`));
const manifest = { 'application.css': 'application-test.css', 'application.js': 'application-test.js', images: 'images-test' };
const env = configureNunjucks(express(), paths, english, createFilters(english), manifest);

interface Visit {
  name: string;
  role: Role;
  organisationName?: string | null;
  path: string;
  csrfToken: string;
  cspNonce: string;
  t?: Translate;
}

function page(visit: Visit): string {
  const t = visit.t ?? english;
  return env.render('admin/index.njk', {
    t,
    user: { id: 'u', name: visit.name, role: visit.role, organisationName: visit.organisationName ?? null },
    navigation: navigationFor(visit.role, visit.path, t),
    csrfToken: () => visit.csrfToken,
    cspNonce: visit.cspNonce,
    takeFlash: () => undefined,
    queueDashboard: '/admin/queues',
  });
}

const navOf = (html: string) => /<nav [^>]*class="govuk-service-navigation__wrapper[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
const currentOf = (html: string) => [...navOf(html).matchAll(/href="([^"]+)"\s*aria-current="(page|true)"/g)].map((m) => `${m[1]} ${m[2]}`);
const hrefsOf = (html: string) => [...navOf(html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('the layout kept between pages', () => {
  it("shows each page its own user, role's navigation, current item, CSRF token and nonce, whoever came before", () => {
    const admin: Visit = { name: 'Ann <b>Admin</b>', role: Role.Admin, path: '/admin/users', csrfToken: 'token-of-ann', cspNonce: 'nonce-of-ann' };
    const viewer: Visit = { name: 'Vic "Viewer"', role: Role.Viewer, organisationName: 'Panel & Co', path: '/', csrfToken: 'token-of-vic', cspNonce: 'nonce-of-vic' };
    for (let round = 0; round < 3; round++) {
      for (const [visit, other] of [
        [admin, viewer],
        [viewer, admin],
      ] as const) {
        const html = page(visit);
        expect(html).toContain(`value="${visit.csrfToken}"`);
        expect(html).not.toContain(other.csrfToken);
        // GOV.UK's inline script and ours, both with this response's nonce and no other.
        expect(html.match(/nonce="[^"]*"/g)).toEqual([`nonce="${visit.cspNonce}"`, `nonce="${visit.cspNonce}"`]);
        expect(hrefsOf(html)).toEqual(navigationFor(visit.role, visit.path, english).map((item) => item.href));
        expect(html).not.toContain(other.name.replace(/[<>"&]/g, ''));
      }
    }
    const adminPage = page(admin);
    expect(adminPage).toContain('Ann &lt;b&gt;Admin&lt;/b&gt;');
    expect(adminPage).not.toContain('<b>Admin');
    expect(adminPage).toContain(english('roles.admin'));
    expect(hrefsOf(adminPage)).toContain('/admin');
    expect(currentOf(adminPage)).toEqual(['/admin true']);
    const viewerPage = page(viewer);
    expect(viewerPage).toContain('Vic &quot;Viewer&quot;');
    expect(viewerPage).toContain('Panel &amp; Co');
    expect(hrefsOf(viewerPage)).not.toContain('/admin');
    expect(currentOf(viewerPage)).toEqual(['/ page']);
  });

  it('moves the current item with the path, within one role', () => {
    const visit = (path: string): Visit => ({ name: 'Ann', role: Role.Admin, path, csrfToken: 't', cspNonce: 'n' });
    expect(currentOf(page(visit('/')))).toEqual(['/ page']);
    expect(currentOf(page(visit('/awards/123')))).toEqual(['/awards true']);
    expect(currentOf(page(visit('/admin')))).toEqual(['/admin page']);
    expect(currentOf(page(visit('/')))).toEqual(['/ page']);
  });

  it("keeps another language's header, navigation and footer apart from English's", () => {
    const catalogue = loadCatalogue(`${paths.locales}/en`);
    const words = (section: string) => catalogue[section] as Catalogue;
    const other = createTranslator({
      ...catalogue,
      service: { ...words('service'), name: 'Cylchffens' },
      footer: { ...words('footer'), privacy: 'Hysbysiad preifatrwydd' },
      navigation: { ...words('navigation'), home: 'Hafan' },
      header: { ...words('header'), signOut: 'Allgofnodi' },
    });
    const visit: Visit = { name: 'Ann', role: Role.Admin, path: '/', csrfToken: 't', cspNonce: 'n' };
    const englishBefore = page(visit);
    const otherPage = page({ ...visit, t: other });
    const englishAfter = page(visit);
    for (const word of ['Cylchffens', 'Hysbysiad preifatrwydd', 'Hafan', 'Allgofnodi']) {
      expect(otherPage).toContain(word);
      expect(englishAfter).not.toContain(word);
    }
    expect(englishAfter).toBe(englishBefore);
    expect(otherPage).not.toContain(english('footer.privacy'));
  });

  // Parts kept per params (a status tag, a pagination, a year's links, a panel year's sub
  // navigation): a part kept for one row, page, year or section must never show on another.
  const withLocals = (view: string, model: Record<string, unknown>) =>
    env.render(view, {
      t: english,
      user: { id: 'u', name: 'Ann', role: Role.Admin, organisationName: null },
      navigation: navigationFor(Role.Admin, '/admin', english),
      csrfToken: () => 'token',
      cspNonce: 'nonce',
      takeFlash: () => undefined,
      ...model,
    });
  const tagsOf = (html: string) => [...html.matchAll(/<strong class="govuk-tag ([^"]+)">\s*([^<]*?)\s*<\/strong>/g)].map((m) => `${m[2]} ${m[1]}`);
  const linksOf = (html: string, cls: string) => [...html.matchAll(new RegExp(`class="${cls}"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="${cls}"`, 'g'))].map((m) => m[1] ?? m[2]);

  it("shows each user's own status tag on the admin's list, and each page its own pagination", () => {
    const user = (n: number, disabled: boolean, invited: boolean) => ({ id: `u${n}`, name: `User ${n}`, email: `u${n}@example.org`, role: Role.Viewer, disabled, invited });
    const pagination = (page: number) => ({
      ...(page > 1 ? { previous: { href: `/admin/users?page=${page - 1}` } } : {}),
      next: { href: `/admin/users?page=${page + 1}` },
      items: [{ number: page, href: `/admin/users?page=${page}`, current: true }],
    });
    for (let round = 0; round < 2; round++) {
      const first = withLocals('admin/users.njk', { users: [user(1, true, true), user(2, false, true), user(3, false, false)], total: 300, pagination: pagination(1) });
      expect(tagsOf(first)).toEqual(['Cannot sign in govuk-tag--red', 'Invited govuk-tag--yellow', 'Active govuk-tag--green']);
      expect(linksOf(first, 'govuk-link govuk-pagination__link')).toEqual(['/admin/users?page=1', '/admin/users?page=2']);
      const second = withLocals('admin/users.njk', { users: [user(4, false, false), user(5, false, true)], total: 300, pagination: pagination(2) });
      expect(tagsOf(second)).toEqual(['Active govuk-tag--green', 'Invited govuk-tag--yellow']);
      expect(linksOf(second, 'govuk-link govuk-pagination__link')).toEqual(['/admin/users?page=1', '/admin/users?page=2', '/admin/users?page=3']);
      expect(withLocals('admin/users.njk', { users: [], total: 0 })).not.toContain('govuk-pagination');
    }
  });

  it("links each bank-holiday year to its own neighbours and each panel year's sections to that year", () => {
    for (const year of [2026, 2031, 2026]) {
      const html = withLocals('admin/bank-holidays.njk', { year, holidays: [] });
      expect(linksOf(html, 'govuk-link govuk-pagination__link')).toEqual([`/admin/bank-holidays?year=${year - 1}`, `/admin/bank-holidays?year=${year + 1}`]);
    }
    const summary = { latest: null, open: [], openTotal: 0, resolvedTotal: 0, runs: [] };
    for (const [slug, view, section] of [['2024-25', 'panel/reconciliation.njk', 'reconciliation'], ['2023-24', 'panel/reconciliation.njk', 'reconciliation'], ['2024-25', 'panel/returns.njk', 'returns']] as const) {
      const html = withLocals(view, { year: slug.replace('-', '/'), slug, summary, returns: { rows: [] }, report: { rows: [] } });
      const sections = linksOf(html, 'moj-sub-navigation__link');
      expect(sections).toHaveLength(6);
      expect(sections.every((href) => href!.startsWith(`/panel/years/${slug}/`))).toBe(true);
      expect(html).toContain(`aria-current="page" href="/panel/years/${slug}/${section}"`);
      expect(html.match(/moj-sub-navigation__link" aria-current="page"/g)).toHaveLength(1);
    }
  });
});
