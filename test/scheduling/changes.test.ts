// Availability versions for in-process caches: bumped after a commit that changed seats or
// slots, never by a rolled-back transaction, never before the commit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { book, cancel } from '../../src/core/scheduling/bookings.js';
import { placeVersion } from '../../src/core/scheduling/changes.js';
import { takeSeats } from '../../src/core/scheduling/seats.js';
import { testDb, type TestDb } from '../helpers/db.js';
import { assertSeatInvariant, placeWithSlots } from '../helpers/fixtures.js';

describe('availability versions', () => {
  let t: TestDb;
  before(async () => {
    t = await testDb({ seeded: false });
  });
  after(async () => {
    await assertSeatInvariant(t.store);
    await t.drop();
  });

  const placeOf = async (slotId: number) =>
    (await t.store.db.selectFrom('slots').select('place_id').where('id', '=', slotId).executeTakeFirstOrThrow())
      .place_id;

  it('a booking and a cancellation each bump their place once committed, and only their place', async () => {
    const [slot] = await placeWithSlots(t.store, [3]);
    const [other] = await placeWithSlots(t.store, [3]);
    const place = await placeOf(slot);
    const v0 = placeVersion(place);
    const w0 = placeVersion(await placeOf(other));
    const { booking } = await book(t.store, { slotId: slot, status: 'confirmed', channel: 'test' });
    const v1 = placeVersion(place);
    assert.notEqual(v1, v0);
    await cancel(t.store, booking.id);
    assert.notEqual(placeVersion(place), v1);
    assert.equal(placeVersion(await placeOf(other)), w0);
  });

  it('inside the transaction nothing is bumped yet, and a rollback bumps nothing', async () => {
    const [slot] = await placeWithSlots(t.store, [3]);
    const place = await placeOf(slot);
    const v0 = placeVersion(place);
    await assert.rejects(
      t.store.tx(async (trx) => {
        assert.equal(await takeSeats(trx, slot, 1, new Date()), true);
        assert.equal(placeVersion(place), v0, 'bumped before the commit');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(placeVersion(place), v0);
    await t.store.tx((trx) => takeSeats(trx, slot, 1, new Date()));
    assert.notEqual(placeVersion(place), v0);
    await t.store.db.updateTable('slots').set({ booked: 0 }).where('id', '=', slot).execute();
  });

  it('new slots bump every place', async () => {
    const [slot] = await placeWithSlots(t.store, [1]);
    const place = await placeOf(slot);
    const v0 = placeVersion(place);
    await placeWithSlots(t.store, [1]);
    assert.notEqual(placeVersion(place), v0);
  });
});
