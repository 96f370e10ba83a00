/**
 * The one error type the domain throws. `code` is a published API code (docs/api.md#errors) or a
 * generic kind (NOT_FOUND, VALIDATION, FORBIDDEN, CONFLICT); apps/api maps it to a status
 * in one filter. A published code is never renamed.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const CommonErrorCode = {
  NotFound: 'NOT_FOUND',
  Validation: 'VALIDATION',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
} as const;

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super(CommonErrorCode.NotFound, id ? `${entity} ${id} not found` : `${entity} not found`, { entity });
  }
}

export class ValidationError extends DomainError {
  constructor(field: string, message: string) {
    super(CommonErrorCode.Validation, `${field} ${message}`, { field });
  }
}
