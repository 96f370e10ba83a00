export * from './notification.entity.js';
export * from './reminder.rules.js';
export * from './reminder-wording.js';
export * from './notifications.service.js';
export * from './notifications.module.js';
export * from './escalation.rules.js';
export type { UndeliverableEscalation } from './undeliverable-escalations.query.js';
