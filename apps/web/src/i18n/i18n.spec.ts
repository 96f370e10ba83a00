import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createTranslator, loadCatalogue, lookup } from './i18n.js';

const ROOT = process.cwd();
const catalogue = loadCatalogue(join(ROOT, 'apps/web/locales/en'));
const t = createTranslator(catalogue);

function files(dir: string, ending: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, ending);
    return ending.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('loadCatalogue', () => {
  const folder = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'ringfence-catalogue-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
    return dir;
  };

  it('merges one file per area, sections spread over several files included', () => {
    const merged = loadCatalogue(folder({ 'a.json': { payments: { title: 'Payments' }, domainErrors: { A: 'a' } }, 'b.json': { domainErrors: { B: 'b' } } }));
    expect(merged).toEqual({ payments: { title: 'Payments' }, domainErrors: { A: 'a', B: 'b' } });
  });

  it('refuses a text defined in two files, naming the key', () => {
    expect(() => loadCatalogue(folder({ 'a.json': { domainErrors: { A: 'a' } }, 'b.json': { domainErrors: { A: 'again' } } }))).toThrow(/"domainErrors\.A" is defined twice/);
  });
});

describe('t()', () => {
  it('fills placeholders and chooses one/other by count', () => {
    expect(t('home.count', { count: 1 })).toBe('1 award');
    expect(t('home.count', { count: 12 })).toBe('12 awards');
    expect(t('domainErrors.BUDGET_EXCEEDED', { remainingPence: '£12,000.00', requestedPence: '£15,000.00' })).toBe(
      'This would take the funding stream over its budget: £12,000.00 is left, and this needs £15,000.00.',
    );
  });

  it('shows the key for an unknown entry and leaves an unfilled placeholder as it is', () => {
    expect(t('no.such.key')).toBe('no.such.key');
    expect(t('awards.decision', { reference: 'R1' })).toBe('R1, {date}');
  });

  it('gives the contract words of the sign-in page (docs/web-contract.md#the-contract)', () => {
    expect([t('signIn.email'), t('signIn.password'), t('signIn.button'), t('header.signOut')]).toEqual(['Email address', 'Password', 'Sign in', 'Sign out']);
  });
});

describe('the message catalogue', () => {
  it('has every key the templates and the web code use', () => {
    const used = new Set<string>();
    const sources = [...files(join(ROOT, 'apps/web/views'), /\.njk$/), ...files(join(ROOT, 'apps/web/src'), /\.ts$/)];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      // t("a.b"), t('a.b'), key: 'a.b' in FieldProblems, and message: 'a.b' in form classes.
      for (const m of text.matchAll(/\bt\(\s*["']([a-zA-Z][\w.-]*)["']/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\b(?:key|message|text):\s*'([a-z][\w-]*\.[\w.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(80);
    // `t("roles." + user.role)`: a prefix, which must name a group of entries.
    const missing = [...used].filter((key) => (key.endsWith('.') ? typeof lookup(catalogue, key.slice(0, -1)) !== 'object' : lookup(catalogue, key) === undefined));
    expect(missing).toEqual([]);
  });

  it('explains every coded domain error in words', () => {
    const codes = new Set<string>(['NOT_FOUND', 'VALIDATION', 'FORBIDDEN', 'CONFLICT', 'UNAUTHENTICATED', 'STALE_VERSION', 'IDEMPOTENCY_MISMATCH', 'RATE_LIMITED']);
    for (const file of files(join(ROOT, 'libs/domain/src'), /\.errors\.ts$/)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s+\w+ = '([A-Z][A-Z_]+)',?$/gm)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((code) => lookup(catalogue, `domainErrors.${code}`) === undefined)).toEqual([]);
  });

  it('names every status tag of every kind', () => {
    for (const [kind, statuses] of Object.entries({
      award: ['draft', 'approved', 'active', 'suspended', 'closed', 'cancelled'],
      period: ['upcoming', 'open', 'due', 'overdue', 'draft', 'submitted', 'revision_requested', 'accepted'],
      payment: ['scheduled', 'approved', 'paid', 'cancelled'],
      condition: ['open', 'met', 'waived', 'breached'],
    })) {
      for (const status of statuses) expect([kind, status, typeof lookup(catalogue, `status.${kind}.${status}`)]).toEqual([kind, status, 'string']);
    }
  });
});
