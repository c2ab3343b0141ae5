// The in-process cache under every read cache: entries are served only at the version they
// were read at and within their time to live, and the map is bounded by a number of entries
// and, when given one, by the total weight of its values, the oldest going first.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { cached, setCacheClock, TtlCache } from '../../src/core/shared/ttl-cache.js';

const text = (n: number) => 'x'.repeat(n);

describe('TtlCache', () => {
  let clock = 0;
  afterEach(() => setCacheClock(undefined));

  it('serves an entry only at its version and within its time to live', () => {
    setCacheClock(() => clock);
    clock = 1000;
    const c = new TtlCache<string, string>(100, 10);
    c.set('a', 'one', 7);
    assert.equal(c.get('a', 7), 'one');
    assert.equal(c.get('a', 8), undefined, 'another version');
    c.set('a', 'one', 7);
    clock = 1100;
    assert.equal(c.get('a', 7), undefined, 'past its time to live');
  });

  it('drops the oldest entry when the number of entries is reached', () => {
    const c = new TtlCache<string, string>(60_000, 2);
    c.set('a', '1');
    c.set('b', '2');
    c.set('c', '3');
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => c.get(k)),
      [undefined, '2', '3'],
    );
  });

  it('drops the oldest entries while the weight would pass its bound, and keeps its weight exact', () => {
    const c = new TtlCache<string, string>(60_000, 100, { weigh: (v) => v.length, maxWeight: 100 });
    c.set('a', text(40));
    c.set('b', text(40));
    assert.equal(c.weight, 80);
    c.set('c', text(30)); // 110 > 100: the oldest (a) goes
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b')?.length, 40);
    assert.equal(c.weight, 70);
    c.set('b', text(10)); // replacing an entry counts only its new value
    assert.equal(c.weight, 40);
    c.delete('c');
    assert.equal(c.weight, 10);
    c.set('big', text(101)); // heavier than the whole bound: not kept, nothing dropped for it
    assert.equal(c.get('big'), undefined);
    assert.equal(c.get('b')?.length, 10);
    assert.equal(c.weight, 10);
    c.clear();
    assert.equal(c.weight, 0);
  });

  it('drops entries in the order they were last set, through replacements, deletions and expiries', () => {
    // A model: a Map re-inserted on every set keeps exactly that order. Thousands of steps, so
    // the queue behind the cache is rebuilt and trimmed many times over.
    setCacheClock(() => clock);
    clock = 0;
    const max = 50;
    const c = new TtlCache<number, number>(1000, max, { weigh: (v) => v, maxWeight: 400 });
    const model = new Map<number, { value: number; at: number }>();
    let seed = 7;
    const random = (n: number) => {
      // mulberry32: a fixed sequence, so a failure is the same on every run.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let step = 0; step < 20_000; step++) {
      clock += random(3);
      const key = random(120);
      const op = random(10);
      if (op < 7) {
        const value = 1 + random(20);
        c.set(key, value);
        model.delete(key);
        let weight = 0;
        for (const e of model.values()) weight += e.value;
        for (const k of model.keys()) {
          if (model.size < max && weight + value <= 400) break;
          weight -= model.get(k)!.value;
          model.delete(k);
        }
        model.set(key, { value, at: clock });
      } else if (op < 8) {
        c.delete(key);
        model.delete(key);
      } else {
        const kept = model.get(key);
        const fresh = kept !== undefined && clock - kept.at < 1000 ? kept.value : undefined;
        if (kept !== undefined && fresh === undefined) model.delete(key);
        assert.equal(c.get(key), fresh, `step ${step}: key ${key}`);
      }
      if (step % 1000 === 0) {
        let weight = 0;
        for (const e of model.values()) weight += e.value;
        assert.equal(c.weight, weight, `step ${step}: the weight kept`);
      }
    }
    for (let key = 0; key < 120; key++) {
      const kept = model.get(key);
      assert.equal(c.get(key), kept !== undefined && clock - kept.at < 1000 ? kept.value : undefined, `key ${key}`);
    }
  });

  it('forgets the weight of an entry that expires', () => {
    setCacheClock(() => clock);
    clock = 0;
    const c = new TtlCache<string, string>(50, 100, { weigh: (v) => v.length, maxWeight: 100 });
    c.set('a', text(60));
    clock = 60;
    assert.equal(c.get('a'), undefined);
    assert.equal(c.weight, 0);
    c.set('b', text(100));
    assert.equal(c.get('b')?.length, 100, 'the whole bound is free again');
  });

  it('runs one load for the callers that miss a key together, at one version and within the time to live', async () => {
    setCacheClock(() => clock);
    clock = 0;
    const c = new TtlCache<string, string>(100, 10);
    let loads = 0;
    let version = 1;
    const load = async () => `load ${++loads}`;
    const read = () => cached(c, 'k', () => version, load);
    assert.deepEqual(await Promise.all([read(), read(), read()]), ['load 1', 'load 1', 'load 1']);
    assert.equal(loads, 1, 'one load for the three misses');
    assert.equal(await read(), 'load 1', 'then kept');
    version = 2;
    const before = read();
    version = 3; // a change between two misses: the second does not take the first one's load
    const after = read();
    assert.deepEqual([await before, await after], ['load 2', 'load 3']);
    version = 4;
    const slow = read();
    clock += 100; // the load has been under way for the whole time to live
    const late = read();
    assert.deepEqual([await slow, await late], ['load 4', 'load 5']);
    let fail = true;
    let attempts = 0;
    const failing = () =>
      cached(
        c,
        'f',
        () => version,
        async () => {
          attempts++;
          if (fail) throw new Error('database gone');
          return 'back';
        },
      );
    const results = await Promise.allSettled([failing(), failing()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
      'a failed load fails every caller that waited for it',
    );
    assert.equal(attempts, 1, 'one attempt for both');
    fail = false;
    assert.equal(await failing(), 'back', 'and is not kept: the next miss loads again');
  });
});
