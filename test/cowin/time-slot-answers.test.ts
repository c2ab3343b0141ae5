// v1's time-slot answers (CentreCache.timeSlotsOf) are kept as the bytes sent, bounded by
// their bytes (ANSWER_CACHE_MB) rather than by a count of centres: India scale asks for
// 100,000 centres' answers, which a fixed bound of 50,000 entries kept half of.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CentreCache } from '../../src/core/cowin/centre-cache.js';
import type { Centre } from '../../src/core/cowin/centres.js';
import type { SlotAvailability } from '../../src/core/scheduling/availability.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { createCentre, isoDate, type TestCentre } from './appointment-fixtures.js';

describe('v1 time-slot answers', () => {
  let t: TestApp;
  let a: TestCentre;
  let b: TestCentre;
  before(async () => {
    t = await testApp();
    a = await createCentre(t.store, [5, 5], 1);
    b = await createCentre(t.store, [7], 1);
  });
  after(async () => {
    await t.close();
  });

  /** A render that counts its calls and writes a non-ASCII name, as a localised answer would. */
  function counting() {
    const state = { renders: 0 };
    const render = (centre: Centre | undefined, slots: SlotAvailability[]) =>
      `{"n":${++state.renders},"centre":${centre?.id},"free":${slots.reduce((s, x) => s + x.available, 0)},"name":"टीका केंद्र"}`;
    return { state, render };
  }

  type Render = ReturnType<typeof counting>['render'];
  /** The centre's answer for the day of its first slot, an hour before that slot, as kept. */
  function bytesOf(cache: CentreCache, c: TestCentre, render: Render) {
    const day = isoDate(c.slots[0].date);
    const now = new Date(Date.parse(c.slots[0].start_at) - 3_600_000);
    return cache.timeSlotsOf(c.id, day, day, render, now);
  }
  const ask = async (cache: CentreCache, c: TestCentre, render: Render) =>
    JSON.parse(String(await bytesOf(cache, c, render)));

  it('keeps the answer as its UTF-8 bytes', async () => {
    const { render } = counting();
    const cache = new CentreCache(t.store.db, t.config.readCacheMs, 2 ** 20);
    const bytes = await bytesOf(cache, a, render);
    const text = `{"n":1,"centre":${a.id},"free":5,"name":"टीका केंद्र"}`;
    assert.ok(Buffer.isBuffer(bytes));
    assert.ok(bytes.equals(Buffer.from(text, 'utf8')));
    assert.ok(bytes.length > text.length, 'its length in bytes, not characters');
    assert.deepEqual(await ask(cache, a, render), { n: 1, centre: a.id, free: 5, name: 'टीका केंद्र' }, 'kept');
  });

  it('makes room by bytes: the oldest answer goes when another would not fit', async () => {
    const { state, render } = counting();
    // Room for one short answer (its bytes and the entry's: about 500 bytes), not two.
    const small = new CentreCache(t.store.db, t.config.readCacheMs, 700);
    assert.equal((await ask(small, a, render)).n, 1);
    assert.equal((await ask(small, a, render)).n, 1, 'kept');
    assert.equal((await ask(small, b, render)).n, 2);
    assert.equal((await ask(small, a, render)).n, 3, "b's answer took its room: a is rendered again");
    assert.equal(state.renders, 3);

    const roomy = counting();
    const cache = new CentreCache(t.store.db, t.config.readCacheMs, t.config.answerCacheMb * 2 ** 20);
    assert.equal((await ask(cache, a, roomy.render)).n, 1);
    assert.equal((await ask(cache, b, roomy.render)).n, 2);
    assert.deepEqual(
      [(await ask(cache, a, roomy.render)).n, (await ask(cache, b, roomy.render)).n],
      [1, 2],
      'with the default budget both stay',
    );
  });
});
