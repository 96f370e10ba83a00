export * from './document.entity.js';
export * from './document.rules.js';
export * from './document.errors.js';
export * from './document.types.js';
export * from './documents.service.js';
export * from './documents.module.js';
