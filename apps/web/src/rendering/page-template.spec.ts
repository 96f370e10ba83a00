import { describe, expect, it } from '@jest/globals';
import express from 'express';
import { join } from 'node:path';
import { Role } from '#domain/index.js';
import { navigationFor } from '../common/navigation.js';
import { createTranslator, loadCatalogue } from '../i18n/i18n.js';
import { webPaths } from '../web-paths.js';
import { createFilters } from './filters.js';
import { configureNunjucks } from './nunjucks.js';

// layouts/base.njk writes out the markup of GOV.UK Frontend's page template instead of extending
// it (issue 16: extending was a third of a small page's render). These pages are rendered through
// it and through the layout as it was on govuk/template.njk (test/fixtures/govuk-page-template),
// which extends the installed GOV.UK Frontend's template: the HTML must be the same but for
// whitespace between tags, so a GOV.UK Frontend upgrade that changes its template fails here.
const paths = webPaths();
const t = createTranslator(loadCatalogue(`${paths.locales}/en`));
const manifest = { 'application.css': 'application-test.css', 'application.js': 'application-test.js', images: 'images-test' };
const ours = configureNunjucks(express(), paths, t, createFilters(t), manifest);
const onGovukTemplate = configureNunjucks(express(), paths, t, createFilters(t), manifest);
(onGovukTemplate as unknown as { loaders: { searchPaths: string[] }[] }).loaders[0]!.searchPaths.unshift(join(paths.root, 'test/fixtures/govuk-page-template'));

/** Whitespace between and around tags is not markup a browser shows. */
const markup = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

function context(signedIn: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const role = Role.Admin;
  return {
    t,
    user: signedIn ? { id: 'u', name: 'Ann <b>Admin</b>', role, organisationName: null } : undefined,
    navigation: signedIn ? navigationFor(role, '/admin/users', t) : [],
    csrfToken: () => 'the-token',
    cspNonce: 'the-nonce',
    takeFlash: () => undefined,
    ...extra,
  };
}

const errors = { summary: [{ text: 'Enter an email address', href: '#email' }], fields: { email: { text: 'Enter an email address' } } };

const pages: [string, string, Record<string, unknown>][] = [
  ['the sign-in page, signed out', 'auth/sign-in.njk', context(false)],
  ['the sign-in page with an error summary', 'auth/sign-in.njk', context(false, { errors, values: { email: '' } })],
  ['a signed-in page with a back link', 'admin/invite.njk', context(true, { organisations: [] })],
  ['a page with a success banner', 'admin/bank-holidays.njk', context(true, { year: 2026, holidays: [{ date: '2026-12-25', name: 'Christmas Day', source: 'library' }], takeFlash: () => 'Bank holiday added' })],
  ['the server error page', 'errors/server-error.njk', context(true, { reference: 'ref-1' })],
];

describe('the page layout written out from GOV.UK Frontend’s page template', () => {
  it.each(pages)('renders %s as the layout on govuk/template.njk does', (_name, view, ctx) => {
    const html = ours.render(view, ctx);
    expect(markup(html)).toBe(markup(onGovukTemplate.render(view, ctx)));
    // The comparison is of whole pages: the layout's own parts are there.
    expect(html).toContain('<main class="govuk-main-wrapper" id="main-content">');
    expect(html).toContain('nonce="the-nonce"');
  });

  it('is the reference layout that extends GOV.UK’s template, and ours that does not', () => {
    const reference = onGovukTemplate.getTemplate('layouts/base.njk') as unknown as { tmplStr: string };
    const layout = ours.getTemplate('layouts/base.njk') as unknown as { tmplStr: string };
    expect(reference.tmplStr).toContain('{% extends "govuk/template.njk" %}');
    expect(layout.tmplStr).not.toContain('extends');
  });
});
