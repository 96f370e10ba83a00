export * from './year-end.entity.js';
export * from './year-end.rules.js';
export * from './year-end.errors.js';
export * from './year-end.types.js';
export * from './year-end.service.js';
export * from './year-end.module.js';
