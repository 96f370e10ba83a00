import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every word a page shows comes through one of these (docs/web-contract.md#conventions: one message catalogue). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export type Catalogue = { [key: string]: string | string[] | Catalogue };

/**
 * A language's catalogue: every `*.json` in its folder (`apps/web/locales/en/`), one file per area
 * (`payments.json` holds `{"payments": {...}}`), so areas add words without touching each other's
 * files. Sections merge (`domainErrors` may be spread over several files), but a text defined in
 * two files is an error, never a silent overwrite.
 */
export function loadCatalogue(directory: string): Catalogue {
  const catalogue: Catalogue = {};
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.json')).sort()) {
    mergeInto(catalogue, JSON.parse(readFileSync(join(directory, file), 'utf8')) as Catalogue, `${directory}/${file}`, '');
  }
  return catalogue;
}

function mergeInto(target: Catalogue, part: Catalogue, file: string, prefix: string): void {
  for (const [key, value] of Object.entries(part)) {
    const existing = target[key];
    const isSection = (v: unknown): v is Catalogue => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (existing === undefined) target[key] = value;
    else if (isSection(existing) && isSection(value)) mergeInto(existing, value, file, `${prefix}${key}.`);
    else throw new Error(`the catalogue key "${prefix}${key}" is defined twice (again in ${file})`);
  }
}

/** The entry at a dotted key (`signIn.errors.incorrect`), whatever it is. */
export function lookup(catalogue: Catalogue, key: string): Catalogue[string] | undefined {
  let node: Catalogue[string] | undefined = catalogue;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
    node = node[part];
  }
  return node;
}

/**
 * `t('home.count', {count: 3})`: the catalogue's text with `{name}` placeholders filled.
 * An entry with `one` and `other` is chosen by `count`. An unknown key shows the key itself
 * (a unit test checks every key the templates and code use exists, so none reaches a page).
 * Parameters are plain text: Nunjucks' autoescaping escapes the result like any other value.
 */
export function createTranslator(catalogue: Catalogue): Translate {
  // A page asks for dozens of texts (the layout alone a dozen): each key is walked once, then
  // found in this map. Only keys the catalogue has are kept, so the map is never bigger than it.
  const found = new Map<string, Catalogue[string]>();
  return (key, params = {}) => {
    let entry = found.get(key);
    if (entry === undefined) {
      entry = lookup(catalogue, key);
      if (entry !== undefined) found.set(key, entry);
    }
    if (entry !== undefined && typeof entry === 'object' && !Array.isArray(entry) && typeof params['count'] === 'number') {
      entry = params['count'] === 1 ? entry['one'] : entry['other'];
    }
    if (typeof entry !== 'string') return key;
    if (!entry.includes('{')) return entry;
    return entry.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
  };
}
