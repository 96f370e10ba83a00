export * from './calendar-admin.service.js';
export * from './calendar.module.js';
