export * from './outcome-framework.entity.js';
export * from './award-target.entity.js';
export * from './outcomes.rules.js';
export * from './outcomes.errors.js';
export * from './outcomes.types.js';
export * from './outcomes.service.js';
export * from './outcomes.module.js';
export * from './victims-framework.example.js';
