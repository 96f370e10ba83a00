export * from './reconciliation-run.entity.js';
export * from './reconciliation.rules.js';
export * from './reconciliation.errors.js';
export * from './reconciliation.types.js';
export * from './reconciliation.service.js';
export * from './reconciliation.module.js';
