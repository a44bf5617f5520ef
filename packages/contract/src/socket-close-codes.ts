/**
 * Close codes of `/api/ws/notifications/`: 4001 token expired (refresh and reconnect), 4003
 * sign-in ended, 4029 too many sockets for this account. A module of its own, free of zod, so a
 * client that only needs the codes does not bundle the schemas.
 */
export const WS_CLOSE = { tokenExpired: 4001, signedOut: 4003, tooManySockets: 4029 } as const;
