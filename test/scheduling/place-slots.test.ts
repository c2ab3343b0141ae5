// The per-place read model of availability (core/scheduling/place-slots.ts): exact after every
// change made in this process, holds counted until they run out, and a start-up load that
// later reads are served from.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SlotAvailability } from '../../src/core/scheduling/availability.js';
import { book, cancel } from '../../src/core/scheduling/bookings.js';
import { seatsChanged } from '../../src/core/scheduling/changes.js';
import {
  slotsBetween,
  upcomingSlots,
  upcomingSlotsOf,
  warmUpcomingSlots,
} from '../../src/core/scheduling/place-slots.js';
import { setCacheClock } from '../../src/core/shared/ttl-cache.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant, placeWithSlots } from '../helpers/fixtures.js';

const at = (iso: string) => ({ start_at: iso }) as SlotAvailability;

describe('slotsBetween', () => {
  const slots = ['2030-01-01T09:00:00.000Z', '2030-01-01T10:00:00.000Z', '2030-01-02T09:00:00.000Z'].map(at);
  it('takes the slots starting in [from, to), by binary search on the sorted starts', () => {
    const starts = (from: string, to: string) => slotsBetween(slots, from, to).map((s) => s.start_at);
    assert.deepEqual(starts('2030-01-01T00:00:00.000Z', '2030-01-02T00:00:00.000Z'), [
      '2030-01-01T09:00:00.000Z',
      '2030-01-01T10:00:00.000Z',
    ]);
    assert.deepEqual(starts('2030-01-01T10:00:00.000Z', '2030-01-01T10:00:00.001Z'), ['2030-01-01T10:00:00.000Z']);
    assert.deepEqual(starts('2030-01-01T09:00:00.001Z', '2030-01-01T10:00:00.000Z'), []);
    assert.deepEqual(starts('2029-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z').length, 3);
    assert.deepEqual(starts('2031-01-01T00:00:00.000Z', '2032-01-01T00:00:00.000Z'), []);
  });
});

describe('upcoming slots per place', () => {
  let t: TestDb;
  let clock = 0;
  before(async () => {
    t = await testDb({ seeded: false });
    // A clock that moves only when a test moves it: entries do not age out, so versions decide.
    setCacheClock(() => clock);
  });
  after(async () => {
    setCacheClock(undefined);
    await assertSeatInvariant(t.store);
    await t.drop();
  });

  const placeOf = async (slotId: number) =>
    (await t.store.db.selectFrom('slots').select('place_id').where('id', '=', slotId).executeTakeFirstOrThrow())
      .place_id;
  const free = async (place: number, now: Date) =>
    (await upcomingSlots(t.store.db, place, now)).slots.map((s) => s.available);

  it('shows a booking, a hold and a cancellation at once, and a hold as free once it has run out', async () => {
    const [first] = await placeWithSlots(t.store, [3, 5]);
    const place = await placeOf(first);
    const now = new Date();
    assert.deepEqual(await free(place, now), [3, 5]);
    const confirmed = await book(t.store, { slotId: first, status: 'confirmed', channel: 'test' });
    assert.deepEqual(await free(place, now), [2, 5]);
    const held = await book(t.store, { slotId: first, seats: 2, status: 'held', holdMinutes: 10, channel: 'test' });
    assert.deepEqual(await free(place, now), [0, 5]);
    const { validUntil } = await upcomingSlots(t.store.db, place, now);
    assert.equal(validUntil, held.booking.hold_expires_at, 'exact until the hold runs out');
    const afterHold = new Date(Date.parse(held.booking.hold_expires_at!) + 1);
    assert.deepEqual(await free(place, afterHold), [2, 5], 'a hold that ran out counts as free, before any sweep');
    await cancel(t.store, confirmed.booking.id);
    assert.deepEqual(await free(place, now), [1, 5]);
    await cancel(t.store, held.booking.id);
  });

  it('serves what the start-up load read until the place changes', async () => {
    const [slot] = await placeWithSlots(t.store, [4]);
    const [other] = await placeWithSlots(t.store, [6]);
    const places = [await placeOf(slot), await placeOf(other)];
    const now = new Date();
    assert.equal(await warmUpcomingSlots(t.store.db, places, { chunk: 1, now: () => now }), 2);
    // A write no version hears of (same connection, outside the core): the loaded entry is served.
    await t.store.db.updateTable('slots').set({ capacity: 9 }).where('id', '=', other).execute();
    assert.deepEqual(await free(places[1], now), [6], 'served from the start-up load');
    const b = await book(t.store, { slotId: slot, status: 'confirmed', channel: 'test' });
    assert.deepEqual(await free(places[0], now), [3], 'a booking at the place reloads it');
    assert.deepEqual(await free(places[1], now), [6], 'and only it');
    await cancel(t.store, b.booking.id);
    await t.store.db.updateTable('slots').set({ capacity: 6 }).where('id', '=', other).execute();
  });

  it('reads several places at once, keeping what is current and reading the rest together', async () => {
    const [a] = await placeWithSlots(t.store, [2, 3]);
    const [b] = await placeWithSlots(t.store, [7]);
    const places = [await placeOf(a), await placeOf(b)];
    const now = new Date();
    assert.deepEqual(await free(places[0], now), [2, 3], 'the first place is now kept');
    const booked = await book(t.store, { slotId: b, status: 'confirmed', channel: 'test' });
    const both = await upcomingSlotsOf(t.store.db, places, now);
    assert.deepEqual(
      places.map((id) => both.get(id)!.slots.map((s) => s.available)),
      [[2, 3], [6]],
    );
    assert.equal(both.get(places[0]), await upcomingSlots(t.store.db, places[0], now), 'the kept entry itself');
    await cancel(t.store, booked.booking.id);
  });

  it('shares one read among the requests that miss a place together, unless it changed in between', async () => {
    const [slot] = await placeWithSlots(t.store, [5]);
    const place = await placeOf(slot);
    const now = new Date();
    const first = upcomingSlotsOf(t.store.db, [place], now);
    const second = upcomingSlots(t.store.db, place, now);
    const [a, b] = [(await first).get(place)!, await second];
    assert.equal(b, a, 'the second request waited for the first one to read the place');
    assert.deepEqual(
      a.slots.map((s) => s.available),
      [5],
    );
    // A change acknowledged while a read is under way: a request after it does not wait for that read.
    const before = upcomingSlots(t.store.db, place, now);
    seatsChanged(t.store.db, place);
    const afterChange = upcomingSlots(t.store.db, place, now);
    assert.notEqual(await afterChange, await before, 'read again after the change');
    // A request at an earlier instant than the read under way does not take its answer either.
    seatsChanged(t.store.db, place);
    const later = upcomingSlots(t.store.db, place, now);
    const earlier = upcomingSlots(t.store.db, place, new Date(now.getTime() - 1));
    assert.notEqual(await earlier, await later, 'an answer read at a later instant is not given to an earlier one');
    // Nor does a request join a read under way for longer than the time to live (no process
    // watches this database's other writers here, so that is the 1 s bound).
    seatsChanged(t.store.db, place);
    const slow = upcomingSlots(t.store.db, place, now);
    clock += 5_000;
    const next = upcomingSlots(t.store.db, place, now);
    assert.notEqual(await next, await slow, 'a read older than the bound is not shared');
    clock = 0;
  });

  it('stops loading when told to', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    assert.equal(await warmUpcomingSlots(t.store.db, [await placeOf(slot)], { stopped: () => true }), 0);
  });
});
