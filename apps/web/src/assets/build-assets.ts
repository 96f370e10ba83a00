import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import * as sass from 'sass';
import { MANIFEST_FILE, type AssetManifest } from './asset-manifest.js';

/** Where the build reads from, relative to the project root. */
export const ASSET_SOURCES = {
  scss: 'apps/web/assets/scss/application.scss',
  js: 'apps/web/assets/js/application.mjs',
  images: 'apps/web/assets/images',
  /** MOJ's component icons (its crest and logotype are MOJ's brand, not ours). */
  mojImages: 'node_modules/@ministryofjustice/frontend/moj/assets/images',
} as const;

export interface BuiltAssets {
  manifest: AssetManifest;
  sizes: Record<string, number>;
}

function contentHash(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 12);
}

function imageFiles(root: string): { name: string; path: string }[] {
  const ours = readdirSync(join(root, ASSET_SOURCES.images)).map((name) => ({ name, path: join(root, ASSET_SOURCES.images, name) }));
  const moj = readdirSync(join(root, ASSET_SOURCES.mojImages))
    .filter((name) => name.startsWith('icon-'))
    .map((name) => ({ name, path: join(root, ASSET_SOURCES.mojImages, name) }));
  return [...moj, ...ours].sort((a, b) => a.name.localeCompare(b.name));
}

/** MOJ 11.1 warns about GOV.UK's renamed colour function on every build, and nothing we write can silence it. */
const KNOWN_UPSTREAM_WARNING = /govuk-text-colour/;

/**
 * Compiles the stylesheet (Dart Sass: GOV.UK Frontend + MOJ + ours) and the script (esbuild:
 * both packages' initAll), copies the images, and writes each under a content-hashed name with a
 * manifest the templates read (`asset('application.css')`). Hashed names let the server cache
 * them for a year: a changed file is a new name. Replaces everything in `finalDir`, in one step
 * (see replaceDirectory): a server already serving `finalDir` never finds it half written.
 */
export async function buildAssets(root: string, finalDir: string): Promise<BuiltAssets> {
  const outDir = `${finalDir}.building-${process.pid}`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const images = imageFiles(root);
  const imagesDir = `images-${contentHash(...images.flatMap((f) => [f.name, readFileSync(f.path)]))}`;
  mkdirSync(join(outDir, imagesDir));
  for (const image of images) copyFileSync(image.path, join(outDir, imagesDir, image.name));

  const compiled = await sass.compileAsync(join(root, ASSET_SOURCES.scss), {
    loadPaths: [root],
    style: 'compressed',
    quietDeps: true,
    functions: { 'app-images-path()': () => new sass.SassString(`/assets/${imagesDir}/`, { quotes: true }) },
    logger: {
      warn(message, options) {
        if (KNOWN_UPSTREAM_WARNING.test(message)) return;
        process.stderr.write(`sass: ${options.deprecation ? 'deprecation ' : ''}warning: ${message}\n`);
      },
    },
  });
  const css = `application-${contentHash(compiled.css)}.css`;
  writeFileSync(join(outDir, css), compiled.css);

  const bundled = await build({
    absWorkingDir: root,
    entryPoints: [ASSET_SOURCES.js],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]!.contents;
  const js = `application-${contentHash(Buffer.from(script))}.js`;
  writeFileSync(join(outDir, js), script);

  const manifest: AssetManifest = { 'application.css': css, 'application.js': js, images: imagesDir };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  replaceDirectory(outDir, finalDir);
  return { manifest, sizes: { [css]: compiled.css.length, [js]: script.length, [`${imagesDir}/ (${images.length} files)`]: images.reduce((n, f) => n + statSync(f.path).size, 0) } };
}

/**
 * Moves a finished build into place: the old folder is renamed aside and the new one renamed in
 * (two renames, no copying), then the old one removed. `npm run build` may run while a test's web
 * server serves the same folder; the names inside are content hashes, so both builds hold the same files.
 */
function replaceDirectory(built: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const aside = `${target}.old-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, aside);
  renameSync(built, target);
  rmSync(aside, { recursive: true, force: true });
}

/** Every file the build reads that we own: a test run rebuilds when one is newer than the manifest. */
export function assetSourceFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return [...walk(join(root, 'apps/web/assets')), join(root, 'package-lock.json')].map((file) => relative(root, file));
}
