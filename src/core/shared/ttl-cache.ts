// A small in-process cache for read-mostly data. Every entry carries the version of its
// source read *before* the read (a counter bumped in this process after each committed
// change) and is served only while that version is current, so in one process a read that
// starts after a change was acknowledged never sees older data. Changes made by other
// processes bump nothing here: the time to live bounds how long they can go unseen.
// The map is bounded by a number of entries and, optionally, by a total weight (for example
// the bytes of kept answers); when either is reached, the oldest entries go first.
//
// The oldest entry is found through a queue of entries in the order they were set, not by
// iterating the Map: V8 leaves a deleted entry's place in a Map's table until the table is
// rebuilt, and an iteration walks over every such place, so a full cache that drops its first
// entry on every set walked tens of thousands of them each time (17 µs a set at 50,000
// entries, 39 µs at 500,000, against 1.6 µs now; docs/performance.md, fifteenth pass).

let clockOverride: (() => number) | undefined;

/** Milliseconds on a monotonic clock; tests may replace it with {@link setCacheClock}. */
export function cacheNow(): number {
  return clockOverride ? clockOverride() : performance.now();
}

/** Replace the clock of every TtlCache (tests only); `undefined` restores the real one. */
export function setCacheClock(clock: (() => number) | undefined): void {
  clockOverride = clock;
}

interface Entry<K, V> {
  key: K;
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
  private readonly map = new Map<K, Entry<K, V>>();
  /**
   * Every entry in the order it was set, from `head`; an entry no longer in the map (replaced,
   * deleted) is skipped when reached, and the queue is rebuilt when such entries outnumber the
   * map's (so it never holds more than about twice the entries kept). A deleted entry's value
   * is let go at once, so the skipped ones hold only their keys.
   */
  private order: (Entry<K, V> | undefined)[] = [];
  private head = 0;
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

  /** Whether a value read at `at` (the cache clock) is still within the time to live. */
  withinTtl(at: number): boolean {
    return cacheNow() - at < (typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs());
  }

  /** The value stored under `key` at `version`, if still fresh. */
  get(key: K, version = 0): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    if (e.version !== version || !this.withinTtl(e.at)) {
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
    while (this.map.size > 0 && (this.map.size >= this.maxEntries || this.weightKept > maxWeight))
      if (!this.dropOldest()) break;
    const entry = { key, value, version, at, weight };
    this.map.set(key, entry);
    this.order.push(entry);
    this.weightKept += weight;
    // Rebuilt when the entries skipped or already passed would outgrow the ones kept.
    if (
      this.order.length - this.head > 2 * this.map.size + 64 ||
      (this.head > 1024 && this.head * 2 > this.order.length)
    )
      this.rebuildOrder();
  }

  /** Delete the entry set longest ago that is still kept; false if there was none. */
  private dropOldest(): boolean {
    let dropped = false;
    while (!dropped && this.head < this.order.length) {
      const e = this.order[this.head];
      this.order[this.head++] = undefined;
      if (e !== undefined && this.map.get(e.key) === e) {
        this.delete(e.key);
        dropped = true;
      }
    }
    return dropped;
  }

  /** The queue of the entries kept, in the order they were set, and nothing else. */
  private rebuildOrder(): void {
    const live: Entry<K, V>[] = [];
    for (let i = this.head; i < this.order.length; i++) {
      const e = this.order[i];
      if (e !== undefined && this.map.get(e.key) === e) live.push(e);
    }
    this.order = live;
    this.head = 0;
  }

  delete(key: K): void {
    const e = this.map.get(key);
    if (e === undefined) return;
    this.map.delete(key);
    this.weightKept -= e.weight;
    // The queue may hold this entry a while longer: let its value (an answer's text) go now.
    e.value = undefined as V;
  }

  clear(): void {
    this.map.clear();
    this.order = [];
    this.head = 0;
    this.weightKept = 0;
  }
}

/** A load under way (see {@link LoadsUnderWay}): the version and time taken before it began. */
export interface Load<T, X> {
  version: number;
  started: number;
  /** What else a caller must check before waiting for it. */
  extra: X;
  value: Promise<T>;
}

/**
 * Loads under way, by key, for the callers that miss a cache's entry together: one that misses
 * while a load of the key is under way at the same version, begun within the cache's time to
 * live, may wait for that load (what a kept entry read at that moment would give it) instead
 * of loading again. When an entry goes, every request for it misses at once, and each would
 * otherwise run the same query (on PostgreSQL, queued on the pool). A load begun before a
 * change acknowledged in this process has an older version, so a request after the change
 * never waits for it.
 */
export class LoadsUnderWay<K, T, X = undefined> {
  private readonly loads = new Map<K, Load<T, X>>();

  constructor(private readonly cache: Pick<TtlCache<K, unknown>, 'withinTtl'>) {}

  /** The load of `key` a caller at `version` may wait for, if one is under way. */
  joinable(key: K, version: number): Load<T, X> | undefined {
    const l = this.loads.get(key);
    return l !== undefined && l.version === version && this.cache.withinTtl(l.started) ? l : undefined;
  }

  /** `value`, announced as the load of each of `keys` (at its version) until it settles. */
  async track(
    keys: readonly K[],
    versionOf: (key: K) => number,
    started: number,
    extra: X,
    value: Promise<T>,
  ): Promise<T> {
    const mine = keys.map((key) => {
      const l: Load<T, X> = { version: versionOf(key), started, extra, value };
      this.loads.set(key, l);
      return l;
    });
    try {
      return await value;
    } finally {
      // Forgotten unless a newer load of the key has taken its place meanwhile.
      keys.forEach((key, i) => {
        if (this.loads.get(key) === mine[i]) this.loads.delete(key);
      });
    }
  }
}

const loadsOf = new WeakMap<object, LoadsUnderWay<unknown, unknown>>();

/**
 * Read-through: the cached value, or `load()` stored under the version and time taken before it
 * ran. Callers that miss together wait for one load ({@link LoadsUnderWay}); a load that fails
 * fails for all of them.
 */
export async function cached<K, V>(
  cache: TtlCache<K, V>,
  key: K,
  version: () => number,
  load: () => Promise<V>,
): Promise<V> {
  const v = version();
  const hit = cache.get(key, v);
  if (hit !== undefined) return hit;
  let loads = loadsOf.get(cache);
  if (!loads) {
    loads = new LoadsUnderWay(cache);
    loadsOf.set(cache, loads);
  }
  const under = loads.joinable(key, v);
  if (under) return under.value as Promise<V>;
  const at = cacheNow();
  const value = (await loads.track([key], () => v, at, undefined, load())) as V;
  // undefined is a miss to `get`: keeping it would only take the room of a real entry (an
  // unknown partner token, probed at will, must not push known ones out).
  if (value !== undefined) cache.set(key, value, v, at);
  return value;
}
