import fc from 'fast-check';

/** What a field is, so the fuzzer knows which values are certainly wrong for it. */
export type FieldKind = 'uuid' | 'text' | 'pence' | 'date' | 'financialYear' | 'enum' | 'boolean' | 'uuidArray' | 'objectArray' | 'stringArray' | 'email';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Maximum length for text fields. */
  max?: number;
  /** null is a valid value (optional nullable fields). */
  nullable?: boolean;
}

const hugeString = fc.integer({ min: 5_001, max: 20_000 }).map((n) => 'x'.repeat(n));
const injection = fc.constantFrom(`'; DROP TABLE award; --`, `" OR 1=1 --`, `<script>alert(1)</script>`, '${7*7}', '../../etc/passwd', '\u0000');
const oddObjects = fc.constantFrom<unknown>({}, { $gt: '' }, { __proto__: { admin: true } }, [], [null], JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { x: 1 } } });

/** Values of the wrong JSON type for any kind. */
const wrongScalar = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true }), fc.string({ maxLength: 5 }), oddObjects);

/** Values that are always invalid for a field of this kind. */
export function invalidFor(field: FieldSpec): fc.Arbitrary<unknown> {
  const values = invalidByKind(field);
  return field.nullable ? values.filter((v) => v !== null) : values;
}

function invalidByKind(field: FieldSpec): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'pence':
      return fc.oneof(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)),
        fc.constantFrom(2 ** 53, 1e300, -0.5, Number.MAX_SAFE_INTEGER + 2),
        fc.integer({ min: 0, max: 1e9 }).map((n) => String(n)),
        fc.constant(null),
        fc.boolean(),
        oddObjects,
      );
    case 'date':
      return fc.oneof(
        fc.constantFrom('2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '26-04-01', '2026/04/01', '2026-04-01T00:00:00Z', '', 'yesterday', '9999-99-99'),
        fc.integer(),
        fc.constant(null),
        oddObjects,
      );
    case 'financialYear':
      return fc.oneof(fc.constantFrom('2014/16', '2014/14', '2014-15', '14/15', '2014/15 ', '', '２０１４/15'), fc.integer(), fc.constant(null), oddObjects);
    case 'uuid':
      return fc.oneof(fc.constantFrom('not-a-uuid', '', '1', "' OR 1=1"), fc.integer(), fc.constant(null), oddObjects, injection);
    case 'uuidArray':
      return fc.oneof(fc.constant('x'), fc.array(fc.constantFrom('nope', 7, null), { minLength: 1, maxLength: 3 }), fc.constant(Array(200).fill('00000000-0000-4000-8000-000000000000')));
    case 'objectArray':
      return fc.oneof(fc.constant('x'), fc.constant(7), fc.array(fc.constantFrom<unknown>(null, 'x', 3, { nope: 1 }), { minLength: 1, maxLength: 3 }), fc.constant(Array(500).fill({})));
    case 'stringArray':
      return fc.oneof(fc.constant('x'), fc.constant(7), fc.array(fc.constantFrom<unknown>(null, 3, '', { a: 1 }), { minLength: 1, maxLength: 3 }), fc.constant(Array(101).fill('m')), fc.constant(['y'.repeat(501)]));
    case 'enum':
      return fc.oneof(fc.constantFrom('', 'ADMIN', 'unknown_value', 'draft; DELETE'), fc.integer(), fc.constant(null), oddObjects);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), fc.constant(null), oddObjects);
    case 'email':
      return fc.oneof(fc.constantFrom('not-an-email', '@', 'a@', ''), fc.integer(), fc.constant(null), hugeString.map((s) => `${s}@x.org`));
    case 'text':
      // Always longer than the field allows (default 5,000).
      return fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), oddObjects, fc.integer({ min: (field.max ?? 5_000) + 1, max: (field.max ?? 5_000) + 5_000 }).map((n) => 'x'.repeat(n)));
  }
}

/** A hostile body: a valid one with exactly one thing certainly wrong. */
export function hostileBody(valid: Record<string, unknown>, fields: FieldSpec[]): fc.Arbitrary<{ body: unknown; why: string }> {
  const wrongValue = fc
    .constantFrom(...fields)
    .chain((f) => invalidFor(f).map((v) => ({ body: { ...valid, [f.name]: v }, why: `${f.name} = ${JSON.stringify(v)?.slice(0, 60)}` })));
  const required = fields.filter((f) => f.required);
  const missing = fc.constantFrom(...(required.length ? required : fields)).map((f) => {
    const { [f.name]: _gone, ...rest } = valid;
    return { body: required.length ? rest : { ...valid, [f.name]: { nested: true } }, why: `missing ${f.name}` };
  });
  const extra = fc
    .tuple(fc.constantFrom('isAdmin', 'status', 'id', 'createdByUserId', 'budgetPence', 'version2', 'ünïcödé', '$where'), wrongScalar)
    .map(([k, v]) => ({ body: { ...valid, [k]: v }, why: `extra ${k}` }));
  const protoKey = fc.constant({ body: JSON.parse(`{"__proto__": {"role": "admin"}, ${JSON.stringify(valid).slice(1)}`), why: '__proto__ key' });
  const notAnObject = fc.constantFrom<unknown>([], 'string', 42, null, true).map((b) => ({ body: b, why: `body ${JSON.stringify(b)}` }));
  return fc.oneof(
    { weight: 6, arbitrary: wrongValue },
    { weight: 2, arbitrary: missing },
    { weight: 2, arbitrary: extra },
    { weight: 1, arbitrary: protoKey },
    { weight: 1, arbitrary: notAnObject },
  );
}
