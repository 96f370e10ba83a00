import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';

/** Hashed file names of the built assets, relative to /assets/ (written by build-assets.ts). */
export interface AssetManifest {
  'application.css': string;
  'application.js': string;
  /** The content-hashed folder of images. */
  images: string;
}

export class AssetsNotBuiltError extends Error {}

export function readManifest(assetsDir: string): AssetManifest {
  const file = join(assetsDir, MANIFEST_FILE);
  if (!existsSync(file)) throw new AssetsNotBuiltError(`the web's assets are not built (no ${file}): run npm run build`);
  return JSON.parse(readFileSync(file, 'utf8')) as AssetManifest;
}

/**
 * The URL of a built asset for templates: `asset('application.css')`, or an image by its file
 * name, `asset('images/favicon.svg')`.
 */
export function assetUrl(manifest: AssetManifest, name: string): string {
  if (name.startsWith('images/')) return `/assets/${manifest.images}/${name.slice('images/'.length)}`;
  const file = manifest[name as keyof AssetManifest];
  if (!file) throw new Error(`no built asset named ${name}`);
  return `/assets/${file}`;
}
