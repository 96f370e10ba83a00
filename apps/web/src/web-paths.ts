import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebPaths {
  root: string;
  /** Our templates (layouts, macros, one folder per area). */
  views: string;
  /** GOV.UK Frontend's templates (`govuk/...`) and the MOJ Pattern Library's (`moj/...`). */
  govukTemplates: string;
  mojTemplates: string;
  /** The message catalogue. */
  locales: string;
  /** Built, hashed assets and their manifest. */
  assets: string;
}

/**
 * The project root, found from this file: it sits at apps/web/src in the sources (tests, tsc)
 * and at dist/apps/web/src once built, and the templates and catalogue stay in apps/web/ either
 * way (the Docker image copies them beside dist/).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps/web/views'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (a folder with package.json and apps/web/views) above the web app');
    dir = parent;
  }
}

let cached: WebPaths | undefined;

export function webPaths(): WebPaths {
  if (cached) return cached;
  const root = findRoot();
  cached = {
    root,
    views: join(root, 'apps/web/views'),
    govukTemplates: join(root, 'node_modules/govuk-frontend/dist'),
    mojTemplates: join(root, 'node_modules/@ministryofjustice/frontend'),
    locales: join(root, 'apps/web/locales'),
    assets: join(root, 'dist/web/assets'),
  };
  return cached;
}
