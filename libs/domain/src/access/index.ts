export * from './role.js';
export * from './actor.js';
export * from './partner-scope.js';
export * from './partner-rls.interceptor.js';
