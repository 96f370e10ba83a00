export * from './reports.types.js';
export * from './report-tables.js';
export * from './outcomes-disclosure.js';
export * from './reports.service.js';
export * from './grants-publication.service.js';
export * from './grants-publication.errors.js';
export * from './reports.module.js';
export * from './officer-work.service.js';
