export * from './plan-objective.entity.js';
export * from './objectives.service.js';
export * from './objectives.module.js';
