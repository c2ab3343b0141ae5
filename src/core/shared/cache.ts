// Small in-process caches for hot reads. Entries are bounded in number (oldest first out) and
// in age (a time to live, read from a clock that tests can replace), and each remembers the
// version of its source read before the database was queried: an entry is served only while
// that version is unchanged, so a change made in this process shows at once, and a change made
// by another process (a second server, the CLI) after at most the time to live.

let clock: () => number = Date.now;

/** The clock of every read cache (milliseconds); tests replace it, `undefined` restores Date.now. */
export function setCacheClock(fn: (() => number) | undefined): void {
  clock = fn ?? Date.now;
}

export function cacheNow(): number {
  return clock();
}

interface Entry<V> {
  value: V;
  version: number;
  /** Clock time (ms) until which the entry may be served. */
  until: number;
}

export class ReadCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value of `key` if it was stored at `version`, that version is current and it has not expired. */
  get(key: K, version: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.version !== version || clock() >= e.until) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Remember `value`, read at `version` and clock time `readAt` (both taken before the read). */
  set(key: K, value: V, version: number, readAt: number): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.delete(key);
    this.entries.set(key, { value, version, until: readAt + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
