import { describe, expect, it } from 'vitest';
import { SignedUrlCache } from './url-cache.js';

describe('SignedUrlCache', () => {
  it('signs an object once per expiry window', () => {
    const cache = new SignedUrlCache(10);
    let signed = 0;
    const sign = () => `url-${++signed}`;
    expect(cache.signed('photos/a/thumb.webp', 100, sign)).toBe('url-1');
    expect(cache.signed('photos/a/thumb.webp', 100, sign)).toBe('url-1');
    // A new window is a new expiry, so a new signature.
    expect(cache.signed('photos/a/thumb.webp', 200, sign)).toBe('url-2');
    expect(cache.signed('photos/b/thumb.webp', 200, sign)).toBe('url-3');
    expect(signed).toBe(3);
  });

  it('keeps at most two generations, carrying forward what is still asked for', () => {
    const cache = new SignedUrlCache(2);
    let signed = 0;
    const sign = () => `url-${++signed}`;
    cache.signed('a', 1, sign); // newer: a
    cache.signed('b', 1, sign); // newer: a, b
    cache.signed('c', 1, sign); // older: a, b; newer: c
    expect(cache.signed('a', 1, sign)).toBe('url-1'); // from the older generation, carried forward
    cache.signed('d', 1, sign); // older: c, a; newer: d — b is gone
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe('url-1');
    expect(signed).toBe(4);
  });
});
