import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The 360Giving 1.4.3 schemas, copied into test/fixtures/360giving (see its README). */
const FIXTURES = join(process.cwd(), 'test', 'fixtures', '360giving');
/** The id the package schema uses to refer to the grant schema. */
const GRANT_SCHEMA_1_4_2 = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';

function load(file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
  // The schemas name the http:// meta-schema; Ajv's 2020-12 build knows it as https://.
  delete schema['$schema'];
  return schema;
}

export interface PackageValidation {
  valid: boolean;
  errors: ErrorObject[];
}

/** A validator of 360Giving packages, strict Ajv 8 (draft 2020-12) with formats. */
export function giving360PackageValidator(): (pkg: unknown) => PackageValidation {
  // CommonJS packages under nodenext: the class is the default export's `default`.
  const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
  addFormats.default(ajv);
  // 360Giving's own annotations: they describe spreadsheets and code lists, they do not validate.
  for (const keyword of ['rollUp', 'codelist', 'openCodelist']) ajv.addKeyword({ keyword, schemaType: ['array', 'string', 'boolean'] });
  const grant = load('360-giving-schema.json');
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: GRANT_SCHEMA_1_4_2 });
  const validate = ajv.compile(load('360-giving-package-schema.json'));
  return (pkg) => {
    const valid = validate(pkg) as boolean;
    return { valid, errors: validate.errors ?? [] };
  };
}
