export * from './idempotency.service.js';
export * from './idempotency.module.js';
