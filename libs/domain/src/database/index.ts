export * from './entities.js';
export * from './data-source.js';
