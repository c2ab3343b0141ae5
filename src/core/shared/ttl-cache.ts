// A small in-process cache for read-mostly data. Every entry carries the version of its
// source read *before* the read (a counter bumped in this process after each committed
// change) and is served only while that version is current, so in one process a read that
// starts after a change was acknowledged never sees older data. Changes made by other
// processes bump nothing here: the time to live bounds how long they can go unseen.
// The map is bounded; when full, the oldest entry goes first.

let clockOverride: (() => number) | undefined;

/** Milliseconds on a monotonic clock; tests may replace it with {@link setCacheClock}. */
export function cacheNow(): number {
  return clockOverride ? clockOverride() : performance.now();
}

/** Replace the clock of every TtlCache (tests only); `undefined` restores the real one. */
export function setCacheClock(clock: (() => number) | undefined): void {
  clockOverride = clock;
}

interface Entry<V> {
  value: V;
  version: number;
  at: number;
}

export class TtlCache<K, V> {
  private readonly map = new Map<K, Entry<V>>();

  constructor(
    /** Milliseconds, or a function giving them (a cache whose versions see every change may live longer). */
    readonly ttlMs: number | (() => number),
    readonly maxEntries: number,
  ) {}

  /** The value stored under `key` at `version`, if still fresh. */
  get(key: K, version = 0): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (e.version !== version || cacheNow() - e.at >= (typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs())) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Store a value read at `version`; `at` is when the read began (default: now). */
  set(key: K, value: V, version = 0, at = cacheNow()): void {
    if (!this.map.has(key) && this.map.size >= this.maxEntries) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, { value, version, at });
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** Read-through: the cached value, or `load()` stored under the version and time taken before it ran. */
export async function cached<K, V>(
  cache: TtlCache<K, V>,
  key: K,
  version: () => number,
  load: () => Promise<V>,
): Promise<V> {
  const v = version();
  const hit = cache.get(key, v);
  if (hit !== undefined) return hit;
  const at = cacheNow();
  const value = await load();
  cache.set(key, value, v, at);
  return value;
}
