export * from './geo-codes.js';
