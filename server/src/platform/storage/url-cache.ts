/**
 * Signed URLs, remembered for as long as they are the URL a new signature would give. Expiries are
 * rounded to a window (`stableExpiry`), so within one window signing the same object again yields
 * the very same URL: a feed page signed 50 thumbnails and 50 avatars per request, each an HMAC (or
 * an S3 presign) and a URLSearchParams, for answers that had not changed.
 *
 * Two generations instead of an LRU list: lookups hit the newer map, then the older one (and are
 * copied forward); when the newer map is full, the older one is dropped. Memory stays under
 * `2 × perGeneration` entries (~250 bytes each), and a hit costs one or two Map lookups.
 */
export class SignedUrlCache {
  private newer = new Map<string, string>();
  private older = new Map<string, string>();

  constructor(private readonly perGeneration = 10_000) {}

  /** The URL remembered for `id` in expiry window `window`, if any. */
  get(id: string, window: number): string | undefined {
    const key = `${window}\n${id}`;
    const hit = this.newer.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.remember(key, old);
    return old;
  }

  set(id: string, window: number, url: string): void {
    this.remember(`${window}\n${id}`, url);
  }

  /** `get`, else `sign` and `set`: for signers that need no await. */
  signed(id: string, window: number, sign: () => string): string {
    const known = this.get(id, window);
    if (known !== undefined) return known;
    const url = sign();
    this.set(id, window, url);
    return url;
  }

  private remember(key: string, url: string) {
    if (this.newer.size >= this.perGeneration) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, url);
  }
}
