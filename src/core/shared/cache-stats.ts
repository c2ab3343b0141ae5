// Hits and misses of the read model's caches, counted where each cache answers: plain counters
// in the process (an increment on the request path, nothing else), which /metrics reads as
// careslot_read_cache_total{cache, result} when it is scraped (src/observability.ts).
export type CacheName = 'place_slots' | 'centre_listing' | 'centre_time_slots' | 'v2_sessions' | 'kids_browse';

const counts = new Map<string, number>();

/** Count `n` answers of `cache`: hits (answered from memory) or misses (read from the database). */
export function countCache(cache: CacheName, hit: boolean, n = 1): void {
  if (n <= 0) return;
  const key = `${cache}|${hit ? 'hit' : 'miss'}`;
  counts.set(key, (counts.get(key) ?? 0) + n);
}

/** Every count so far in this process, by cache and result. */
export function cacheCounts(): { cache: CacheName; result: 'hit' | 'miss'; count: number }[] {
  return [...counts].map(([key, count]) => {
    const [cache, result] = key.split('|') as [CacheName, 'hit' | 'miss'];
    return { cache, result, count };
  });
}
