import type { INestApplication } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
import type { RouteInfo } from '../helpers/routes.js';

/**
 * What a body field is, read from the DTO's own class-validator metadata, so the fuzz knows which
 * values are certainly wrong for it without a hand-written list per endpoint.
 */
export type FieldKind =
  | 'uuid'
  | 'text'
  | 'pattern'
  | 'pence'
  | 'int'
  | 'number'
  | 'date'
  | 'financialYear'
  | 'enum'
  | 'literal'
  | 'boolean'
  | 'email'
  | 'objectArray'
  | 'scalarArray'
  /** A field whose validation depends on the value's own type (a number, or text): only the certainly-wrong shapes are tried. */
  | 'mixed';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** null is accepted (optional fields, and `ValidateIf(v !== null)`). */
  nullable: boolean;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  /** enum and literal values */
  values?: unknown[];
  pattern?: RegExp;
  minItems?: number;
  maxItems?: number;
  /** scalarArray: what each element is */
  item?: FieldSpec;
  /** objectArray: the fields of each element (empty when the element class is unknown) */
  fields?: FieldSpec[];
}

/** A body is an object of fields, or (PUT /api/awards/:id/targets) a JSON array of objects. */
export interface BodyShape {
  root: 'object' | 'array';
  fields: FieldSpec[];
  maxItems?: number;
  /** The DTO class the shape was read from, for messages. */
  dto: string;
}

const KIND_BY_VALIDATOR: [string, FieldKind][] = [
  ['isPence', 'pence'],
  ['isCalendarDate', 'date'],
  ['isFinancialYear', 'financialYear'],
  ['isUuid', 'uuid'],
  ['isIn', 'enum'],
  ['equals', 'literal'],
  ['isBoolean', 'boolean'],
  ['isInt', 'int'],
  ['isNumber', 'number'],
  ['isEmail', 'email'],
  ['matches', 'pattern'],
  ['isString', 'text'],
];

const constraint = (metas: ValidationMetadata[], name: string): unknown => metas.find((m) => m.name === name)?.constraints?.[0];

function specOf(name: string, metas: ValidationMetadata[], cls: Function): FieldSpec {
  const own = metas.filter((m) => !m.each);
  const each = metas.filter((m) => m.each);
  const optional = metas.some((m) => m.name === 'isOptional');
  const conditions = metas.filter((m) => m.type === 'conditionalValidation' && m.name !== 'isOptional').map((m) => m.constraints[0] as (o: unknown, v: unknown) => boolean);
  const nullable = optional || conditions.some((c) => !c({}, null));
  // A condition that skips validation for some non-null values (e.g. numbers) makes the field's type value-dependent.
  const mixed = conditions.some((c) => !c({}, 5) || !c({}, 'x'));
  const spec: FieldSpec = { name, kind: 'text', required: !optional, nullable };
  const isArray = own.some((m) => m.name === 'isArray');
  if (isArray) {
    spec.minItems = constraint(own, 'arrayMinSize') as number | undefined;
    spec.maxItems = constraint(own, 'arrayMaxSize') as number | undefined;
    if (metas.some((m) => m.type === 'nestedValidation')) {
      const element = (plainToInstance(cls as never, { [name]: [{}] }) as Record<string, unknown[]>)[name]?.[0];
      const elementClass = element && (element as object).constructor !== Object ? (element as object).constructor : undefined;
      return { ...spec, kind: 'objectArray', fields: elementClass ? fieldsOf(elementClass) : [] };
    }
    return { ...spec, kind: 'scalarArray', item: scalar(name, each, { name, kind: 'text', required: true, nullable: false }) };
  }
  if (mixed) return { ...spec, kind: 'mixed', maxLength: constraint(own, 'maxLength') as number | undefined };
  return scalar(name, own, spec);
}

function scalar(name: string, metas: ValidationMetadata[], base: FieldSpec): FieldSpec {
  const kind = KIND_BY_VALIDATOR.find(([validator]) => metas.some((m) => m.name === validator))?.[1] ?? 'text';
  const spec: FieldSpec = { ...base, name, kind };
  const n = (v: unknown) => (v === undefined ? undefined : Number(v));
  spec.minLength = n(constraint(metas, 'minLength'));
  spec.maxLength = n(constraint(metas, 'maxLength'));
  spec.min = n(constraint(metas, 'min'));
  spec.max = n(constraint(metas, 'max'));
  if (kind === 'enum') spec.values = constraint(metas, 'isIn') as unknown[];
  if (kind === 'literal') spec.values = [constraint(metas, 'equals')];
  if (kind === 'pattern') spec.pattern = constraint(metas, 'matches') as RegExp;
  return spec;
}

/** The fields of a DTO class, in declaration order. */
export function fieldsOf(cls: Function): FieldSpec[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  return [...byProperty].map(([name, ms]) => specOf(name, ms, cls));
}

/**
 * The body shape of a route: its @Body() DTO class, or, for routes whose body is validated by a
 * pipe of their own (the outcomes routes), the DTO that pipe validates against.
 */
export function bodyShapeOf(app: INestApplication, route: RouteInfo): BodyShape | undefined {
  if (route.bodyType) return { root: 'object', fields: fieldsOf(route.bodyType), dto: route.bodyType.name };
  const [controllerName, method] = route.handler.split('.') as [string, string];
  const controller = app
    .get(DiscoveryService)
    .getControllers()
    .find((w) => w.name === controllerName)?.metatype as Function | undefined;
  if (!controller) return undefined;
  const args = (Reflect.getMetadata('__routeArguments__', controller, method) ?? {}) as Record<string, { pipes?: unknown[] }>;
  const body = Object.entries(args).find(([key]) => key.split(':')[0] === '3')?.[1];
  const pipe = body?.pipes?.find((p) => p && typeof p === 'object' && 'dto' in p) as { dto: Function; listField?: string } | undefined;
  if (!pipe) return undefined;
  const fields = fieldsOf(pipe.dto);
  if (!pipe.listField) return { root: 'object', fields, dto: pipe.dto.name };
  const list = fields.find((f) => f.name === pipe.listField);
  return { root: 'array', fields: list?.fields ?? [], maxItems: list?.maxItems, dto: `${pipe.dto.name}.${pipe.listField}` };
}
