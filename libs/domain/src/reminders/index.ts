export * from './notification.entity.js';
export * from './reminder.rules.js';
export * from './reminder-wording.js';
export * from './reminders.service.js';
export * from './reminders.module.js';
export * from './escalation.rules.js';
export type { UndeliverableEscalation } from './undeliverable-escalations.query.js';
