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
});
