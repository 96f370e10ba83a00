export * from './entities.js';
export * from './data-source.js';
export * from './pg-error-routes.js';
