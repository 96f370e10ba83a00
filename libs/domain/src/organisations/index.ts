export * from './organisation.entity.js';
export * from './organisation.types.js';
export * from './organisations.service.js';
export * from './organisations.module.js';
