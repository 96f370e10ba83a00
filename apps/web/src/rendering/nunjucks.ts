import { createRequire } from 'node:module';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { assetUrl, type AssetManifest } from '../assets/asset-manifest.js';
import type { Translate } from '../i18n/i18n.js';
import type { WebPaths } from '../web-paths.js';
import type { Filters } from './filters.js';
import { createLayoutParts } from './layout-parts.js';

const require = createRequire(import.meta.url);

/**
 * Nunjucks over our templates, GOV.UK Frontend's (`govuk/...`) and MOJ's (`moj/...`), with
 * autoescaping always on: every value a template prints is HTML-escaped unless a GOV.UK macro
 * is given `html` we built from escaped parts. Globals: `t` (the catalogue), `asset` (hashed
 * file names), and the layout's kept parts (`layoutPart`, `serviceNavigation`: layout-parts.ts);
 * filters: ours (filters.ts) and MOJ's (its timeline needs them).
 */
export function configureNunjucks(app: Express, paths: WebPaths, t: Translate, filters: Filters, manifest: AssetManifest): nunjucks.Environment {
  const env = nunjucks.configure([paths.views, paths.govukTemplates, paths.mojTemplates], { autoescape: true, express: app, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  app.set('view engine', 'njk');
  const mojFilters = (require('@ministryofjustice/frontend/moj/filters/all.js') as () => Record<string, (...args: unknown[]) => unknown>)();
  for (const [name, filter] of Object.entries(mojFilters)) env.addFilter(name, filter);
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  env.addGlobal('t', t);
  env.addGlobal('asset', (name: string) => assetUrl(manifest, name));
  const parts = createLayoutParts(env);
  env.addGlobal('layoutPart', parts.layoutPart);
  env.addGlobal('serviceNavigation', parts.serviceNavigation);
  return env;
}
