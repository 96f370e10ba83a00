export * from './funding-source.entity.js';
export * from './funding-stream.entity.js';
export * from './funding-stream-source.entity.js';
export * from './funding.types.js';
export * from './funding.errors.js';
export * from './funding.service.js';
export * from './funding.module.js';
export * from './funding.rules.js';
