import fc from 'fast-check';
import type { BodyShape, FieldSpec } from './dto-fields.js';

/**
 * Hostile request bodies generated from a route's DTO shape and one valid body. Each request says
 * whether it must be refused (`mustRefuse`: a value certainly wrong for its field, a missing
 * required field, an unknown field, a prototype key, a body that is not JSON of the right kind)
 * or may be accepted (odd but valid text, boundary numbers, far dates): those must only never
 * answer 5xx, and when refused, write nothing.
 */
export interface HostileRequest {
  why: string;
  /** Exactly the bytes sent (JSON text, or junk). */
  payload: string;
  /** null: no Content-Type header. */
  contentType: string | null;
  mustRefuse: boolean;
  /** Sent under a content type the JSON parser cannot read: must be 415. */
  unreadBody?: boolean;
}

/** JSON text that JavaScript cannot hold as a value (1e400 parses to Infinity), written as is. */
class RawJson {
  constructor(readonly text: string) {}
}
const raw = (text: string) => new RawJson(text);

/** A key JSON may carry but a JS object literal cannot (`__proto__`), written as is. */
const KEY_MARK = '\uE000key:';

/** JSON text of a body that may hold RawJson values and marked keys. */
export function toJson(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => (value instanceof RawJson ? `\uE000raw:${raws.push(value.text) - 1}` : value)) ?? 'null';
  return text.replace(/"\uE000raw:(\d+)"/g, (_, i: string) => raws[Number(i)]!).replace(new RegExp(`"${KEY_MARK}([^"]*)"`, 'g'), '"$1"');
}

const show = (v: unknown) => (v instanceof RawJson ? v.text : (JSON.stringify(v) ?? String(v))).slice(0, 80);

export const UNUSUAL_UNICODE = [
  '\u202Eevil\u202C.exe', // right-to-left override
  '\u200F\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627', // RTL mark, Hebrew, Arabic
  '\uD83D\uDC69\uD83C\uDFFD\u200D\u2696\uFE0F \uD83D\uDCB7', // emoji with skin tone, ZWJ sequence, pound note
  'Z\u0334\u0321\u031Ba\u0337l\u0338g\u0336o\u0301\u0301\u0301', // combining marks
  'e\u0301 vs \u00E9', // decomposed vs composed
  '\u200B\u200C\u200D\uFEFF', // zero-width characters and a BOM
  '\uD800', // lone high surrogate
  'x\uDC00y', // lone low surrogate
  '\uDC00\uD800', // reversed pair
  'nul\u0000byte', // NUL
  '\u0000',
  '\u0007\u001B[31mred\u001B[0m', // bell and ANSI escapes
  'line\u2028sep\u2029para', // JS line terminators
  '\uFF11\uFF12\uFF13', // full-width digits
  'I\u0307stanbul \u0130', // dotted capital I
  '\u00A0\u3000', // non-breaking and ideographic spaces
  '\uFFFF\uFFFE', // non-characters
];

export const INJECTIONS = [
  `'; DROP TABLE award; --`,
  `" OR 1=1 --`,
  `1' OR '1'='1`,
  `'); UPDATE app_user SET role='admin'; --`,
  `$$ ; SELECT 1; $$`,
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `"><svg onload=alert(1)>`,
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  `{{constructor.constructor('return process')()}}`,
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%00',
  'header\r\nSet-Cookie: pwned=1',
  `=cmd|' /C calc'!A0`,
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '{"$gt": ""}',
  '__proto__',
  '%s%s%s%n',
  'null',
  'undefined',
  'NaN',
];

const IMPOSSIBLE_DATES = [
  '2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '0000-00-00', '2026-04-31', '2026-04-00', '26-04-01', '2026/04/01',
  '2026-4-1', '2026-04-01T00:00:00Z', '2026-04-01 ', ' 2026-04-01', '', 'yesterday', '9999-99-99', '+002026-04-01', '2026-04-01\u0000', '２０２６-04-01',
];
const FAR_DATES = ['0001-01-01', '1900-01-01', '1970-01-01', '2000-02-29', '2999-12-31', '9999-12-31'];
const BAD_YEARS = ['2014/16', '2014/14', '2014-15', '14/15', '2014/15 ', '', '\uFF12\uFF10\uFF11\uFF14/15', '1999/2000', '2014/15\u0000'];
const FAR_YEARS = ['1999/00', '0001/02', '9998/99', '1900/01'];
const BAD_UUIDS = ['not-a-uuid', '', '1', 'g0000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-00000000000', '00000000-0000-4000-8000-000000000001\u0000', ' 00000000-0000-4000-8000-000000000001', `' OR 1=1 --`];
const ODD_UUIDS = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '7c9e6679-7425-40de-944b-e07fc1f90ae7'];

/** Values of the wrong JSON type for any field. */
const WRONG_SHAPES: unknown[] = [{}, { $gt: '' }, [], [null], { nested: { deeper: true } }];

const huge = (n: number) => 'x'.repeat(n);

/** NUL or an unpaired surrogate: no database column can hold it, so the API refuses it in any field (common/validation.ts). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string no field should accept: every string field must be bounded. */
const UNBOUNDED = 100_001;

function withoutNull(values: unknown[], spec: FieldSpec): unknown[] {
  return spec.nullable ? values : [...values, null];
}

/** Values that are certainly invalid for the field. */
export function invalidValues(spec: FieldSpec): fc.Arbitrary<unknown> {
  const c = (values: unknown[]) => fc.constantFrom(...withoutNull(values, spec));
  const tooLong = spec.maxLength !== undefined ? [huge(spec.maxLength + 1), huge(spec.maxLength + 1000)] : [huge(UNBOUNDED)];
  switch (spec.kind) {
    case 'pence':
      return fc.oneof(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((d) => !Number.isInteger(d)),
        c([
          2 ** 53, 2 ** 53 + 2, 1e21, 1e300, -0.5, 0.1, raw('1e400'), raw('-1e400'), raw('12.5'),
          '100', '1e3', 'NaN', 'Infinity', '-0', '0x10', true, [100], ...WRONG_SHAPES, ...(spec.min !== undefined && spec.min > 0 ? [spec.min - 1] : []),
        ]),
      );
    case 'int':
      return c([
        1.5, -0.25, '1', '0', raw('1e400'), true, ...WRONG_SHAPES,
        ...(spec.min !== undefined ? [spec.min - 1, spec.min - 1000] : []),
        ...(spec.max !== undefined ? [spec.max + 1, spec.max + 1000] : []),
      ]);
    case 'number':
      return c(['1', 'NaN', 'Infinity', raw('1e400'), raw('-1e400'), true, ...WRONG_SHAPES]);
    case 'date':
      return c([...IMPOSSIBLE_DATES, 20260401, true, ...WRONG_SHAPES]);
    case 'financialYear':
      return c([...BAD_YEARS, 2014, 2014.15, true, ...WRONG_SHAPES]);
    case 'uuid':
      return c([...BAD_UUIDS, 7, true, ...WRONG_SHAPES, huge(UNBOUNDED)]);
    case 'enum': {
      const first = String(spec.values?.[0] ?? 'x');
      const near = [first.toUpperCase(), `${first} `, ` ${first}`, `${first}\u0000`, `${first}s`].filter((v) => !spec.values?.includes(v));
      return c(['', 'ADMIN', 'unknown_value', `draft'; DELETE FROM award; --`, ...near, 1, true, [first], ...WRONG_SHAPES]);
    }
    case 'literal':
      return c([false, 'true', 1, 0, 'yes', [true], ...WRONG_SHAPES].filter((v) => !spec.values?.includes(v)));
    case 'boolean':
      return c(['true', 'false', 1, 0, 'yes', '', [true], ...WRONG_SHAPES]);
    case 'email':
      return c(['not-an-email', '@', 'a@', '@b.org', 'a@b', 'a b@c.org', `${huge(400)}@example.org`, 7, true, ...WRONG_SHAPES]);
    case 'pattern': {
      // Over the length limit is wrong whatever the pattern; so is any string the pattern refuses.
      const strings = [...INJECTIONS, ...UNUSUAL_UNICODE, '', ' ', huge(UNBOUNDED)].filter((s) => !spec.pattern!.test(s));
      return c([...strings, ...(spec.maxLength !== undefined ? tooLong : []), 7, true, ...WRONG_SHAPES]);
    }
    case 'text':
      return c([7, 0, true, ['x'], ...WRONG_SHAPES, ...tooLong, ...(spec.minLength && spec.minLength > 0 ? [''] : [])]);
    case 'mixed':
      return c([true, ['x'], ...WRONG_SHAPES, ...(spec.maxLength !== undefined ? [huge(spec.maxLength + 1)] : [huge(UNBOUNDED)])]);
    case 'scalarArray': {
      const item = spec.item ? invalidValues({ ...spec.item, nullable: false }).map((v) => [v]) : fc.constant([{}]);
      const many = Array(spec.maxItems !== undefined ? spec.maxItems + 1 : 20_000).fill(sampleOf(spec.item ?? { name: 'x', kind: 'text', required: true, nullable: false }));
      return fc.oneof(c(['x', 7, true, {}, many]), item);
    }
    case 'objectArray': {
      const many = Array(spec.maxItems !== undefined ? spec.maxItems + 1 : 20_000).fill({});
      return c(['x', 7, true, {}, [null], ['x'], [7], [[]], many]);
    }
  }
}

/** Values that are odd but may be valid for the field: the app may accept them, never with a 5xx. */
export function oddValues(spec: FieldSpec): fc.Arbitrary<{ value: unknown; mustRefuse: boolean }> {
  const maybe = (values: unknown[]) => fc.constantFrom(...values).map((value) => ({ value, mustRefuse: false }));
  const strings = fc.constantFrom(...UNUSUAL_UNICODE, ...INJECTIONS);
  switch (spec.kind) {
    case 'text':
    case 'mixed':
    case 'email': {
      const bounded = (s: string) => (spec.maxLength !== undefined ? s.slice(0, spec.maxLength) : s);
      const mixed = fc.tuple(fc.constantFrom(...UNUSUAL_UNICODE), fc.constantFrom(...INJECTIONS)).map(([u, i]) => `${u}${i}`);
      const atMax = spec.maxLength !== undefined ? [huge(spec.maxLength)] : [];
      return fc.oneof(
        fc
          .oneof(strings, mixed)
          .map((s) => (spec.kind === 'email' ? `${s}@example.org` : bounded(s)))
          .map((value) => ({ value, mustRefuse: UNSTORABLE.test(value) })),
        ...(atMax.length ? [maybe(atMax)] : []),
      );
    }
    case 'pattern':
      // Most odd strings fail a pattern; those that do must be refused.
      return strings.map((s) => ({ value: s, mustRefuse: !spec.pattern!.test(s) }));
    case 'pence':
      return maybe([0, raw('-0'), 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, raw('1.0'), raw('100e0')]).map((v) => ({
        ...v,
        // A Min above 0 makes 0 certainly wrong.
        mustRefuse: spec.min !== undefined && (v.value === 0 || (v.value instanceof RawJson && v.value.text === '-0')),
      }));
    case 'int':
      return maybe([spec.min ?? -(2 ** 31), spec.max ?? 2 ** 31, spec.min ?? Number.MIN_SAFE_INTEGER, spec.max ?? Number.MAX_SAFE_INTEGER, 0, raw('-0')]);
    case 'number':
      return maybe([1e300, -1e300, 5e-324, 0.1, -0.5, 2 ** 53 + 2, 123456789.123456789, 1e21, -1, raw('-0')]);
    case 'date':
      return maybe(FAR_DATES);
    case 'financialYear':
      return maybe(FAR_YEARS);
    case 'uuid':
      return maybe(ODD_UUIDS);
    default:
      return invalidValues(spec).map((value) => ({ value, mustRefuse: true }));
  }
}

/** A value the DTO accepts for the field, to seed an element a nested mutation can work on. */
export function sampleOf(spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'uuid':
      return '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    case 'pence':
      return Math.max(100, spec.min ?? 0);
    case 'int':
      return Math.min(Math.max(1, spec.min ?? 1), spec.max ?? 1);
    case 'number':
    case 'mixed':
      return 1;
    case 'date':
      return '2026-06-01';
    case 'financialYear':
      return '2026/27';
    case 'enum':
    case 'literal':
      return spec.values?.[0];
    case 'boolean':
      return true;
    case 'email':
      return 'someone@example.org';
    case 'objectArray':
    case 'scalarArray':
      return [];
    case 'pattern':
      return ['REF', 'A1', 'due', '2026/27-Q1', 'GB-CHC-1234567', '1234567', '01234567', 'WA1 1UH', 'x'].find((s) => spec.pattern!.test(s)) ?? 'x';
    case 'text':
      return 'x'.repeat(Math.max(1, spec.minLength ?? 1));
  }
}

type Path = (string | number)[];
interface Location {
  path: Path;
  spec: FieldSpec;
  /** The element to put at path[..-2][0] when the valid body has none there. */
  seed?: Record<string, unknown>;
}

/** Every field a mutation can reach: top-level fields, and the fields of the first element of each object list. */
function locations(shape: BodyShape): Location[] {
  const seedOf = (fields: FieldSpec[]) => Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, sampleOf(f)]));
  if (shape.root === 'array') return shape.fields.map((f) => ({ path: [0, f.name], spec: f, seed: seedOf(shape.fields) }));
  const out: Location[] = [];
  for (const f of shape.fields) {
    out.push({ path: [f.name], spec: f });
    if (f.kind === 'objectArray' && f.fields?.length) {
      for (const g of f.fields) out.push({ path: [f.name, 0, g.name], spec: g, seed: seedOf(f.fields) });
    }
  }
  return out;
}

/** The objects of a body a key can be added to: the root, and the first element of each object list. */
function objectPaths(shape: BodyShape): Path[] {
  if (shape.root === 'array') return [[0]];
  return [[], ...shape.fields.filter((f) => f.kind === 'objectArray').map((f) => [f.name, 0])];
}

/** A copy of the body and the object at `path` in it, creating the first element of a list that has none. */
function nodeAt(body: unknown, path: Path, seed?: Record<string, unknown>): { body: unknown; node: Record<string, unknown> } {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (typeof path[i + 1] === 'number' && (!Array.isArray(node[key]) || (node[key] as unknown[]).length === 0)) node[key] = [structuredClone(seed ?? {})];
    if (typeof key === 'number' && (node[key] === undefined || typeof node[key] !== 'object' || node[key] === null)) node[key] = structuredClone(seed ?? {});
    node = node[key] as Record<string | number, unknown>;
  }
  return { body: copy, node };
}

/** The body with the value at `path` replaced (undefined: removed), seeding a missing list element. */
function setAt(body: unknown, path: Path, value: unknown, seed?: Record<string, unknown>): unknown {
  const { body: copy, node } = nodeAt(body, path.slice(0, -1), seed);
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const JSON_TYPE = 'application/json';

/** Deeply nested JSON: a parser or validator that recurses must refuse it, not crash. */
const deeplyNested = (depth: number) => raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/**
 * Hostile requests for one route: one thing certainly wrong (or oddly valid) about an otherwise
 * valid body, or a body that is not the JSON the route reads at all.
 */
export function hostileRequests(shape: BodyShape, valid: unknown): fc.Arbitrary<HostileRequest> {
  const json = (body: unknown, why: string, mustRefuse: boolean): HostileRequest => ({ why, payload: toJson(body), contentType: JSON_TYPE, mustRefuse });
  const places = locations(shape);
  const bodyNeeded = shape.root === 'array' || shape.fields.some((f) => f.required);
  const objects = objectPaths(shape);
  const pick = <T>(items: T[]) => fc.constantFrom(...items);
  const seedFor = (path: Path) => places.find((p) => p.seed && p.path[0] === path[0])?.seed;

  const wrongValue = pick(places).chain((loc) => invalidValues(loc.spec).map((v) => json(setAt(valid, loc.path, v, loc.seed), `${loc.path.join('.')} = ${show(v)}`, true)));
  const oddValue = pick(places).chain((loc) =>
    oddValues(loc.spec).map(({ value, mustRefuse }) => json(setAt(valid, loc.path, value, loc.seed), `${loc.path.join('.')} = ${show(value)} (odd)`, mustRefuse)),
  );
  const missing = pick(places).map((loc) => json(setAt(valid, loc.path, undefined, loc.seed), `missing ${loc.path.join('.')}`, loc.spec.required));
  const extra = fc
    .tuple(pick(objects), fc.constantFrom('isAdmin', 'role', 'status', 'id', 'createdByUserId', 'organisationId', 'budgetPence', 'version2', 'ünïcödé', '$where', '', ' '), fc.constantFrom<unknown>(true, 'admin', 0, null, {}))
    .map(([path, key, value]) => {
      const { body, node } = nodeAt(valid, path, seedFor(path));
      // A key the DTO declares is not "extra".
      const declared = (path.length === 0 ? shape.fields : shape.root === 'array' ? shape.fields : (shape.fields.find((f) => f.name === path[0])?.fields ?? [])).some((f) => f.name === key);
      node[declared ? `${key}_extra` : key] = value;
      return json(body, `extra ${path.concat(declared ? `${key}_extra` : key).join('.')}`, true);
    });
  const manyKeys = fc.constant(null).map(() => {
    const { body, node } = nodeAt(valid, objects[0]!, seedFor(objects[0]!));
    for (let i = 0; i < 5_000; i++) node[`k${i}`] = i;
    return json(body, '5,000 unknown keys', true);
  });
  const protoKey = fc.tuple(pick(objects), fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.constantFrom<unknown>({ admin: true }, { polluted: true, role: 'admin' }, { prototype: { polluted: true } })).map(([path, key, value]) => {
    const { body, node } = nodeAt(valid, path, seedFor(path));
    node[`${KEY_MARK}${key}`] = value;
    return json(body, `${key} key at ${path.join('.') || 'the top'}`, true);
  });
  const topLevel = places.filter((p) => p.path.length === 1);
  const duplicateKey = pick(topLevel.length ? topLevel : places).chain((loc) =>
    invalidValues(loc.spec).map((v) => {
      // JSON.parse keeps the last of two equal keys: the invalid one must still be refused.
      // In a list body the first element's field is repeated.
      const { body, node } = nodeAt(valid, loc.path.slice(0, -1), loc.seed);
      const field = String(loc.path[loc.path.length - 1]);
      node[field] = node[field] ?? sampleOf(loc.spec);
      const marker = '\uE000duplicate';
      node[marker] = true;
      const payload = toJson(body).replace(`"${marker}":true`, `"${field}":${toJson(v)}`);
      return { why: `${loc.path.join('.')} twice, the second ${show(v)}`, payload, contentType: JSON_TYPE, mustRefuse: true };
    }),
  );
  const deep = pick(places).map((loc) => json(setAt(valid, loc.path, deeplyNested(5_000), loc.seed), `${loc.path.join('.')} nested 5,000 deep`, true));
  const notTheRightJson = fc
    .constantFrom<[string, string]>(
      ...(shape.root === 'array'
        ? ([['{}', 'an object'], ['{"targets":[]}', 'the list wrapped in an object']] as [string, string][])
        : ([['[]', 'an array'], [`[${toJson(valid)}]`, 'the body inside an array']] as [string, string][])),
      ['"string"', 'a string'],
      ['42', 'a number'],
      ['null', 'null'],
      ['true', 'true'],
      ['{"a":', 'truncated JSON'],
      ["{'single': 'quotes'}", 'not JSON'],
      [`${toJson(valid)} trailing`, 'trailing garbage'],
      [`${toJson(valid)}\u0000`, 'a NUL after the JSON'],
    )
    .map(([payload, why]) => ({ why: `body ${why}`, payload, contentType: JSON_TYPE, mustRefuse: true }));
  // No body at all is no fields: refused exactly when the route needs one.
  const emptyBody = fc.constant({ why: 'an empty body', payload: '', contentType: JSON_TYPE, mustRefuse: bodyNeeded });
  // A UTF-8 byte-order mark before valid JSON is legal; the body must still be read as the valid one.
  const byteOrderMark = fc.constant({ why: 'the valid body after a byte-order mark', payload: `\uFEFF${toJson(valid)}`, contentType: JSON_TYPE, mustRefuse: false });
  const wrongContentType = fc
    .constantFrom<string | null>('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/javascript', 'application/json; charset=utf-16', null)
    .map((contentType) => ({
      why: `the valid body as ${contentType ?? 'no content type'}`,
      payload: contentType === 'application/x-www-form-urlencoded' ? 'isAdmin=true&amountPence=1' : toJson(valid),
      contentType,
      // Refused with 415 before any route runs (api.bootstrap.ts): a route whose fields are all
      // optional would otherwise act as if no body had been sent. JSON declared as UTF-16 is read
      // (as UTF-16, so these UTF-8 bytes are not valid JSON): a 400, still refused.
      mustRefuse: true,
      unreadBody: contentType !== 'application/json; charset=utf-16',
    }));

  return fc.oneof(
    { weight: 8, arbitrary: wrongValue },
    { weight: 5, arbitrary: oddValue },
    { weight: 2, arbitrary: missing },
    { weight: 2, arbitrary: extra },
    { weight: 2, arbitrary: protoKey },
    { weight: 1, arbitrary: duplicateKey },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: manyKeys },
    { weight: 1, arbitrary: notTheRightJson },
    { weight: 1, arbitrary: byteOrderMark },
    { weight: 1, arbitrary: emptyBody },
    { weight: 1, arbitrary: wrongContentType },
  );
}
