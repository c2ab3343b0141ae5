// Work done at start while requests are already being answered (the answers rendered ahead of
// their first request): a loop that gives the event loop back every few milliseconds, so a
// request that arrives meanwhile waits at most one slice, however many items there are and
// however long each one takes at this scale.

/** How long one slice of such work may hold the event loop. */
export const SLICE_MS = 10;

/**
 * Run `step` on each of `items` in order, giving the event loop back (setImmediate) whenever
 * the current slice has run `sliceMs`. Stops early when `stopped()` or when `step` returns
 * false. Gives how many items `step` ran on.
 */
export async function inTimeSlices<T>(
  items: Iterable<T>,
  step: (item: T) => boolean | undefined | Promise<boolean | undefined>,
  options: { stopped?: () => boolean; sliceMs?: number } = {},
): Promise<number> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let n = 0;
  let sliceStart = performance.now();
  for (const item of items) {
    if (options.stopped?.()) break;
    n++;
    if ((await step(item)) === false) break;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  }
  return n;
}
