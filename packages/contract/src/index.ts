export * from './accounts.js';
export * from './common.js';
export * from './engagement.js';
export * from './events.js';
export * from './health.js';
export * from './notifications.js';
export * from './photos.js';
export * from './shares.js';
