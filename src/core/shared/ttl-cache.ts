// A small in-process cache for read-mostly data. Every entry carries the version of its
// source read *before* the read (a counter bumped in this process after each committed
// change) and is served only while that version is current, so in one process a read that
// starts after a change was acknowledged never sees older data. Changes made by other
// processes bump nothing here: the time to live bounds how long they can go unseen.
// The map is bounded by a number of entries and, optionally, by a total weight (for example
// the bytes of kept answers); when either is reached, the oldest entries go first.

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
  weight: number;
}

/** A bound on the total weight of a cache's values (`weigh` gives each value's). */
export interface WeightBound<V> {
  weigh: (value: V) => number;
  maxWeight: number;
}

export class TtlCache<K, V> {
  private readonly map = new Map<K, Entry<V>>();
  private weightKept = 0;

  constructor(
    /** Milliseconds, or a function giving them (a cache whose versions see every change may live longer). */
    readonly ttlMs: number | (() => number),
    readonly maxEntries: number,
    private readonly bound?: WeightBound<V>,
  ) {}

  /** The total weight of the values kept (0 without a weight bound). */
  get weight(): number {
    return this.weightKept;
  }

  /** The value stored under `key` at `version`, if still fresh. */
  get(key: K, version = 0): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (e.version !== version || cacheNow() - e.at >= (typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs())) {
      this.delete(key);
      return undefined;
    }
    return e.value;
  }

  /**
   * Store a value read at `version`; `at` is when the read began (default: now). The oldest
   * entries make room; a value heavier than the whole bound is not kept.
   */
  set(key: K, value: V, version = 0, at = cacheNow()): void {
    const weight = this.bound ? this.bound.weigh(value) : 0;
    this.delete(key);
    if (this.bound && weight > this.bound.maxWeight) return;
    const maxWeight = this.bound ? this.bound.maxWeight - weight : Number.POSITIVE_INFINITY;
    while (this.map.size > 0 && (this.map.size >= this.maxEntries || this.weightKept > maxWeight)) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.map.set(key, { value, version, at, weight });
    this.weightKept += weight;
  }

  delete(key: K): void {
    const e = this.map.get(key);
    if (e === undefined) return;
    this.map.delete(key);
    this.weightKept -= e.weight;
  }

  clear(): void {
    this.map.clear();
    this.weightKept = 0;
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
