/** Likes and comment threads: the use cases its routes call. */

export * as comments from './comments.js';
export { like, likers, unlike } from './likes.js';
