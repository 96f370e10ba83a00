export * from './user.entity.js';
export * from './user.types.js';
export * from './user.rules.js';
export * from './users.service.js';
export * from './refresh-token.entity.js';
export * from './refresh-tokens.service.js';
export * from './login-attempts.service.js';
export * from './users.module.js';
