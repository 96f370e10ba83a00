import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';

/** What the API extracted from an `Idempotency-Key` request: the key, where it was used, the body's hash. */
export interface IdempotentRequest {
  key: string;
  /** Method and path, e.g. `POST /api/awards/<id>/payments`: one key is one operation. */
  scope: string;
  requestHash: string;
}

const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * Idempotency-Key for POSTs that create money rows (docs/api.md#idempotency-keys). Runs `work` inside the caller's
 * transaction after claiming the key in the same transaction:
 * - first use: the key row is inserted, `work` runs, its result is stored with the key;
 * - same key and same request again: the stored result is returned and nothing is written;
 * - same key, other request: 409 IDEMPOTENCY_MISMATCH.
 * A concurrent duplicate blocks on the key's primary key until the first transaction ends,
 * then replays its result (or, if the first rolled back, does the work itself): one row, always.
 */
@Injectable()
export class IdempotencyService {
  async within<T>(tx: EntityManager, actor: Actor, request: IdempotentRequest | undefined, work: () => Promise<T>): Promise<T> {
    if (!request) return work();
    const user = actor.userId ?? NO_USER;
    const claimed = (await tx.query(
      `INSERT INTO idempotency_key (actor_user_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (actor_user_id, key) DO NOTHING RETURNING key`,
      [user, request.key, request.scope, request.requestHash],
    )) as unknown[];
    if (claimed.length === 0) {
      const [previous] = (await tx.query(`SELECT scope, request_hash, response_body FROM idempotency_key WHERE actor_user_id = $1 AND key = $2`, [
        user,
        request.key,
      ])) as { scope: string; request_hash: string; response_body: T }[];
      if (!previous || previous.scope !== request.scope || previous.request_hash !== request.requestHash) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', `Idempotency-Key ${request.key} was already used for a different request`, { field: 'Idempotency-Key' });
      }
      return previous.response_body;
    }
    const result = await work();
    await tx.query(`UPDATE idempotency_key SET response_body = $3 WHERE actor_user_id = $1 AND key = $2`, [user, request.key, JSON.stringify(result)]);
    return result;
  }
}
