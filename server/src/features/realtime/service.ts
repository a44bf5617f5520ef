/**
 * Live notifications: the sockets people keep open, and what a commit announces on them. Other
 * features never call these; they record facts, and `side-effects.ts` hands the commit here.
 */

export type { SocketFormat } from './original-format.js';
export { announceCommitted } from './push.js';
export { type SocketSession, serveSocket } from './socket.js';
