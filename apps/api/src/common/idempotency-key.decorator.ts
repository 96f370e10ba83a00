import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IdempotentRequest } from '#domain/index.js';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Stable JSON: the same body with keys in another order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Reads the optional `Idempotency-Key` header of a POST that creates money rows: the key, the
 * operation (method and path) and a hash of the body. Undefined when the header is absent.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotentRequest | undefined => {
  const req = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown>; method: string; originalUrl: string; body: unknown }>();
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new BadRequestException({ message: 'Idempotency-Key must be 1-200 visible ASCII characters', errors: [{ field: 'Idempotency-Key', messages: ['invalid'] }] });
  }
  const path = req.originalUrl.split('?')[0];
  return { key, scope: `${req.method} ${path}`, requestHash: createHash('sha256').update(canonical(req.body)).digest('hex') };
});
