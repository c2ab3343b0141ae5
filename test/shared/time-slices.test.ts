// Start-up work in slices (src/core/shared/time-slices.ts): every item in order, an early
// stop on request, and the event loop given back between slices (and only then).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inTimeSlices } from '../../src/core/shared/time-slices.js';

describe('inTimeSlices', () => {
  it('steps through every item in order, sync and async steps alike', async () => {
    const seen: number[] = [];
    const n = await inTimeSlices([1, 2, 3], (i) => {
      seen.push(i);
      return true;
    });
    assert.equal(n, 3);
    const later = await inTimeSlices(new Set([4, 5]), async (i) => {
      await Promise.resolve();
      seen.push(i);
      return undefined;
    });
    assert.equal(later, 2);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  });

  it('stops at the step that returns false, and when stopped() says so', async () => {
    const seen: number[] = [];
    assert.equal(
      await inTimeSlices([1, 2, 3, 4], (i) => {
        seen.push(i);
        return i < 2;
      }),
      2,
    );
    assert.deepEqual(seen, [1, 2]);
    let stop = false;
    const ran: number[] = [];
    const n = await inTimeSlices(
      [1, 2, 3],
      (i) => {
        ran.push(i);
        stop = i === 2;
        return true;
      },
      { stopped: () => stop },
    );
    assert.equal(n, 2);
    assert.deepEqual(ran, [1, 2]);
  });

  it('gives the event loop back once a slice has run its time, not before', async () => {
    // A slice of 0 ms is over after every item: a callback queued on the loop runs between them.
    const order: string[] = [];
    setImmediate(() => order.push('loop'));
    await inTimeSlices(['a', 'b'], (x) => void order.push(x), { sliceMs: 0 });
    assert.deepEqual(order.slice(0, 2), ['a', 'loop']);
    // A slice that never ends keeps the loop until the last item.
    const held: string[] = [];
    setImmediate(() => held.push('loop'));
    await inTimeSlices(['a', 'b', 'c'], (x) => void held.push(x), { sliceMs: Number.POSITIVE_INFINITY });
    assert.deepEqual(held, ['a', 'b', 'c']);
  });
});
