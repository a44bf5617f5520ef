export * from './accounts.js';
export * from './common.js';
export * from './health.js';
