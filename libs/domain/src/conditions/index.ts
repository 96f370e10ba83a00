export * from './condition.entity.js';
export * from './condition-template.entity.js';
export * from './condition.rules.js';
export * from './condition.errors.js';
export * from './condition.types.js';
export * from './conditions.service.js';
export * from './conditions.module.js';
