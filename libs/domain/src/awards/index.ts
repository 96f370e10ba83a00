export * from './award.entity.js';
export * from './award-list.js';
export * from './award-overview.js';
export * from './award.errors.js';
export * from './award.types.js';
export * from './awards.service.js';
export * from './awards.module.js';
