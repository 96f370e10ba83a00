import { createHash, randomUUID } from 'node:crypto';
import type { IdempotentRequest } from '#domain/index.js';
import type { WebRequest } from './web-request.js';

/** The hidden field every money form carries (docs/web-contract.md#conventions: a double submit creates one row). */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';

/** A fresh key for a form as it is rendered: the same page submitted twice sends the same key. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

const KEY = /^[0-9a-f-]{36}$/;

/**
 * The domain's IdempotentRequest for a money form's POST: the key the form was rendered with, the
 * route as scope, and a hash of what was typed (the CSRF token and the key itself left out, so a
 * back-and-resubmit with a renewed token still matches). Undefined without a well-formed key: the
 * write then happens as an ordinary one (the key is an enhancement against duplicates, not a gate).
 */
export function idempotentRequest(req: WebRequest): IdempotentRequest | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const key = body[IDEMPOTENCY_FIELD];
  if (typeof key !== 'string' || !KEY.test(key)) return undefined;
  const fields = Object.keys(body)
    .filter((name) => name !== '_csrf' && name !== IDEMPOTENCY_FIELD)
    .sort()
    .map((name) => [name, body[name]]);
  return { key, scope: `web ${req.method} ${req.path}`, requestHash: createHash('sha256').update(JSON.stringify(fields)).digest('hex') };
}
