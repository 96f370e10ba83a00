import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isFinancialYear } from '#platform/index.js';

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

/**
 * Whitelist, refuse unknown fields, and never coerce body values (a money string stays a string
 * and is refused). The answer names each offending field: `{message, errors: [{field, messages}]}`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
