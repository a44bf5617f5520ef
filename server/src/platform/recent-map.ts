/**
 * A bounded map of what was used recently, for values that are costly to make and cheap to keep:
 * signed URLs (one HMAC or S3 presign each, the same within an expiry window) and verified access
 * tokens (a WebCrypto verify each, the same until they expire).
 *
 * Two generations instead of an LRU list: lookups hit the newer map, then the older one (and are
 * carried forward); when the newer map is full, the older one is dropped. Memory stays under
 * `2 × perGeneration` entries, and a hit costs one or two Map lookups.
 */
export class RecentMap<V> {
  private newer = new Map<string, V>();
  private older = new Map<string, V>();

  constructor(private readonly perGeneration = 10_000) {}

  get(key: string): V | undefined {
    const hit = this.newer.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.newer.size >= this.perGeneration) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }

  /** `get`, else `make` and `set`: for values made without an await. */
  getOrMake(key: string, make: () => V): V {
    const known = this.get(key);
    if (known !== undefined) return known;
    const value = make();
    this.set(key, value);
    return value;
  }
}
