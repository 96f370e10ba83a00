export * from './award.entity.js';
export * from './award.rules.js';
export * from './award-ledger.js';
export * from './award-ledger.service.js';
export * from './award-ledger.module.js';
