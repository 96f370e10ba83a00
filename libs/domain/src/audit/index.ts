export * from './audit-entry.entity.js';
export * from './audit.service.js';
export * from './audit.types.js';
export * from './audit.module.js';
