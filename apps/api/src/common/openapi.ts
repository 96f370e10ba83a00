import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { statusOfCode } from './error.filter.js';

/**
 * How the OpenAPI document describes answers, in one place: the error shape every 4xx shares,
 * which statuses and codes a route declares, paged lists and CSV alternatives. The domain takes
 * no Swagger decorators; response classes live beside each area's DTOs.
 */

/** The error shape of docs/api.md#errors, as ErrorFilter writes it. */
export class ErrorResponse {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty({ example: 'funding stream 3f0c... has 120000 pence remaining; 150000 requested' }) message: string;

  @ApiPropertyOptional({ example: 'BUDGET_EXCEEDED', description: 'present on domain refusals; published codes are never renamed' })
  code?: string;

  @ApiPropertyOptional({ example: 'amountPence', description: 'the offending field, when one can be named' })
  field?: string;
}

const REASON: Record<number, string> = {
  400: 'Invalid input: the message names the field (unknown fields are refused too); nothing is written',
  401: 'No valid access token (missing, expired or revoked)',
  403: 'The caller\'s role may not do this',
  404: 'No such row, or one of another organisation (a partner cannot tell the two apart)',
  409: 'Refused by a rule of the domain; `code` says which',
  413: 'The body is over 1 MB',
  415: 'The body is not JSON',
  429: 'Too many requests; Retry-After says when to try again (`code: RATE_LIMITED`)',
};

type ErrorsArg = number | string | Record<number, string>;

/**
 * The error answers a route can give: statuses (numbers) and domain codes (strings). Each code is
 * filed under the status ErrorFilter gives it (STALE_VERSION -> 409, ON_BEHALF_REQUIRED -> 403),
 * so the document and the filter cannot disagree. `{ 401: '...' }` documents a status with its own description.
 *
 *   @ApiErrors(400, 404, 'BUDGET_EXCEEDED', 'INVALID_TRANSITION')
 */
export function ApiErrors(...args: ErrorsArg[]): MethodDecorator & ClassDecorator {
  const codes = new Map<number, string[]>();
  const texts = new Map<number, string>();
  for (const arg of args) {
    if (typeof arg === 'number') codes.set(arg, codes.get(arg) ?? []);
    else if (typeof arg === 'string') {
      const status = statusOfCode(arg);
      codes.set(status, [...(codes.get(status) ?? []), arg]);
    } else {
      for (const [status, text] of Object.entries(arg)) {
        codes.set(Number(status), codes.get(Number(status)) ?? []);
        texts.set(Number(status), text);
      }
    }
  }
  const decorators = [...codes].map(([status, list]) => {
    const base = texts.get(status) ?? REASON[status] ?? 'Refused';
    const description = list.length ? `${base}. Codes: ${list.join(', ')}` : base;
    const schema = list.length
      ? { allOf: [{ $ref: getSchemaPath(ErrorResponse) }, { type: 'object' as const, properties: { code: { type: 'string' as const, enum: list } } }] }
      : { $ref: getSchemaPath(ErrorResponse) };
    return ApiResponse({ status, description, content: { 'application/json': { schema } } });
  });
  return applyDecorators(ApiExtraModels(ErrorResponse), ...decorators) as MethodDecorator & ClassDecorator;
}

const API_RESPONSE = 'swagger/apiResponse';

/**
 * ApiErrors for what every route of a kind answers (401 and 403 from @Roles): a route's own
 * description of the same status wins, whichever decorator runs first.
 */
export function ApiErrorsUnlessDeclared(...args: ErrorsArg[]): MethodDecorator & ClassDecorator {
  const decorate = ApiErrors(...args);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? descriptor.value : target;
    const declared = (Reflect.getMetadata(API_RESPONSE, holder) ?? {}) as Record<string, unknown>;
    (decorate as (t: object, k?: string | symbol, d?: PropertyDescriptor) => void)(target, key, descriptor);
    Reflect.defineMetadata(API_RESPONSE, { ...Reflect.getMetadata(API_RESPONSE, holder), ...declared }, holder);
    return descriptor;
  }) as MethodDecorator & ClassDecorator;
}

/**
 * A list page `{items, total, page, pageSize}` (docs/api.md#paging) of `item`, as a named schema
 * (`AwardPage` for `AwardResponse`).
 */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; total: number; page: number; pageSize: number }> {
  class Page {
    items: T[];
    total: number;
    page: number;
    pageSize: number;
  }
  ApiProperty({ type: [item] })(Page.prototype, 'items');
  ApiProperty({ type: Number, example: 9, description: 'rows matching the filters, on every page' })(Page.prototype, 'total');
  ApiProperty({ type: Number, example: 1 })(Page.prototype, 'page');
  ApiProperty({ type: Number, example: 50 })(Page.prototype, 'pageSize');
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  return Page;
}

/** 200 with `type` as JSON, or the same table as CSV when the query says `format=csv`. */
export function ApiOkJsonOrCsv(type: Type<unknown>, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description: `${description}; with \`format=csv\` the same table as CSV (an attachment)`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string', description: 'a header row, then one row per line of the table' } },
      },
    }),
  );
}

// The rest of the vocabulary controllers use, so one import line brings all of it.
export { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';

/** For @ApiHeader on a PATCH that reads `If-Match` (see if-match.ts). */
export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'the version you read, e.g. "3" (or `version` in the body); a stale one is 409 STALE_VERSION' };

/** For @ApiHeader on a POST that takes @IdempotencyKey(). */
export const IDEMPOTENCY_KEY_HEADER = { name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body; the same key with another body is 409 IDEMPOTENCY_MISMATCH' };

/**
 * The type of a body field declared `T | null`: TypeScript's metadata calls such a field Object, so
 * the document would say "object". Put it above the field's other decorators; it keeps their
 * description, example and `required`.
 */
export const ApiNullable = (type: 'string' | 'integer' | 'number' | 'boolean', format?: string) => ApiProperty({ type, nullable: true, ...(format ? { format } : {}) });
