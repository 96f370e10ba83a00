import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { isUUID, registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isFinancialYear } from '#platform/index.js';
import { IdParam } from './common.dto.js';

interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints
      ? [{ field, messages: Object.values(e.constraints).map((m) => (m.startsWith(`${e.property} `) ? `${field}${m.slice(e.property.length)}` : m)) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** NUL, and a UTF-16 surrogate without its pair: PostgreSQL text and jsonb cannot hold either. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first field (`values.0.narrative`) whose text could not be stored, if any. */
function unstorableField(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || 'body' : undefined;
  // Deeper than any DTO goes: validation refuses such a structure anyway.
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = unstorableField(item, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * `/:id` holding exactly a UUID, the one check IdParam declares (`@IsUUID('all')`): answered
 * without class-transformer and class-validator, which cost ~7% of the API's CPU for GET
 * /api/awards/:id (test/bench/FINDINGS.md, api, round 6). Anything else takes the full path,
 * so every refusal keeps its message and field.
 */
function isValidIdParam(value: unknown): value is { id: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const id = (value as { id?: unknown }).id;
  return keys.length === 1 && keys[0] === 'id' && typeof id === 'string' && isUUID(id, 'all');
}

/**
 * Refuses text the database cannot store before anything reads it: otherwise a NUL or a lone
 * surrogate in any free-text field passes validation and fails at the INSERT (or in the audit
 * row's jsonb) as a 500 (found by test/e2e/hostile-input).
 */
class StorableInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && metadata.metatype === IdParam && isValidIdParam(value)) return Object.assign(new IdParam(), value);
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const field = unstorableField(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (field) {
        const message = `${field} must not contain NUL characters or unpaired UTF-16 surrogates`;
        throw new BadRequestException({ message, errors: [{ field, messages: [message] }], code: 'VALIDATION' });
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * Whitelist, refuse unknown fields, and never coerce body values (a money string stays a string
 * and is refused). The answer names each offending field: `{message, errors: [{field, messages}]}`.
 */
export function createValidationPipe(): ValidationPipe {
  return new StorableInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({ message: fields.map((f) => f.messages[0]).join('; '), errors: fields, code: 'VALIDATION' });
    },
  });
}

/** Money: a non-negative safe integer of pence; strings, fractions and floats are refused. */
export function IsPence(options?: ValidationOptions & { allowNegative?: boolean }) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPence',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a ${options?.allowNegative ? '' : 'non-negative '}whole number of pence (a safe integer)`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && (options?.allowNegative || v >= 0) },
    });
}

export function IsFinancialYear(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isFinancialYear',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a UK financial year like 2014/15 (consecutive years)`, ...options },
      validator: { validate: (v: unknown) => isFinancialYear(v) },
    });
}

export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real calendar date written YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => isCalendarDate(v) },
    });
}
