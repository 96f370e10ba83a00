export * from './panel.types.js';
export * from './panel-pack.service.js';
export * from './reconciliation-summary.service.js';
export * from './panel.module.js';
