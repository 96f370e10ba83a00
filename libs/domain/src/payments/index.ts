export * from './payment.entity.js';
export * from './payment.rules.js';
export * from './payment.errors.js';
export * from './payment.types.js';
export * from './payments.service.js';
export * from './payments.module.js';
export * from './payment-queue.service.js';
