import fc from 'fast-check';
import type { UploadForm } from '../fixtures/document-scenarios.js';
import { multipart, type Part } from '../fixtures/documents/multipart.js';
import * as sample from '../fixtures/documents/sample-files.js';
import { INJECTIONS, UNUSUAL_UNICODE } from './hostile-values.js';

/**
 * Hostile multipart uploads for the document routes, built from the scenario's valid upload:
 * odd or hostile file names and field values (may be accepted, must never be a 5xx), and
 * requests that must be refused (a file of a refused type, no file, two, an unknown or wrong
 * field, a broken body).
 */
export interface HostileUpload {
  why: string;
  body: Buffer;
  contentType: string;
  mustRefuse: boolean;
}

const oddText = fc.oneof(fc.constantFrom(...INJECTIONS, ...UNUSUAL_UNICODE), fc.string({ maxLength: 120 }), fc.constant('x'.repeat(180)));
const fileNames = fc.oneof(oddText, fc.constantFrom('', '.', '..', '../../etc/passwd', 'C:\\boot.ini', `${'n'.repeat(400)}.pdf`, 'a.pdf\u0000.exe', '.htaccess'), fc.string({ maxLength: 300 }));

/** Contents that are never an accepted file. */
const REFUSED_CONTENTS: [string, () => Buffer][] = [
  ['a Windows program', sample.exe],
  ['a web page', sample.html],
  ['a plain zip', sample.plainZip],
  ['a macro-enabled document', sample.docm],
  ['an empty file', () => Buffer.alloc(0)],
  ['NUL bytes', () => Buffer.alloc(64)],
];

type Variation = { why: string; parts: (valid: UploadForm) => Part[]; mustRefuse: boolean; contentType?: (real: string) => string; cut?: number };

const fieldsOf = (form: UploadForm, extra: Record<string, string> = {}): Part[] => Object.entries({ ...form.fields, ...extra }).map(([name, value]) => ({ name, value }));
const fileOf = (form: UploadForm, over: Partial<{ filename: string; content: Buffer }> = {}): Part => ({ name: 'file', filename: over.filename ?? form.file.name, content: over.content ?? form.file.content });

const variations: fc.Arbitrary<Variation> = fc.oneof(
  fileNames.map((name): Variation => ({ why: `file name ${JSON.stringify(name).slice(0, 60)}`, parts: (v) => [...fieldsOf(v), fileOf(v, { filename: name })], mustRefuse: name === '' })),
  fc.record({ field: fc.constantFrom('title', 'purpose', 'onBehalf'), value: oddText }).map(({ field, value }): Variation => ({
    why: `${field} = ${JSON.stringify(value).slice(0, 60)}`,
    parts: (v) => [...fieldsOf(v, { [field]: value }), fileOf(v)],
    // purpose and onBehalf take a few exact words; a title is free text up to 200 characters.
    mustRefuse: field !== 'title' || value.trim() === '' || value.length > 200,
  })),
  fc.constantFrom(...REFUSED_CONTENTS).map(([what, make]): Variation => ({ why: `content: ${what}`, parts: (v) => [...fieldsOf(v), fileOf(v, { content: make() })], mustRefuse: true })),
  fc.uint8Array({ maxLength: 2048 }).map((bytes): Variation => ({ why: `${bytes.length} random bytes named .bin`, parts: (v) => [...fieldsOf(v), fileOf(v, { filename: 'random.bin', content: Buffer.from(bytes) })], mustRefuse: true })),
  fc.constantFrom('__proto__', 'constructor', '__proto__[polluted]', 'constructor[prototype][polluted]', 'role', 'awardId', 'a[b]', 'file[]', '').map((name): Variation => ({
    why: `an extra field named ${JSON.stringify(name)}`,
    parts: (v) => [...fieldsOf(v), { name, value: 'true' }, fileOf(v)],
    mustRefuse: true,
  })),
  fc.constantFrom<Variation>(
    { why: 'no file', parts: (v) => fieldsOf(v), mustRefuse: true },
    { why: 'two files', parts: (v) => [...fieldsOf(v), fileOf(v), fileOf(v)], mustRefuse: true },
    { why: 'the file in another field', parts: (v) => [...fieldsOf(v), { ...fileOf(v), name: 'document' }], mustRefuse: true },
    { why: 'the file as a text field', parts: (v) => [...fieldsOf(v), { name: 'file', value: v.file.content.toString('latin1') }], mustRefuse: true },
    { why: 'a title of 9 KB', parts: (v) => [...fieldsOf(v, { title: 't'.repeat(9 * 1024) }), fileOf(v)], mustRefuse: true },
    { why: 'twelve fields', parts: (v) => [...Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, value: 'x' })), fileOf(v)], mustRefuse: true },
    { why: 'a body cut short', parts: (v) => [...fieldsOf(v), fileOf(v)], mustRefuse: true, cut: 40 },
    { why: 'a boundary the body does not use', parts: (v) => [...fieldsOf(v), fileOf(v)], mustRefuse: true, contentType: () => 'multipart/form-data; boundary=elsewhere' },
    { why: 'no boundary', parts: (v) => [...fieldsOf(v), fileOf(v)], mustRefuse: true, contentType: () => 'multipart/form-data' },
  ),
);

export function hostileUploads(valid: UploadForm): fc.Arbitrary<HostileUpload> {
  return variations.map((v) => {
    const built = multipart(v.parts(valid));
    return {
      why: v.why,
      body: v.cut ? built.body.subarray(0, built.body.length - v.cut) : built.body,
      contentType: v.contentType ? v.contentType(built.contentType) : built.contentType,
      mustRefuse: v.mustRefuse,
    };
  });
}
