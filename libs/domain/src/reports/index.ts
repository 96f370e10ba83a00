export * from './reports.service.js';
export * from './reports.module.js';
