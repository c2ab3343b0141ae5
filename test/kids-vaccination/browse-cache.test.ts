// /browse caches each provider's day of slots: in one process a booking, a cancellation or a
// hold running out must show in the very next answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { browse } from '../../src/core/kids/catalogue.js';
import { book, cancel, confirm } from '../../src/core/scheduling/bookings.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { type PartnerClient, sandboxPartner } from '../helpers/partner.js';
import { browseFor, daysAhead, PRD, RIYADH } from './fixtures.js';

describe('kids /browse sees every change made in this process at once', () => {
  let t: TestApp;
  let p: PartnerClient;
  before(async () => {
    t = await testApp();
    p = sandboxPartner(t.app, t.config);
  });
  after(() => t.close());

  const seatsOf = async (slotId: string, date: string) => {
    for (const prov of await browseFor(p, ['kv-hexa'], { date }))
      for (const s of prov.slots) if (s.id === slotId) return s.available;
    return 0;
  };

  it('a booking takes its seats from the next /browse, a cancellation gives them back', async () => {
    const date = daysAhead(2);
    const [first] = await browseFor(p, ['kv-hexa'], { date });
    const slot = first.slots[0];
    assert.equal(await seatsOf(slot.id, date), slot.available, 'cached answer still the same');
    const { booking } = await book(t.store, { slotId: Number(slot.id), status: 'confirmed', channel: 'test' });
    assert.equal(await seatsOf(slot.id, date), slot.available - 1);
    await cancel(t.store, booking.id);
    assert.equal(await seatsOf(slot.id, date), slot.available);
  });

  it('a slot booked full is no longer offered', async () => {
    const date = daysAhead(3);
    const [first] = await browseFor(p, ['kv-hexa'], { date });
    const slot = first.slots[0];
    await book(t.store, { slotId: Number(slot.id), seats: slot.available, status: 'confirmed', channel: 'test' });
    const again = await browseFor(p, ['kv-hexa'], { date });
    assert.ok(!again.some((x) => x.slots.some((s) => s.id === slot.id)));
  });

  it('an expired hold gives its seats back; a hold confirmed in time keeps them after its expiry', async () => {
    const date = daysAhead(4);
    const now = new Date();
    const q = { prdId: PRD, services: ['kv-hexa'], date, location: RIYADH };
    const seats = async (at: Date, id: number) =>
      (await browse(t.store.db, { ...q, now: at })).flatMap((x) => x.slots).find((s) => s.id === String(id))
        ?.available ?? 0;
    const [a, b] = (await browse(t.store.db, { ...q, now }))[0].slots;
    const idA = Number(a.id);
    const idB = Number(b.id);
    await book(t.store, { slotId: idA, status: 'held', holdMinutes: 1, channel: 'test', now });
    const held = await book(t.store, { slotId: idB, status: 'held', holdMinutes: 1, channel: 'test', now });
    assert.equal(await seats(now, idA), a.available - 1);
    assert.equal(await seats(now, idB), b.available - 1);
    // Confirmed within its hold: no seat changes hands, so nothing tells the cache.
    await confirm(t.store, held.booking.id, new Date(now.getTime() + 30_000));
    const later = new Date(now.getTime() + 2 * 60_000);
    assert.equal(await seats(later, idA), a.available, 'the expired hold counts as free');
    assert.equal(await seats(later, idB), b.available - 1, 'the confirmed booking still holds its seat');
  });
});
