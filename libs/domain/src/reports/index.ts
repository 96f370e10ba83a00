export * from './reports.service.js';
export * from './grants-publication.service.js';
export * from './grants-publication.errors.js';
export * from './reports.module.js';
